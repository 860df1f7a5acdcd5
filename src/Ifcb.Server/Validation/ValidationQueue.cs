namespace Ifcb.Server.Validation;

/// <summary>The orders in which the validation screen offers ROIs.</summary>
public static class ValidationQueue
{
    /// <summary>Highest winning score first (the default).</summary>
    public const string Score = "score";

    /// <summary>Lowest margin (top score minus second score) first: the model's least certain calls.</summary>
    public const string Uncertainty = "uncertainty";

    /// <summary>A seeded random permutation: any prefix is a simple random sample, so precision estimated on it is unbiased.</summary>
    public const string Random = "random";

    /// <summary>Classes with the fewest ROIs in the range first, each by score.</summary>
    public const string Rare = "rare";

    /// <summary>Decisions that came from an import of existing manual annotations.</summary>
    public const string Import = "import";

    /// <summary>The queues a client may ask for.</summary>
    public static readonly IReadOnlyList<string> All = [Score, Uncertainty, Random, Rare];
}
