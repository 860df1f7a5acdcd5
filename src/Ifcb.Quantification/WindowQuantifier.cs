namespace Ifcb.Quantification;

/// <summary>
/// EM prior re-estimation per time window (Saerens et al. 2002 on the pooled ROIs): the prior is estimated once from
/// every ROI of the window's bins (more ROIs, less noise than one bin's), then each bin's counts are the sums of its
/// ROIs' probabilities re-weighted to that prior. A bin whose mix differs from the window's is pulled towards it:
/// the window should be short next to the changes that matter (a bloom, the day/night cycle).
/// <para>
/// Intervals: the parametric bootstrap of <see cref="BinQuantifier"/>'s EM for the whole window: every replicate
/// redraws the mean probability rows (another validation set), simulates each bin's ROIs at its estimated counts,
/// re-runs the pooled EM and applies it per bin; the interval is the point minus the replicates' errors.
/// </para>
/// </summary>
public static class WindowQuantifier
{
    /// <summary>
    /// Corrects the bins of one window: <paramref name="bins"/> holds each bin's row-major ROIs x
    /// <paramref name="classCount"/> calibrated probabilities; <paramref name="seedKey"/> (e.g. the first bin id) makes
    /// the bootstrap reproducible. Returns one <see cref="BinQuantification"/> per bin, in order.
    /// </summary>
    public static IReadOnlyList<BinQuantification> QuantifyEm(IReadOnlyList<float[]> bins, int classCount, CorrectionModel model, QuantificationOptions options, string seedKey)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (model.ClassCount != classCount)
        {
            throw new ArgumentException($"em needs the model's validation estimates for {classCount} classes");
        }

        var sizes = bins.Select(b => b.Length / classCount).ToArray();
        var pooled = bins.SelectMany(b => b).ToArray();
        var prior = ExpectationMaximization.Run(pooled, classCount, model.Prior);
        var points = bins.Select(b => ExpectationMaximization.Posteriors(b, classCount, model.Prior, prior)).ToArray();
        var lows = points.Select(p => (double[])p.Clone()).ToArray();
        var highs = points.Select(p => (double[])p.Clone()).ToArray();
        if (options.Bootstrap > 0 && pooled.Length > 0)
        {
            var sampling = new Sampling(Sampling.SeedOf(seedKey));
            var worlds = points.Select((p, b) => Sampling.Round(p, sizes[b])).ToArray();
            var errors = bins.Select(_ => Enumerable.Range(0, classCount).Select(_ => new double[options.Bootstrap]).ToArray()).ToArray();
            var simulated = new float[worlds.Sum(w => w.Sum()) * classCount];
            for (var r = 0; r < options.Bootstrap; r++)
            {
                var means = BinQuantifier.ResampleMeanRows(model, sampling);
                var offset = 0;
                foreach (var world in worlds)
                {
                    var length = world.Sum() * classCount;
                    BinQuantifier.SimulateRows(model, means, world, sampling, simulated.AsSpan(offset, length));
                    offset += length;
                }

                var replicatePrior = ExpectationMaximization.Run(simulated, classCount, model.Prior, default, prior);
                offset = 0;
                for (var b = 0; b < bins.Count; b++)
                {
                    var length = worlds[b].Sum() * classCount;
                    var counts = ExpectationMaximization.Posteriors(simulated.AsSpan(offset, length), classCount, model.Prior, replicatePrior);
                    offset += length;
                    for (var c = 0; c < classCount; c++)
                    {
                        errors[b][c][r] = counts[c] - worlds[b][c];
                    }
                }
            }

            var tail = (1 - options.Confidence) / 2;
            for (var b = 0; b < bins.Count; b++)
            {
                for (var c = 0; c < classCount; c++)
                {
                    Array.Sort(errors[b][c]);
                    lows[b][c] = Math.Clamp(Math.Min(points[b][c], points[b][c] - Sampling.Quantile(errors[b][c], 1 - tail)), 0, sizes[b]);
                    highs[b][c] = Math.Clamp(Math.Max(points[b][c], points[b][c] - Sampling.Quantile(errors[b][c], tail)), 0, sizes[b]);
                }
            }
        }

        return [.. points.Select((p, b) => new BinQuantification(QuantificationMethod.Em, [.. Enumerable.Range(0, classCount).Select(c =>
            model.Estimates.Support[c] == 0 ? ClassEstimate.Flagged("low_support:n=0") : new ClassEstimate(p[c], lows[b][c], highs[b][c]))]))];
    }
}
