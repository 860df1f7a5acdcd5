namespace Ifcb.Synthetic;

/// <summary>
/// How a synthetic archive's bins mix the classes. <see cref="Natural"/> is the default (a random log-normal mix per
/// bin); the others are prior shifts against a model trained on a balanced image set, for testing count correction.
/// </summary>
public enum ClassMixKind
{
    /// <summary>Each bin draws its own log-normal class weights: a few dominant classes, some rare (every class present when the bin is big enough).</summary>
    Natural,

    /// <summary>Every class equally likely: the mix of a balanced training set (no prior shift).</summary>
    Balanced,

    /// <summary>One class blooms: its share rises from its balanced share to 70% at the middle bin and falls back.</summary>
    Bloom,

    /// <summary>A fixed skewed mix: class c has weight 0.6^c, so the first class is about 40% and the last under 1%.</summary>
    Shifted,

    /// <summary>A day/night cycle: even-numbered classes peak at noon UTC, odd ones at midnight (weights 1 +- 0.9 cos).</summary>
    DayNight,
}
