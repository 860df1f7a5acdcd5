namespace Ifcb.Server.Alerts;

/// <summary>
/// The default HAB alert rules, seeded for a dataset the first time one of its models has classes of the taxon.
/// Levels are starting points to edit for a region (docs/hub.md lists them with their sources); only the Karenia
/// level comes from a published category table (Florida: background at or below 1,000 cells/L).
/// </summary>
public static class DefaultAlertRules
{
    /// <summary>One default: the taxon key, the genus prefixes a class name may start with, the level, and why.</summary>
    public sealed record Taxon(string Key, string Name, IReadOnlyList<string> Prefixes, double LevelPerL, string Source);

    /// <summary>The seeded taxa (HABhub's target list: operational-facts.md).</summary>
    public static readonly IReadOnlyList<Taxon> Taxa =
    [
        new("alexandrium", "Alexandrium", ["alexandrium"], 100, "HABhub target taxon; 100 cells/L is a common early-warning level for A. catenella (unverified: set your programme's level)"),
        new("dinophysis", "Dinophysis", ["dinophysis"], 100, "HABhub target taxon; 100 cells/L is a common DSP early-warning level (unverified: set your programme's level)"),
        new("pseudo-nitzschia", "Pseudo-nitzschia", ["pseudonitzschia"], 50_000, "HABhub target taxon; 50,000 cells/L is a common ASP early-warning level (unverified: set your programme's level)"),
        new("karenia", "Karenia", ["karenia"], 1_000, "HABhub target taxon; Florida K. brevis categories: above 1,000 cells/L is above background"),
        new("margalefidinium", "Margalefidinium", ["margalefidinium", "cochlodinium"], 100, "HABhub target taxon (formerly Cochlodinium); level unverified: set your programme's level"),
    ];

    /// <summary>Letters and digits only, lower case: "Pseudo-nitzschia_spp" and "pseudo_nitzschia" compare alike.</summary>
    public static string Normalize(string name) => new([.. name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant)]);

    /// <summary>The classes of <paramref name="classNames"/> that belong to <paramref name="taxon"/>.</summary>
    public static IReadOnlyList<string> Match(Taxon taxon, IEnumerable<string> classNames)
        => [.. classNames.Where(c => taxon.Prefixes.Any(p => Normalize(c).StartsWith(p, StringComparison.Ordinal)))];
}
