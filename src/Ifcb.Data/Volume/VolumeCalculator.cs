using Ifcb.Data.Adc;
using Ifcb.Data.Hdr;
using Ifcb.Data.Ids;

namespace Ifcb.Data.Volume;

/// <summary>
/// pyifcb's <c>compute_ml_analyzed</c> (docs/ifcb-format.md §6): v1 from trigger-open and frame-grab times, v2 from the
/// ADC's cumulative run/inhibit times with the robust repairs, falling back to the header for ≤ 1 row.
/// </summary>
public static class VolumeCalculator
{
    /// <summary>The syringe flow rate, mL/min.</summary>
    public const double FlowRate = 0.25;

    /// <summary>Computes the volume analysed for a bin.</summary>
    public static VolumeAnalyzed Compute(BinId id, AdcFile adc, HeaderFile header)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(adc);
        if (adc.Schema == AdcSchema.V1)
        {
            // IFCB5 bins from June 2015 on use a shorter minimum processing time.
            var minProc = id.InstrumentNumber == 5 && id.Timestamp >= new DateTimeOffset(2015, 6, 1, 0, 0, 0, TimeSpan.Zero) ? 0.05 : 0.073;
            return ComputeV1(adc, minProc);
        }

        return ComputeV2(adc, header);
    }

    /// <summary>v1: run time is the last frame-grab time; look time subtracts per-trigger processing time.</summary>
    public static VolumeAnalyzed ComputeV1(AdcFile adc, double minProcTime = 0.073)
    {
        ArgumentNullException.ThrowIfNull(adc);
        if (adc.Count == 0)
        {
            return VolumeAnalyzed.Undefined;
        }

        const double mlPerSecond = 5.0 / 48000.0 * 40.0;
        var seen = new HashSet<long>();
        var grab = new List<double>(adc.Count);
        var open = new List<double>(adc.Count);
        foreach (var row in adc.Rows)
        {
            if (!seen.Add(row.Trigger))
            {
                continue; // drop_duplicates(keep='first') on the trigger column
            }

            var g = row[AdcColumns.V1FrameGrabTime];
            var o = row[AdcColumns.V1TriggerOpenTime];
            // Bins that span midnight have negative times: add a day.
            grab.Add(g < 0 ? g + 86400 : g);
            open.Add(o < 0 ? o + 86400 : o);
        }

        var run = grab[^1];
        var proc = 0.0;
        for (var i = 1; i < grab.Count; i++)
        {
            var p = open[i] - grab[i - 1];
            proc += p < minProcTime ? minProcTime : p;
        }

        // pyifcb subtracts one more minimum processing time to agree with the MATLAB code.
        var look = run - proc - minProcTime;
        return new VolumeAnalyzed(look * mlPerSecond, look, run);
    }

    /// <summary>v2: ADC run/inhibit times with pyifcb's offset, bad-row and cross-check repairs.</summary>
    public static VolumeAnalyzed ComputeV2(AdcFile adc, HeaderFile? header)
    {
        ArgumentNullException.ThrowIfNull(adc);
        var n = adc.Count;
        if (n <= 1 || adc.Rows.Max(r => r.ColumnCount) <= AdcColumns.V2InhibitTime)
        {
            return FromHeader(header);
        }

        var inh = new double[n];
        var run = new double[n];
        var adcTime = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = adc.Rows[i];
            inh[i] = row[AdcColumns.V2InhibitTime];
            run[i] = row[AdcColumns.V2RunTime];
            adcTime[i] = row[AdcColumns.V2AdcTime];
            sum += inh[i];
        }

        if (sum == 0)
        {
            return VolumeAnalyzed.Undefined;
        }

        // Good rows: inhibit time positive and increasing by less than 5 s (within 0.1 s of the previous).
        var good = new List<int> { 0 };
        for (var i = 1; i < n; i++)
        {
            var d = inh[i] - inh[i - 1];
            if (inh[i] > 0 && d > -0.1 && d < 5)
            {
                good.Add(i);
            }
        }

        var mode = ModeOfRoundedDiffs(inh, good);
        var runtimeOffset = 0.0;
        var inhibitOffset = 0.0;
        var offsetTest = run[1] - adcTime[1];
        if (offsetTest > 10)
        {
            runtimeOffset = offsetTest;
            inhibitOffset = inh[1] + mode * 2;
        }

        var inhibit = good.Count == n
            ? inh[^1] - inhibitOffset
            : inh[good[^1]] + (n - good.Count) * mode - inhibitOffset;
        var runtime = run[^1] - runtimeOffset;
        var k = Math.Min(n, 50);
        var offsets = new double[k];
        for (var i = 0; i < k; i++)
        {
            offsets[i] = run[i] - adcTime[i];
        }

        var runtime2 = adcTime[^1] + Median(offsets) - runtimeOffset;
        if (Math.Abs(runtime - runtime2) > 0.2)
        {
            runtime = runtime2;
        }

        var look = runtime - inhibit;
        return new VolumeAnalyzed(FlowRate * look / 60, look, runtime);
    }

    /// <summary>From the header's <c>runTime</c> and <c>inhibitTime</c> (case-insensitive); NaN when absent.</summary>
    public static VolumeAnalyzed FromHeader(HeaderFile? header)
    {
        if (header is null || !header.TryGetDouble("runtime", out var run) || !header.TryGetDouble("inhibittime", out var inhibit))
        {
            return VolumeAnalyzed.Undefined;
        }

        var look = run - inhibit;
        return new VolumeAnalyzed(FlowRate * look / 60, look, run);
    }

    private static double ModeOfRoundedDiffs(double[] inh, List<int> good)
    {
        // pandas: round(diff(inhibit[good]), 4).mode().values[0] — the smallest of the most frequent values.
        var counts = new Dictionary<double, int>();
        for (var j = 1; j < good.Count; j++)
        {
            var d = inh[good[j]] - inh[good[j - 1]];
            if (double.IsNaN(d))
            {
                continue;
            }

            var r = Math.Round(d * 1e4, MidpointRounding.ToEven) / 1e4; // numpy.round: rint(x * 10^4) / 10^4
            counts[r] = counts.GetValueOrDefault(r) + 1;
        }

        if (counts.Count == 0)
        {
            return 0;
        }

        var best = counts.Max(c => c.Value);
        return counts.Where(c => c.Value == best).Min(c => c.Key);
    }

    private static double Median(double[] values)
    {
        var v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (v.Length == 0)
        {
            return double.NaN;
        }

        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
