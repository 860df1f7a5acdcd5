namespace Ifcb.Server.Auth;

/// <summary>The roles of page accounts: readers read, annotators also record validation decisions, admins also import.</summary>
public static class HubRoles
{
    public const string Reader = "reader";
    public const string Annotator = "annotator";
    public const string Admin = "admin";

    /// <summary>Every role, least to most.</summary>
    public static readonly IReadOnlyList<string> All = [Reader, Annotator, Admin];

    /// <summary>True when the role may record validation decisions.</summary>
    public static bool CanAnnotate(string? role) => role is Annotator or Admin;
}
