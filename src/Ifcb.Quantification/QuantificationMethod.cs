namespace Ifcb.Quantification;

/// <summary>How class counts are corrected for classifier error.</summary>
public enum QuantificationMethod
{
    /// <summary>No correction.</summary>
    None,

    /// <summary>Classify and count: arg-max winners.</summary>
    Cc,

    /// <summary>Probabilistic classify and count: the sum of the calibrated probabilities.</summary>
    Pcc,

    /// <summary>Adjusted classify and count: winners corrected with the validation confusion rates.</summary>
    Acc,

    /// <summary>Probabilistic adjusted classify and count: mean probabilities corrected with the validation mean probability rows.</summary>
    Pacc,

    /// <summary>Expectation-maximisation prior re-estimation (Saerens et al. 2002).</summary>
    Em,

    /// <summary>Winners redistributed with per-class precision re-estimated from a human-validated sample of the same period.</summary>
    Validated,
}

/// <summary>Names of <see cref="QuantificationMethod"/> as the command line and the summaries write them.</summary>
public static class QuantificationMethods
{
    /// <summary>The names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "cc", "pcc", "acc", "pacc", "em", "validated"];

    /// <summary>The lower-case name.</summary>
    public static string Name(this QuantificationMethod method) => Names[(int)method];

    /// <summary>Parses a name (case-insensitive); throws <see cref="FormatException"/> naming the choices.</summary>
    public static QuantificationMethod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return (QuantificationMethod)i;
            }
        }

        throw new FormatException($"'{text}' is not a correction method (use {string.Join(", ", Names)})");
    }

    /// <summary>True for methods that need the model's validation estimates.</summary>
    public static bool NeedsEstimates(this QuantificationMethod method) => method is QuantificationMethod.Acc or QuantificationMethod.Pacc or QuantificationMethod.Em;
}
