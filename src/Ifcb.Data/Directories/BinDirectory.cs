using System.IO.Enumeration;
using Ifcb.Data.Ids;

namespace Ifcb.Data.Directories;

/// <summary>
/// Finds bins below a directory: one recursive enumeration (no per-file existence checks), the three files
/// paired by directory and LID, directories named <c>skip</c> or <c>beads</c> never entered, linked directories
/// entered once and never back into the tree (<see cref="LinkedDirectories"/>), incomplete bins
/// (a missing or empty file) reported as problems rather than failures.
/// </summary>
public static class BinDirectory
{
    /// <summary>Directory names that are never entered (pyifcb's default blacklist).</summary>
    public static readonly IReadOnlySet<string> SkippedDirectories = new HashSet<string>(StringComparer.Ordinal) { "skip", "beads" };

    /// <summary>Scans <paramref name="root"/> recursively.</summary>
    public static BinDiscovery Discover(string root, BinFilter? filter = null)
    {
        filter ??= BinFilter.None;
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"no such directory: {root}");
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.None,
            ReturnSpecialDirectories = false,
        };
        var links = new LinkedDirectories(root);
        var enumerable = new FileSystemEnumerable<(string Path, long Length)>(root,
            (ref entry) => (entry.ToFullPath(), entry.Length), options)
        {
            ShouldIncludePredicate = (ref entry) => !entry.IsDirectory && IsRawExtension(entry.FileName),
            ShouldRecursePredicate = (ref entry) => !SkippedDirectories.Contains(entry.FileName.ToString())
                && ((entry.Attributes & FileAttributes.ReparsePoint) == 0 || links.ShouldFollow(entry.ToFullPath())),
        };

        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var rejected = new List<IfcbDataException>();
        foreach (var (path, length) in enumerable)
        {
            var basePath = path[..^4];
            if (!groups.TryGetValue(basePath, out var group))
            {
                var name = Path.GetFileName(basePath);
                if (!Pid.TryParse(name, out var pid, out var reason) || pid.Target is not null || pid.Product is not null || pid.Extension is not null)
                {
                    rejected.Add(new IfcbDataException(path, pid is null ? reason : $"'{name}' is not a raw bin name"));
                    continue;
                }

                group = new Group(pid.Bin);
                groups[basePath] = group;
            }

            switch (char.ToLowerInvariant(path[^1]))
            {
                case 'r' when path.EndsWith(".hdr", StringComparison.OrdinalIgnoreCase):
                    (group.Hdr, group.HdrLength) = (path, length);
                    break;
                case 'c':
                    (group.Adc, group.AdcLength) = (path, length);
                    break;
                default:
                    (group.Roi, group.RoiLength) = (path, length);
                    break;
            }
        }

        var bins = new List<DiscoveredBin>(groups.Count);
        foreach (var (basePath, g) in groups)
        {
            if (!filter.Matches(g.Id))
            {
                continue;
            }

            var problems = new List<string>();
            Check(problems, g.Hdr, g.HdrLength, ".hdr", emptyAllowed: false);
            Check(problems, g.Adc, g.AdcLength, ".adc", emptyAllowed: true);
            Check(problems, g.Roi, g.RoiLength, ".roi", emptyAllowed: true);
            if (g.Adc is not null && g.AdcLength == 0 && g.RoiLength > (g.Id.Schema == Adc.AdcSchema.V1 ? 2 : 0))
            {
                problems.Add($"empty .adc file but the .roi file has {g.RoiLength} bytes");
            }

            if (g.Adc is not null && g.AdcLength > 0 && g.Roi is not null && g.RoiLength == 0)
            {
                problems.Add("empty .roi file but the .adc file has lines");
            }

            bins.Add(new DiscoveredBin(g.Id, basePath, g.Hdr, g.Adc, g.Roi, g.HdrLength + g.AdcLength + g.RoiLength, problems));
        }

        bins.Sort((a, b) =>
        {
            var c = a.Id.CompareTo(b.Id);
            return c != 0 ? c : string.CompareOrdinal(a.BasePath, b.BasePath);
        });
        rejected.Sort((a, b) => string.CompareOrdinal(a.FilePath, b.FilePath));
        return new BinDiscovery(bins, rejected);
    }

    private static void Check(List<string> problems, string? path, long length, string ext, bool emptyAllowed)
    {
        if (path is null)
        {
            problems.Add($"missing {ext} file");
        }
        else if (length == 0 && !emptyAllowed)
        {
            problems.Add($"empty {ext} file");
        }
    }

    private static bool IsRawExtension(ReadOnlySpan<char> name) =>
        name.EndsWith(".hdr", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".adc", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".roi", StringComparison.OrdinalIgnoreCase);

    private sealed class Group(BinId id)
    {
        public BinId Id { get; } = id;

        public string? Hdr { get; set; }

        public string? Adc { get; set; }

        public string? Roi { get; set; }

        public long HdrLength { get; set; }

        public long AdcLength { get; set; }

        public long RoiLength { get; set; }
    }
}
