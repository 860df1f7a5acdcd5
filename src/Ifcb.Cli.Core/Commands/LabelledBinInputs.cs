using Ifcb.Data;

namespace Ifcb.Cli.Commands;

/// <summary>The usage checks <c>train</c> and <c>evaluate</c> share for DATA and <c>--labels</c>.</summary>
internal static class LabelledBinInputs
{
    /// <summary>
    /// Every DATA path must exist: a folder or a file (class folders, dataset configs) or, with labels, also a bin
    /// named without extension; every label source must be a file or a folder. Otherwise a <see cref="UsageException"/>.
    /// </summary>
    public static void Check(IEnumerable<string> data, IReadOnlyCollection<string> labels)
    {
        foreach (var d in data)
        {
            var exists = Directory.Exists(d) || File.Exists(d) || (labels.Count > 0 && BinFiles.Extensions.Any(e => File.Exists(d + e)));
            if (!exists)
            {
                throw new UsageException($"DATA: '{d}' does not exist");
            }
        }

        foreach (var label in labels)
        {
            if (!File.Exists(label) && !Directory.Exists(label))
            {
                throw new UsageException($"--labels: '{label}' does not exist");
            }
        }
    }
}
