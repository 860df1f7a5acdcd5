using System.Globalization;
using Ifcb.Data;
using Ifcb.Data.Ids;
using Ifcb.Evaluation;
using Ifcb.Formats.ClassScores;
using Ifcb.Formats.Labels;

namespace Ifcb.App;

/// <summary>
/// Scores a classify run against a ground-truth CSV (<c>pid,class</c>, as the synthetic generator writes and as
/// a lab's manual annotation exports look; read by <see cref="RoiLabelCsv"/>): every <c>*_class.h5</c> under the run
/// is read back with the same reader the tests use, and each ROI with a ground-truth label becomes one evaluation item.
/// </summary>
public static class GroundTruthScoring
{
    /// <summary>The evaluation input plus what could not be matched.</summary>
    public sealed record Scored(EvaluationInput Input, int ClassFiles, int Unmatched, int UnknownClass);

    /// <summary>Matches the class files under <paramref name="runFolder"/> with <paramref name="truthCsv"/>.</summary>
    public static Scored Run(string runFolder, string truthCsv)
    {
        var truth = RoiLabelSet.Load([truthCsv]).Labels.ToDictionary(l => l.Pid, l => l.Class, StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(runFolder, "*_class.h5", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        IReadOnlyList<string>? labels = null;
        Dictionary<string, int>? index = null;
        var trueClasses = new List<int>();
        var scores = new List<float>();
        var names = new List<string>();
        int unmatched = 0, unknown = 0;
        foreach (var file in files)
        {
            var scoresFile = ClassScoresV3Reader.Read(file);
            if (labels is null)
            {
                labels = scoresFile.ClassLabels;
                index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
            }
            else if (!labels.SequenceEqual(scoresFile.ClassLabels))
            {
                throw new IfcbDataException(file, "class labels differ from the other class files of this run");
            }

            for (var row = 0; row < scoresFile.RoiCount; row++)
            {
                var pid = BinId.FormatRoiId(scoresFile.BinId, checked((int)scoresFile.RoiNumbers[row]));
                if (!truth.TryGetValue(pid, out var label))
                {
                    unmatched++;
                    continue;
                }

                if (!index!.TryGetValue(label, out var cls))
                {
                    unknown++;
                    continue;
                }

                trueClasses.Add(cls);
                names.Add(pid);
                for (var c = 0; c < scoresFile.ClassCount; c++)
                {
                    scores.Add(scoresFile.Score(row, c));
                }
            }
        }

        if (labels is null)
        {
            throw new IfcbDataException(runFolder, "no *_class.h5 files found");
        }

        var input = new EvaluationInput { ClassLabels = labels, TrueClasses = [.. trueClasses], Scores = [.. scores], ItemNames = names };
        return new Scored(input, files.Count, unmatched, unknown);
    }
}
