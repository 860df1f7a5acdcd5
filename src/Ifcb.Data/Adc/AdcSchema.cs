namespace Ifcb.Data.Adc;

/// <summary>The ADC column layout; it follows from the bin id alone (IFCB… ids are v1, D… ids are v2).</summary>
public enum AdcSchema
{
    /// <summary>IFCB1–6 (WHOI-built) instruments: 15 columns, trailing comma, NUL-padded .roi, stitching.</summary>
    V1 = 1,

    /// <summary>IFCB7+ and McLane instruments: 24 or more columns.</summary>
    V2 = 2,
}
