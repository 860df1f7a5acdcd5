namespace Ifcb.Quantification;

/// <summary>
/// Corrects one bin's (or one time window's) class counts. Point estimates:
/// CC counts arg-max winners; PCC sums probabilities; ACC and PACC solve <see cref="SimplexLeastSquares"/> with the
/// confusion rates or the mean probability rows; EM runs <see cref="ExpectationMaximization"/>; the validated method
/// redistributes each predicted class's winners by the validated sample's shares. Counts are prevalences x ROIs.
/// <para>
/// Intervals (widened to contain the point estimate, kept within [0, ROIs]): ACC, PACC and EM use a parametric
/// bootstrap around the point estimate, because the target is the bin's realised counts and, given those, only the
/// classification of each ROI is random. Each replicate simulates a bin with the point estimate's counts in whole ROIs,
/// classified as the validation estimates say (ACC: winners from each class's confusion row; PACC: each class's mean
/// probability row from a Dirichlet with the spread of the mean of that many items; EM: every ROI's row from a
/// Dirichlet with its class's mean row and per-item variance), and re-estimates it with validation estimates redrawn
/// as another validation set would give them (ACC: multinomial confusion rows; PACC and EM: Dirichlet mean rows).
/// ACC and PACC take the replicates' percentiles; EM takes the point minus the replicates' errors (basic bootstrap),
/// so the bias that miscalibration gives EM widens or shifts its interval. CC, PCC and the validated method resample
/// the bin's ROIs (the validated method also redraws each predicted class's shares from its validated count).
/// </para>
/// </summary>
public static class BinQuantifier
{
    /// <summary>
    /// Corrects <paramref name="scores"/> (row-major ROIs x <paramref name="classCount"/> calibrated probabilities).
    /// <paramref name="model"/> is needed by ACC, PACC and EM, <paramref name="validated"/> by the validated method;
    /// <paramref name="seedKey"/> (the bin id) makes the bootstrap reproducible.
    /// </summary>
    public static BinQuantification Quantify(ReadOnlySpan<float> scores, int classCount, QuantificationMethod method, CorrectionModel? model, QuantificationOptions options, string seedKey, ValidatedSample? validated = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (method == QuantificationMethod.None)
        {
            return BinQuantification.None(classCount);
        }

        if (method.NeedsEstimates() && (model is null || model.ClassCount != classCount))
        {
            throw new ArgumentException($"{method.Name()} needs the model's validation estimates for {classCount} classes");
        }

        if (method == QuantificationMethod.Validated && (validated is null || validated.ClassCount != classCount))
        {
            throw new ArgumentException($"the validated method needs a validated sample for {classCount} classes");
        }

        var n = scores.Length / classCount;
        var predictions = new int[n];
        for (var k = 0; k < n; k++)
        {
            predictions[k] = EstimatesBuilder.ArgMax(scores.Slice(k * classCount, classCount));
        }

        var context = new Context(scores.ToArray(), predictions, classCount, method, model, validated);
        var point = context.Estimate(null, null);
        var low = new double[classCount];
        var high = new double[classCount];
        if (options.Bootstrap > 0 && n > 0)
        {
            var sampling = new Sampling(Sampling.SeedOf(seedKey));
            var replicates = new double[classCount][];
            for (var c = 0; c < classCount; c++)
            {
                replicates[c] = new double[options.Bootstrap];
            }

            var rows = new int[n];
            var world = method is QuantificationMethod.Acc or QuantificationMethod.Pacc or QuantificationMethod.Em ? Sampling.Round(point, n) : null;
            for (var b = 0; b < options.Bootstrap; b++)
            {
                double[] estimate;
                if (world is not null)
                {
                    estimate = context.Parametric(world, sampling, point);
                }
                else
                {
                    for (var k = 0; k < n; k++)
                    {
                        rows[k] = sampling.Index(n);
                    }

                    estimate = context.Estimate(rows, sampling, point);
                }

                for (var c = 0; c < classCount; c++)
                {
                    replicates[c][b] = estimate[c];
                }
            }

            if (method == QuantificationMethod.Em)
            {
                // EM is biased where the probabilities are miscalibrated: the simulated bins show by how much
                // (replicate - the simulated truth), and the interval is the point minus those errors (basic bootstrap).
                for (var c = 0; c < classCount; c++)
                {
                    for (var b = 0; b < options.Bootstrap; b++)
                    {
                        replicates[c][b] = point[c] - (replicates[c][b] - world![c]);
                    }
                }
            }

            var tail = (1 - options.Confidence) / 2;
            for (var c = 0; c < classCount; c++)
            {
                Array.Sort(replicates[c]);
                low[c] = Math.Clamp(Math.Min(point[c], Sampling.Quantile(replicates[c], tail)), 0, n);
                high[c] = Math.Clamp(Math.Max(point[c], Sampling.Quantile(replicates[c], 1 - tail)), 0, n);
            }
        }
        else
        {
            point.CopyTo(low, 0);
            point.CopyTo(high, 0);
        }

        var classes = new ClassEstimate[classCount];
        for (var c = 0; c < classCount; c++)
        {
            var note = context.Note(c);
            classes[c] = note is null ? new ClassEstimate(point[c], low[c], high[c]) : ClassEstimate.Flagged(note);
        }

        return new BinQuantification(method, classes);
    }

    /// <summary>The mean probability rows as another validation set might give them (Dirichlet around each row).</summary>
    internal static double[,] ResampleMeanRows(CorrectionModel model, Sampling sampling)
        => ResampleRows(model, (i, mean, draw) =>
        {
            if (double.IsPositiveInfinity(model.Concentration[i]))
            {
                mean.CopyTo(draw, 0);
            }
            else
            {
                sampling.Dirichlet(model.Concentration[i], mean, draw);
            }
        });

    /// <summary>
    /// PACC's mean rows as another validation set might give them: normal with the rows' covariance over the class's
    /// support when the estimates carry it, else the Dirichlet of <see cref="ResampleMeanRows"/>.
    /// </summary>
    internal static double[,] ResamplePaccRows(CorrectionModel model, Sampling sampling)
    {
        if (model.CovarianceFactor is not { } factors)
        {
            return ResampleMeanRows(model, sampling);
        }

        return ResampleRows(model, (i, mean, draw) =>
        {
            var n = model.Estimates.Support[i];
            if (n > 0)
            {
                sampling.MeanOfItems(model.CovarianceClasses![i], factors[i], mean, n, draw);
            }
            else
            {
                mean.CopyTo(draw, 0);
            }
        });
    }

    // Every class's mean row redrawn by drawRow(class, mean row, draw), in class order.
    private static double[,] ResampleRows(CorrectionModel model, Action<int, double[], double[]> drawRow)
    {
        var classCount = model.ClassCount;
        var rows = new double[classCount, classCount];
        var mean = new double[classCount];
        var draw = new double[classCount];
        for (var i = 0; i < classCount; i++)
        {
            for (var j = 0; j < classCount; j++)
            {
                mean[j] = model.MeanProbability[i, j];
            }

            drawRow(i, mean, draw);
            for (var j = 0; j < classCount; j++)
            {
                rows[i, j] = draw[j];
            }
        }

        return rows;
    }

    /// <summary>
    /// Probability rows of a simulated bin with <paramref name="world"/>[i] ROIs of class i, each a Dirichlet draw with
    /// the class's mean row (<paramref name="means"/>) and the validation rows' per-item variance, into <paramref name="items"/> (row-major).
    /// </summary>
    internal static void SimulateRows(CorrectionModel model, double[,] means, ReadOnlySpan<int> world, Sampling sampling, Span<float> items)
    {
        var classCount = model.ClassCount;
        var mean = new double[classCount];
        var draw = new double[classCount];
        var k = 0;
        for (var i = 0; i < classCount; i++)
        {
            for (var j = 0; j < classCount; j++)
            {
                mean[j] = means[i, j];
            }

            var a = model.ItemConcentration[i];
            for (var r = 0; r < world[i]; r++, k++)
            {
                if (double.IsPositiveInfinity(a))
                {
                    mean.CopyTo(draw, 0);
                }
                else
                {
                    sampling.Dirichlet(a, mean, draw);
                }

                for (var j = 0; j < classCount; j++)
                {
                    items[(k * classCount) + j] = (float)draw[j];
                }
            }
        }
    }

    // One bin's data and the per-method estimate, for the point (rows null) and for each bootstrap replicate.
    private sealed class Context(float[] scores, int[] predictions, int classCount, QuantificationMethod method, CorrectionModel? model, ValidatedSample? validated)
    {
        private readonly int _n = predictions.Length;

        public string? Note(int c)
        {
            if (model is not null && method.NeedsEstimates() && method != QuantificationMethod.Em && model.LowSupport[c])
            {
                return $"low_support:n={model.Estimates.Support[c]}";
            }

            if (method == QuantificationMethod.Em && model is not null && model.Estimates.Support[c] == 0)
            {
                return "low_support:n=0";
            }

            if (method == QuantificationMethod.Validated && validated!.PredictedTotal(c) == 0 && predictions.Contains(c))
            {
                return "not_validated";
            }

            return null;
        }

        public double[] Estimate(int[]? rows, Sampling? sampling, double[]? start = null)
        {
            var m = rows?.Length ?? _n;
            var result = new double[classCount];
            if (m == 0)
            {
                return result;
            }

            switch (method)
            {
                case QuantificationMethod.Cc:
                    return Winners(rows);
                case QuantificationMethod.Pcc:
                    for (var k = 0; k < m; k++)
                    {
                        var row = scores.AsSpan((rows?[k] ?? k) * classCount, classCount);
                        for (var c = 0; c < classCount; c++)
                        {
                            result[c] += row[c];
                        }
                    }

                    return result;
                case QuantificationMethod.Acc:
                    {
                        var observed = Winners(rows);
                        Scale(observed, 1.0 / m);
                        var rates = sampling is null ? model!.Rates : ResampleRates(sampling);
                        var p = SimplexLeastSquares.Solve(rates, observed, Prevalence(start));
                        Scale(p, m);
                        return p;
                    }

                case QuantificationMethod.Pacc:
                    {
                        var observed = new double[classCount];
                        for (var k = 0; k < m; k++)
                        {
                            var row = scores.AsSpan((rows?[k] ?? k) * classCount, classCount);
                            for (var c = 0; c < classCount; c++)
                            {
                                observed[c] += row[c];
                            }
                        }

                        Scale(observed, 1.0 / m);
                        var rates = sampling is null ? model!.MeanProbability : ResamplePaccRows(sampling);
                        var p = SimplexLeastSquares.Solve(rates, observed, Prevalence(start));
                        Scale(p, m);
                        return p;
                    }

                case QuantificationMethod.Em:
                    {
                        var p = ExpectationMaximization.Run(scores, classCount, model!.Prior, rows, Prevalence(start));
                        Scale(p, m);
                        return p;
                    }

                case QuantificationMethod.Validated:
                    {
                        var winners = Winners(rows);
                        for (var j = 0; j < classCount; j++)
                        {
                            if (winners[j] == 0)
                            {
                                continue;
                            }

                            var shares = sampling is null ? ValidatedShares(j) : ResampleValidated(j, sampling);
                            for (var i = 0; i < classCount; i++)
                            {
                                result[i] += winners[j] * shares[i];
                            }
                        }

                        return result;
                    }

                default:
                    throw new InvalidOperationException($"unknown method {method}");
            }
        }

        /// <summary>
        /// One parametric-bootstrap replicate around the point estimate: a simulated bin whose true counts are
        /// <paramref name="world"/> (the point estimate in whole ROIs), classified as the validation estimates say
        /// (ACC: each class's winners from a multinomial with its confusion row; PACC: each class's mean probability
        /// row from a Dirichlet with the spread of the mean of that many items; EM: every ROI's probability row from
        /// a Dirichlet with its class's mean row and per-item variance), then estimated with validation estimates
        /// redrawn as if from another validation set (the uncertainty of the rates and of the calibration).
        /// </summary>
        public double[] Parametric(int[] world, Sampling sampling, double[] point)
        {
            var m = world.Sum();
            var observed = new double[classCount];
            var cumulative = new double[classCount];
            var draw = new double[classCount];
            var mean = new double[classCount];
            switch (method)
            {
                case QuantificationMethod.Acc:
                    {
                        for (var i = 0; i < classCount; i++)
                        {
                            if (world[i] == 0)
                            {
                                continue;
                            }

                            var sum = 0.0;
                            for (var j = 0; j < classCount; j++)
                            {
                                sum += model!.Rates[i, j];
                                cumulative[j] = sum;
                            }

                            sampling.Multinomial(world[i], cumulative, observed);
                        }

                        Scale(observed, 1.0 / m);
                        var p = SimplexLeastSquares.Solve(ResampleRates(sampling), observed, Prevalence(point));
                        Scale(p, m);
                        return p;
                    }

                case QuantificationMethod.Pacc:
                    {
                        for (var i = 0; i < classCount; i++)
                        {
                            if (world[i] == 0)
                            {
                                continue;
                            }

                            for (var j = 0; j < classCount; j++)
                            {
                                mean[j] = model!.MeanProbability[i, j];
                            }

                            var a = model!.ItemConcentration[i];
                            if (model.CovarianceFactor is { } factors)
                            {
                                // The mean of k rows with covariance C: normal with covariance C / k.
                                sampling.MeanOfItems(model.CovarianceClasses![i], factors[i], mean, world[i], draw);
                            }
                            else if (double.IsPositiveInfinity(a))
                            {
                                mean.CopyTo(draw, 0);
                            }
                            else
                            {
                                // The mean of k Dirichlet(a m) rows has the variance of one Dirichlet(k (a + 1) - 1) row.
                                sampling.Dirichlet((world[i] * (a + 1)) - 1, mean, draw);
                            }

                            for (var j = 0; j < classCount; j++)
                            {
                                observed[j] += world[i] * draw[j];
                            }
                        }

                        Scale(observed, 1.0 / m);
                        var p = SimplexLeastSquares.Solve(ResamplePaccRows(sampling), observed, Prevalence(point));
                        Scale(p, m);
                        return p;
                    }

                case QuantificationMethod.Em:
                    {
                        var items = new float[m * classCount];
                        SimulateRows(model!, ResampleMeanRows(sampling), world, sampling, items);
                        var p = ExpectationMaximization.Run(items, classCount, model!.Prior, default, Prevalence(point));
                        Scale(p, m);
                        return p;
                    }

                default:
                    throw new InvalidOperationException($"{method.Name()} has no parametric bootstrap");
            }
        }

        private double[] Winners(int[]? rows)
        {
            var counts = new double[classCount];
            var m = rows?.Length ?? _n;
            for (var k = 0; k < m; k++)
            {
                counts[predictions[rows?[k] ?? k]]++;
            }

            return counts;
        }

        private static void Scale(double[] values, double factor)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= factor;
            }
        }

        private static double[]? Prevalence(double[]? counts)
        {
            if (counts is null)
            {
                return null;
            }

            var total = counts.Sum();
            return total > 0 ? counts.Select(c => c / total).ToArray() : null;
        }

        private double[,] ResampleRates(Sampling sampling)
        {
            var rates = new double[classCount, classCount];
            var cumulative = new double[classCount];
            var counts = new double[classCount];
            for (var i = 0; i < classCount; i++)
            {
                var n = model!.Estimates.Support[i];
                if (n == 0)
                {
                    rates[i, i] = 1;
                    continue;
                }

                var sum = 0.0;
                for (var j = 0; j < classCount; j++)
                {
                    sum += model.Rates[i, j];
                    cumulative[j] = sum;
                }

                Array.Clear(counts);
                sampling.Multinomial(n, cumulative, counts);
                for (var j = 0; j < classCount; j++)
                {
                    rates[i, j] = counts[j] / n;
                }
            }

            return rates;
        }

        private double[,] ResampleMeanRows(Sampling sampling) => BinQuantifier.ResampleMeanRows(model!, sampling);

        private double[,] ResamplePaccRows(Sampling sampling) => BinQuantifier.ResamplePaccRows(model!, sampling);

        // Where the winners of predicted class j belong; a class nobody validated is taken as classified.
        private double[] ValidatedShares(int j)
        {
            var shares = new double[classCount];
            var total = validated!.PredictedTotal(j);
            if (total == 0)
            {
                shares[j] = 1;
                return shares;
            }

            for (var i = 0; i < classCount; i++)
            {
                shares[i] = validated.Count(j, i) / (double)total;
            }

            return shares;
        }

        private double[] ResampleValidated(int j, Sampling sampling)
        {
            var shares = ValidatedShares(j);
            var total = validated!.PredictedTotal(j);
            if (total == 0)
            {
                return shares;
            }

            var cumulative = new double[classCount];
            var sum = 0.0;
            for (var i = 0; i < classCount; i++)
            {
                sum += shares[i];
                cumulative[i] = sum;
            }

            var counts = new double[classCount];
            sampling.Multinomial(total, cumulative, counts);
            for (var i = 0; i < classCount; i++)
            {
                counts[i] /= total;
            }

            return counts;
        }
    }
}
