namespace Ifcb.Data.Volume;

/// <summary>Sample volume and times of a bin (pyifcb <c>ml_analyzed</c>, <c>look_time</c>, <c>run_time</c>); NaN where undefined.</summary>
public readonly record struct VolumeAnalyzed(double MilliLitres, double LookTime, double RunTime)
{
    /// <summary>All three undefined.</summary>
    public static VolumeAnalyzed Undefined => new(double.NaN, double.NaN, double.NaN);

    /// <summary>Inhibit time: run time minus look time.</summary>
    public double InhibitTime => RunTime - LookTime;
}
