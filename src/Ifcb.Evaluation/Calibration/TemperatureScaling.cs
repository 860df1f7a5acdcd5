namespace Ifcb.Evaluation.Calibration;

/// <summary>
/// Temperature scaling (Guo et al. 2017): one scalar T divides the logits before the softmax, fitted to minimise the
/// negative log-likelihood of the true classes on validation data. It changes confidences, never the argmax.
/// </summary>
/// <remarks>
/// We are given probabilities, not logits. Since p = softmax(z), log p = z - logsumexp(z): the log-probabilities are
/// the logits shifted by one constant per row, and softmax ignores a per-row constant, so
/// softmax(log p / T) = softmax(z / T). Using log p as the logits is therefore exact, not an approximation (up to the
/// float32 rounding of p; probabilities of exactly 0 are clipped to 1e-12). NLL as a function of beta = 1/T is
/// convex (a log-sum-exp of linear functions minus a linear function), so a golden-section search on beta finds the
/// global minimum.
/// </remarks>
public static class TemperatureScaling
{
    private const double MinBeta = 1.0 / 20;
    private const double MaxBeta = 20;
    private const double LogFloor = -27.631021115928547; // log(1e-12)

    /// <summary>Fits T on probabilities and true classes; returns T (1 = unchanged).</summary>
    public static double Fit(EvaluationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Count == 0)
        {
            return 1;
        }

        var logs = LogProbabilities(input);
        double lo = MinBeta, hi = MaxBeta;
        var phi = (Math.Sqrt(5) - 1) / 2;
        var a = hi - (phi * (hi - lo));
        var b = lo + (phi * (hi - lo));
        double fa = Nll(logs, input, a), fb = Nll(logs, input, b);
        for (var iteration = 0; iteration < 100 && hi - lo > 1e-7; iteration++)
        {
            if (fa < fb)
            {
                hi = b;
                b = a;
                fb = fa;
                a = hi - (phi * (hi - lo));
                fa = Nll(logs, input, a);
            }
            else
            {
                lo = a;
                a = b;
                fa = fb;
                b = lo + (phi * (hi - lo));
                fb = Nll(logs, input, b);
            }
        }

        return 1 / ((lo + hi) / 2);
    }

    /// <summary>The mean negative log-likelihood of the true classes after scaling by <paramref name="temperature"/>.</summary>
    public static double NegativeLogLikelihood(EvaluationInput input, double temperature)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Count == 0 ? 0 : Nll(LogProbabilities(input), input, 1 / temperature);
    }

    /// <summary>Returns a copy of <paramref name="input"/> whose scores are softmax(log p / T).</summary>
    public static EvaluationInput Apply(EvaluationInput input, double temperature)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        var c = input.ClassCount;
        var scaled = new float[input.Scores.Length];
        var logs = LogProbabilities(input);
        for (var i = 0; i < input.Count; i++)
        {
            var row = logs.AsSpan(i * c, c);
            var max = double.NegativeInfinity;
            foreach (var l in row)
            {
                max = Math.Max(max, l / temperature);
            }

            double sum = 0;
            for (var k = 0; k < c; k++)
            {
                sum += Math.Exp((row[k] / temperature) - max);
            }

            for (var k = 0; k < c; k++)
            {
                scaled[(i * c) + k] = (float)(Math.Exp((row[k] / temperature) - max) / sum);
            }
        }

        return new EvaluationInput
        {
            ClassLabels = input.ClassLabels,
            TrueClasses = input.TrueClasses,
            Scores = scaled,
            ItemNames = input.ItemNames,
            Epochs = input.Epochs,
        };
    }

    private static double[] LogProbabilities(EvaluationInput input)
    {
        var logs = new double[input.Scores.Length];
        for (var i = 0; i < logs.Length; i++)
        {
            logs[i] = input.Scores[i] > 0 ? Math.Max(Math.Log(input.Scores[i]), LogFloor) : LogFloor;
        }

        return logs;
    }

    private static double Nll(double[] logs, EvaluationInput input, double beta)
    {
        var c = input.ClassCount;
        double total = 0;
        for (var i = 0; i < input.Count; i++)
        {
            var row = logs.AsSpan(i * c, c);
            var max = double.NegativeInfinity;
            foreach (var l in row)
            {
                max = Math.Max(max, beta * l);
            }

            double sum = 0;
            foreach (var l in row)
            {
                sum += Math.Exp((beta * l) - max);
            }

            total += max + Math.Log(sum) - (beta * row[input.TrueClasses[i]]);
        }

        return total / input.Count;
    }
}
