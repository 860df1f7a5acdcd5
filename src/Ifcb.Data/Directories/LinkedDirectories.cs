namespace Ifcb.Data.Directories;

/// <summary>
/// Decides which symbolic links to directories a scan follows. Archives do link day folders in from elsewhere, so
/// links are followed, but only to a folder outside the scanned tree that no other link has reached and that holds
/// none of them: a link back up the tree (<c>up -> ..</c>) would otherwise repeat every bin until the path grew too
/// long, and a link to a folder inside the tree would list its bins twice.
/// </summary>
internal sealed class LinkedDirectories(string root)
{
    private readonly string _root = Real(root);
    private readonly List<string> _followed = [];

    /// <summary>True when the scan should enter <paramref name="path"/>, a directory entry that is a symbolic link.</summary>
    public bool ShouldFollow(string path)
    {
        string target;
        try
        {
            target = Directory.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName is { } t ? Real(t) : Real(path);
        }
        catch (IOException)
        {
            return false; // a link loop or a broken link
        }

        if (Related(target, _root) || _followed.Any(f => Related(target, f)))
        {
            return false;
        }

        _followed.Add(target);
        return true;
    }

    // One folder is the other or holds it.
    private static bool Related(string a, string b)
        => a == b || b.StartsWith(a + Path.DirectorySeparatorChar, StringComparison.Ordinal) || a.StartsWith(b + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Real(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        // The root itself may be reached through links: compare real paths.
        var info = new DirectoryInfo(full);
        return info.LinkTarget is null ? full : Path.TrimEndingDirectorySeparator(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full);
    }
}
