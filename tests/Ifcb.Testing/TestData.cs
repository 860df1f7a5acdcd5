namespace Ifcb.Testing;

/// <summary>Where the fixtures are: <c>data/ifcb/...</c> next to the test binaries (copied by the test projects).</summary>
public static class TestData
{
    /// <summary>The fixture root, <c>{AppContext.BaseDirectory}/data/ifcb</c>.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "data", "ifcb");

    /// <summary>The absolute path of a fixture given relative to <see cref="Root"/> (with / separators).</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Copies the three files of a fixture bin into <paramref name="directory"/> and returns the new base path.</summary>
    public static string CopyBin(string relativeBase, string directory)
    {
        Directory.CreateDirectory(directory);
        var source = PathOf(relativeBase);
        var name = Path.GetFileName(source);
        foreach (var ext in new[] { ".hdr", ".adc", ".roi" })
        {
            if (File.Exists(source + ext))
            {
                File.Copy(source + ext, Path.Combine(directory, name + ext), overwrite: true);
            }
        }

        return Path.Combine(directory, name);
    }
}
