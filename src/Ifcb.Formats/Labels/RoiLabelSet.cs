using Ifcb.Data;

namespace Ifcb.Formats.Labels;

/// <summary>
/// Labelled ROIs gathered from label sources: <c>pid,class</c> CSV files, ifcb-analysis manual-annotation
/// <c>{bin id}.mat</c> files, and folders of such <c>.mat</c> files. One label per ROI: the same ROI labelled twice
/// with the same class counts once; with two different classes it is an error naming both places.
/// </summary>
public sealed class RoiLabelSet
{
    private RoiLabelSet(IReadOnlyList<RoiLabel> labels, int unannotated, IReadOnlyList<string> notes)
    {
        Labels = labels;
        Unannotated = unannotated;
        Notes = notes;
    }

    /// <summary>The labels, in source order.</summary>
    public IReadOnlyList<RoiLabel> Labels { get; }

    /// <summary>ROIs listed in .mat files without a manual class (NaN), skipped.</summary>
    public int Unannotated { get; }

    /// <summary>What was skipped on the way (for logs).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>True when <paramref name="path"/> is read as ifcb-analysis annotations (a .mat file or a folder), not as CSV.</summary>
    public static bool IsAnnotation(string path) => Directory.Exists(path) || path.EndsWith(".mat", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads every source; a missing or malformed source is an <see cref="IfcbDataException"/> naming it.</summary>
    public static RoiLabelSet Load(IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var labels = new List<RoiLabel>();
        var byPid = new Dictionary<string, RoiLabel>(StringComparer.Ordinal);
        var notes = new List<string>();
        int unannotated = 0, annotationFiles = 0, duplicates = 0;
        void Add(IEnumerable<RoiLabel> read)
        {
            foreach (var label in read)
            {
                if (byPid.TryGetValue(label.Pid, out var first))
                {
                    if (!string.Equals(first.Class, label.Class, StringComparison.Ordinal))
                    {
                        throw new IfcbDataException(label.Source, $"{label.Pid} is labelled '{label.Class}' here but '{first.Class}' in {first.Source}");
                    }

                    duplicates++;
                    continue;
                }

                byPid[label.Pid] = label;
                labels.Add(label);
            }
        }

        void AddAnnotation(string file)
        {
            var result = ManualAnnotationFile.Read(file);
            unannotated += result.Unannotated;
            annotationFiles++;
            Add(result.Labels);
        }

        foreach (var source in sources)
        {
            if (Directory.Exists(source))
            {
                var files = Directory.EnumerateFiles(source, "*.mat").Order(StringComparer.Ordinal).ToList();
                var named = files.Where(ManualAnnotationFile.IsAnnotationFileName).ToList();
                if (named.Count == 0)
                {
                    throw new IfcbDataException(source, "no ifcb-analysis annotation files ({bin id}.mat) in this folder");
                }

                var others = files.Except(named).Select(Path.GetFileName).ToList();
                if (others.Count > 0)
                {
                    notes.Add($"{source}: .mat files not named after a bin, skipped: {string.Join(", ", others)}");
                }

                named.ForEach(AddAnnotation);
            }
            else if (!File.Exists(source))
            {
                throw new IfcbDataException(source, "label file not found");
            }
            else if (IsAnnotation(source))
            {
                AddAnnotation(source);
            }
            else
            {
                Add(RoiLabelCsv.Read(source));
            }
        }

        if (unannotated > 0)
        {
            notes.Add($"{unannotated} ROIs without a manual class (NaN) in {annotationFiles} annotation files, skipped");
        }

        if (duplicates > 0)
        {
            notes.Add($"{duplicates} repeated labels (same ROI, same class) counted once");
        }

        return new RoiLabelSet(labels, unannotated, notes);
    }
}
