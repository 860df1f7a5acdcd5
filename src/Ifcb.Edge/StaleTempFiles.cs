using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ifcb.Edge;

/// <summary>
/// Removes the temp files (<c>.{name}.{pid}.{guid}.partial</c>) that a writer killed mid-write left in the output tree,
/// when the process that made them is gone. Never read, they would otherwise pile up on a box that loses power often.
/// </summary>
internal static partial class StaleTempFiles
{
    public static int Clean(string root)
    {
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(root, ".*" + Ifcb.Data.IO.AtomicFile.TempSuffix, new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 }))
        {
            var match = TempName().Match(Path.GetFileName(path));
            if (!match.Success || !int.TryParse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
            {
                continue;
            }

            try
            {
                File.Delete(path);
                removed++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not ours to fight over; the next start tries again.
            }
        }

        return removed;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\..+\.(\d+)\.[0-9a-f]{32}\.partial$", RegexOptions.CultureInvariant)]
    private static partial Regex TempName();
}
