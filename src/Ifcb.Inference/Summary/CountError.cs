using System.Globalization;
using System.Text;
using Ifcb.Formats.Labels;
using Ifcb.Quantification;

namespace Ifcb.Inference.Summary;

/// <summary>
/// How far a run's class counts are from the truth, bin by bin, as QuaPy measures quantification error: per bin the
/// class prevalences of the raw counts (arg-max winners) and of the corrected counts against the prevalences of the
/// ground-truth labels of that bin (absolute error; relative absolute error smoothed with eps = 1 / (2 x labelled
/// ROIs)), then the mean over bins. The bin is the unit, not the image. Only bins with labelled ROIs count; a bin
/// whose labels cover fewer ROIs than it has is compared on prevalences, which assumes its labelled ROIs are a random
/// sample of it (the count columns say how many there were).
/// </summary>
public static class CountError
{
    /// <summary>The CSV header of <see cref="Result.ToCsv"/>.</summary>
    public const string Header = "bin,roi_count,labelled,method,raw_ae,raw_rae,corrected_ae,corrected_rae,intervals,covered";

    /// <summary>Scores <paramref name="table"/> against <paramref name="truth"/>; labels of classes the model lacks are counted and skipped.</summary>
    public static Result Compute(SummaryTable table, IReadOnlyList<RoiLabel> truth)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(truth);
        var index = table.Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var byBin = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var unknown = 0;
        foreach (var label in truth)
        {
            if (!index.TryGetValue(label.Class, out var c))
            {
                unknown++;
                continue;
            }

            var lid = label.Bin.Lid;
            if (!byBin.TryGetValue(lid, out var counts))
            {
                byBin[lid] = counts = new double[table.Labels.Count];
            }

            counts[c]++;
        }

        var bins = new List<BinError>();
        foreach (var row in table.Rows)
        {
            if (!byBin.TryGetValue(row.Bin, out var trueCounts))
            {
                continue;
            }

            var labelled = (int)trueCounts.Sum();
            var truthP = PrevalenceError.Prevalences(trueCounts);
            var raw = PrevalenceError.Prevalences([.. table.Labels.Select(l => (double)row.Winners.GetValueOrDefault(l))]);
            var method = row.Corrected.Values.FirstOrDefault()?.Method ?? "none";
            double correctedAe = double.NaN, correctedRae = double.NaN;
            int intervals = 0, covered = 0;
            if (row.Corrected.Count > 0)
            {
                // Interval coverage needs the bin's true counts, so only fully labelled bins are checked.
                if (labelled == row.RoiCount)
                {
                    for (var c = 0; c < table.Labels.Count; c++)
                    {
                        if (row.Corrected.TryGetValue(table.Labels[c], out var k) && !double.IsNaN(k.Low))
                        {
                            intervals++;
                            covered += k.Low <= trueCounts[c] && trueCounts[c] <= k.High ? 1 : 0;
                        }
                    }
                }

                // A flagged class has no corrected value: its raw count stands in, so the vector stays complete.
                var corrected = PrevalenceError.Prevalences([.. table.Labels.Select(l => row.Corrected.TryGetValue(l, out var c) && !double.IsNaN(c.Count) ? c.Count : row.Winners.GetValueOrDefault(l))]);
                correctedAe = PrevalenceError.Absolute(corrected, truthP);
                correctedRae = PrevalenceError.Relative(corrected, truthP, labelled);
            }

            bins.Add(new BinError(row.Bin, row.RoiCount, labelled, method, PrevalenceError.Absolute(raw, truthP), PrevalenceError.Relative(raw, truthP, labelled), correctedAe, correctedRae, intervals, covered));
        }

        return new Result(bins, unknown);
    }

    /// <summary>One bin's errors.</summary>
    public sealed record BinError(string Bin, int RoiCount, int Labelled, string Method, double RawAe, double RawRae, double CorrectedAe, double CorrectedRae, int Intervals, int Covered);

    /// <summary>All bins' errors and their means.</summary>
    public sealed record Result(IReadOnlyList<BinError> Bins, int UnknownClassLabels)
    {
        /// <summary>Mean over bins of the raw absolute error.</summary>
        public double RawMae => Bins.Count == 0 ? double.NaN : Bins.Average(b => b.RawAe);

        /// <summary>Mean over bins of the raw relative absolute error.</summary>
        public double RawMrae => Bins.Count == 0 ? double.NaN : Bins.Average(b => b.RawRae);

        /// <summary>Mean over bins of the corrected absolute error (NaN when no bin is corrected).</summary>
        public double CorrectedMae => Bins.Any(b => !double.IsNaN(b.CorrectedAe)) ? Bins.Where(b => !double.IsNaN(b.CorrectedAe)).Average(b => b.CorrectedAe) : double.NaN;

        /// <summary>Mean over bins of the corrected relative absolute error.</summary>
        public double CorrectedMrae => Bins.Any(b => !double.IsNaN(b.CorrectedRae)) ? Bins.Where(b => !double.IsNaN(b.CorrectedRae)).Average(b => b.CorrectedRae) : double.NaN;

        /// <summary>The fraction of (bin, class) true counts inside their corrected interval, over fully labelled bins (NaN when none).</summary>
        public double Coverage => Bins.Sum(b => b.Intervals) is > 0 and var n ? Bins.Sum(b => b.Covered) / (double)n : double.NaN;

        /// <summary>One row per bin, then a row <c>mean</c>.</summary>
        public string ToCsv()
        {
            var text = new StringBuilder(Header).Append('\n');
            foreach (var b in Bins)
            {
                text.Append(string.Create(CultureInfo.InvariantCulture, $"{b.Bin},{b.RoiCount},{b.Labelled},{b.Method},{N(b.RawAe)},{N(b.RawRae)},{N(b.CorrectedAe)},{N(b.CorrectedRae)},{b.Intervals},{b.Covered}\n"));
            }

            text.Append(string.Create(CultureInfo.InvariantCulture, $"mean,{Bins.Sum(b => b.RoiCount)},{Bins.Sum(b => b.Labelled)},{(Bins.Count > 0 ? Bins[0].Method : "none")},{N(RawMae)},{N(RawMrae)},{N(CorrectedMae)},{N(CorrectedMrae)},{Bins.Sum(b => b.Intervals)},{Bins.Sum(b => b.Covered)}\n"));
            return text.ToString();
        }

        private static string N(double v) => double.IsNaN(v) ? string.Empty : v.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
