using Ifcb.Data;
using Ifcb.Data.IO;

namespace Ifcb.Datasets;

/// <summary>
/// WHOI's class-config CSV: the first column names the classes as they appear in the data, every further
/// column is a named configuration whose cells are <c>1</c> (keep), <c>0</c> (skip) or a new class name
/// (rename; several classes given one name merge). Classes absent from the file are skipped (the config is
/// an explicit list) and reported.
/// </summary>
public sealed class ClassConfig
{
    private readonly Dictionary<string, string?> _map;

    private ClassConfig(Dictionary<string, string?> map, string column)
    {
        _map = map;
        Column = column;
    }

    /// <summary>The configuration column in use.</summary>
    public string Column { get; }

    /// <summary>Reads <paramref name="path"/> and selects <paramref name="column"/> (case-sensitive header name).</summary>
    public static ClassConfig Load(string path, string column)
    {
        if (!File.Exists(path))
        {
            throw new IfcbDataException(path, "class-config file not found");
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            throw new IfcbDataException(path, "class-config file is empty", line: 1);
        }

        var header = SplitCsv(lines[0]);
        var index = header.IndexOf(column);
        if (index < 1)
        {
            throw new IfcbDataException(path, $"no configuration column '{column}' (columns: {string.Join(", ", header.Skip(1))})", line: 1);
        }

        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = SplitCsv(lines[i]);
            var name = cells[0];
            if (name.Length == 0)
            {
                throw new IfcbDataException(path, "empty class name", line: i + 1);
            }

            var cell = index < cells.Count ? cells[index] : "";
            string? target = cell switch
            {
                "1" => name,
                "0" or "" => null,
                _ => cell,
            };
            if (!map.TryAdd(name, target))
            {
                throw new IfcbDataException(path, $"class '{name}' is listed twice", line: i + 1);
            }
        }

        return new ClassConfig(map, column);
    }

    /// <summary>The class name to train <paramref name="sourceClass"/> as, or null to skip it.</summary>
    public string? Map(string sourceClass) => _map.TryGetValue(sourceClass, out var target) ? target : null;

    /// <summary>True when the file lists <paramref name="sourceClass"/> at all.</summary>
    public bool Lists(string sourceClass) => _map.ContainsKey(sourceClass);

    private static List<string> SplitCsv(string line)
    {
        // RFC 4180, as every CSV here: a quoted class name may hold a comma.
        return [.. Csv.Split(line).Select(c => c.Trim())];
    }
}
