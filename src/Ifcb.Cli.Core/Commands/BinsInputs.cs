using Ifcb.Data;
using Ifcb.Data.Directories;

namespace Ifcb.Cli.Commands;

/// <summary>Turns command-line paths into bins: directories are scanned, bin paths taken as they are.</summary>
internal static class BinsInputs
{
    /// <summary>
    /// Resolves <paramref name="paths"/>; a path that names nothing is a usage error. Files that look raw but
    /// are not bins are reported through <paramref name="errors"/>. Returns false in <paramref name="clean"/> if any were.
    /// </summary>
    public static IReadOnlyList<DiscoveredBin> Resolve(IEnumerable<string> paths, BinFilter filter, ErrorWriter errors, out bool clean)
    {
        clean = true;
        var bins = new List<DiscoveredBin>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = BinDirectory.Discover(path, filter);
                foreach (var rejected in found.Rejected)
                {
                    errors.Failure(rejected.FilePath, rejected.Reason);
                    clean = false;
                }

                bins.AddRange(found.Bins.Where(b => seen.Add(b.BasePath)));
                continue;
            }

            BinFiles files;
            try
            {
                files = BinFiles.FromPath(path);
            }
            catch (IfcbDataException ex)
            {
                if (!File.Exists(path))
                {
                    throw new UsageException($"no such directory or bin: {path}");
                }

                errors.Failure(ex.FilePath, ex.Reason);
                clean = false;
                continue;
            }

            var existing = new[] { files.HdrPath, files.AdcPath, files.RoiPath }.Select(p => File.Exists(p) ? p : null).ToArray();
            if (existing.All(p => p is null))
            {
                throw new UsageException($"no such directory or bin: {path}");
            }

            if (!filter.Matches(files.Id) || !seen.Add(files.BasePath))
            {
                continue;
            }

            var problems = new List<string>();
            long size = 0;
            foreach (var (p, ext) in existing.Zip(Ifcb.Data.BinFiles.Extensions))
            {
                if (p is null)
                {
                    problems.Add($"missing {ext} file");
                    continue;
                }

                var length = new FileInfo(p).Length;
                size += length;
                if (length == 0 && ext == ".hdr")
                {
                    problems.Add("empty .hdr file");
                }
            }

            bins.Add(new DiscoveredBin(files.Id, files.BasePath, existing[0], existing[1], existing[2], size, problems));
        }

        return bins;
    }
}
