using System.Collections.Concurrent;
using System.Globalization;
using Ifcb.Quantification;

namespace Ifcb.Inference.Summary;

/// <summary>
/// How a classify run corrects its per-bin counts (<c>--correct</c>): the method, the model's validation estimates,
/// the bootstrap settings, and for the validated method the pids of the human-validated ROIs whose predictions the
/// pipeline collects (the correction itself then runs once every bin is done).
/// </summary>
public sealed class CountCorrection
{
    /// <summary>No correction.</summary>
    public static CountCorrection None { get; } = new() { Method = QuantificationMethod.None };

    /// <summary>The method.</summary>
    public required QuantificationMethod Method { get; init; }

    /// <summary>The validation estimates (ACC, PACC, EM).</summary>
    public CorrectionModel? Model { get; init; }

    /// <summary>Bootstrap settings of the intervals.</summary>
    public QuantificationOptions Options { get; init; } = new();

    /// <summary>Pids of validated ROIs (validated method), or null.</summary>
    public IReadOnlySet<string>? ValidatedPids { get; init; }

    /// <summary>With the em method: the UTC window span whose bins share one prior estimate; null = per bin.</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>Each bin's probabilities, by bin id, kept for the per-window EM (filled while bins complete; ROIs x classes floats per bin).</summary>
    public ConcurrentDictionary<string, float[]> WindowScores { get; } = new(StringComparer.Ordinal);

    /// <summary>The arg-max class of every validated ROI the run scored, by pid (filled while bins complete).</summary>
    public ConcurrentDictionary<string, int> ValidatedPredictions { get; } = new(StringComparer.Ordinal);

    /// <summary>The per-bin correction of one bin's scores (none for the validated method: that waits for the run).</summary>
    public BinQuantification? Apply(string lid, IReadOnlyList<int> roiNumbers, ReadOnlySpan<float> scores, int classCount)
    {
        if (ValidatedPids is { Count: > 0 } pids)
        {
            for (var k = 0; k < roiNumbers.Count; k++)
            {
                var pid = string.Create(CultureInfo.InvariantCulture, $"{lid}_{roiNumbers[k]:D5}");
                if (pids.Contains(pid))
                {
                    ValidatedPredictions[pid] = EstimatesBuilder.ArgMax(scores.Slice(k * classCount, classCount));
                }
            }
        }

        if (Window is not null && Method == QuantificationMethod.Em)
        {
            // Corrected when the run is done (CorrectionSetup.Finish), once every bin of each window is in.
            WindowScores[lid] = scores.ToArray();
            return null;
        }

        return Method is QuantificationMethod.None or QuantificationMethod.Validated
            ? null
            : BinQuantifier.Quantify(scores, classCount, Method, Model, Options, lid);
    }
}
