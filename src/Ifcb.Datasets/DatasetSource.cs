using System.Globalization;
using Ifcb.Data;

namespace Ifcb.Datasets;

/// <summary>
/// One root of labelled images (a folder with one sub-folder per class) and its priority. A dataset-config
/// CSV lists several: one root per line, optionally prefixed <c>N:</c> (or a second column) with a priority
/// where 1 is the highest; unprefixed roots get priority 1. When the same ROI (file name without extension)
/// appears in several roots, only the copy from the highest-priority root is used (ties: the first root
/// listed), so a curated set can relabel or override ROIs of a bulk set.
/// </summary>
/// <param name="Root">Folder with class sub-folders.</param>
/// <param name="Priority">1 = highest.</param>
public sealed record DatasetSource(string Root, int Priority)
{
    /// <summary>Reads a dataset-config file; relative roots are resolved against the file's folder.</summary>
    public static IReadOnlyList<DatasetSource> LoadConfig(string path)
    {
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var sources = new List<DatasetSource>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var priority = 1;
            var root = line;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && int.TryParse(line.AsSpan(0, colon), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p))
            {
                priority = p;
                root = line[(colon + 1)..].Trim();
            }
            else if (line.Contains(','))
            {
                var cells = line.Split(',');
                if (cells.Length > 1 && int.TryParse(cells[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var q))
                {
                    priority = q;
                    root = cells[0].Trim();
                }
                else if (i == 0)
                {
                    continue; // a header row such as "path,priority"
                }
            }

            if (priority < 1)
            {
                throw new IfcbDataException(path, $"priority {priority} must be 1 or more", line: i + 1);
            }

            root = Path.GetFullPath(Path.Combine(baseDir, root.Trim('"')));
            if (!Directory.Exists(root))
            {
                throw new IfcbDataException(path, $"dataset root '{root}' does not exist", line: i + 1);
            }

            sources.Add(new DatasetSource(root, priority));
        }

        if (sources.Count == 0)
        {
            throw new IfcbDataException(path, "dataset config lists no roots");
        }

        return sources;
    }
}
