using System.Globalization;
using System.Text;
using Ifcb.Data.Adc;

namespace Ifcb.Cli.Tests.Fuzz;

/// <summary>
/// One fuzz case: a small real bin under a fresh id, changed by one seeded mutation. <see cref="Write"/> puts its
/// files in a folder and says whether the bin is bad by construction (it must fail), good by construction (it must
/// be classified) or either (the reader decides, and classify must agree with it).
/// </summary>
internal sealed class BinMutation
{
    private static readonly string[] Garbage =
    [
        "", "abc", "1e999", "-1e999", "NaN", "-NaN", "--1", "0x10", "9999999999999999999999", "1,2", " ", "\t", "1.2.3", "-0", "∞",
        "1e300", "-1e300", "2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808", "4.9e-324", "0", "-1", "1e5",
    ];

    private readonly Random _random;

    public BinMutation(long seed, FuzzBase @base, DateTime time)
    {
        Seed = seed;
        _random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        Base = @base;
        Lid = @base.Schema == AdcSchema.V1
            ? $"IFCB{1 + (time.Minute % 6)}_{time:yyyy}_{time.DayOfYear:D3}_{time:HHmmss}"
            : $"D{time:yyyyMMdd}T{time:HHmmss}_IFCB{100 + (time.Minute % 50):D3}";
        Name = Lid;
    }

    /// <summary>The case seed: <c>IFCB_FUZZ_CASE=seed</c> reruns this case alone.</summary>
    public long Seed { get; }

    /// <summary>The unmutated bin this case starts from.</summary>
    public FuzzBase Base { get; }

    /// <summary>The bin id the files were meant to have.</summary>
    public string Lid { get; }

    /// <summary>The base name the files got (differs from <see cref="Lid"/> for the wrong-id mutation).</summary>
    public string Name { get; private set; }

    /// <summary>What was done, for failure messages.</summary>
    public string Description { get; private set; } = "untouched";

    /// <summary>The extension replaced by a FIFO, if any.</summary>
    public string? Fifo { get; private set; }

    /// <summary>True: must fail; false: must be classified; null: whatever the reader says.</summary>
    public bool? MustFail { get; private set; }

    /// <summary>Writes the mutated bin into <paramref name="folder"/>.</summary>
    public void Write(string folder)
    {
        byte[]? hdr = Base.Hdr;
        byte[]? adc = Base.Adc;
        byte[]? roi = Base.Roi;
        var kind = _random.Next(15);
        MustFail = null;
        switch (kind)
        {
            case 0:
            case 1:
                MustFail = false;
                break;
            case 2:
                {
                    // Truncation: the .roi below its last image is certainly bad; the text files may still parse.
                    var file = _random.Next(3);
                    if (file == 2)
                    {
                        roi = roi![.._random.Next(0, Base.RoiEnd)];
                        MustFail = true;
                    }
                    else if (file == 1)
                    {
                        adc = adc![.._random.Next(0, adc.Length)];
                    }
                    else
                    {
                        hdr = hdr![.._random.Next(0, hdr.Length)];
                    }

                    Description = $"truncated {Ext(file)}";
                    break;
                }

            case 3:
                {
                    // A start byte past the end of the .roi, or negative, or anywhere inside it.
                    var choice = _random.Next(3);
                    var value = choice switch
                    {
                        0 => (roi!.Length + 1 + _random.Next(1_000_000)).ToString(CultureInfo.InvariantCulture),
                        1 => "-" + _random.Next(1, 100_000).ToString(CultureInfo.InvariantCulture),
                        _ => _random.Next(0, roi!.Length).ToString(CultureInfo.InvariantCulture),
                    };
                    adc = SetCell(adc!, AdcColumns.RoiX(Base.Schema) + 4, value, imageRow: true);
                    Description = $"start byte {value}";
                    MustFail = choice < 2 ? true : null;
                    break;
                }

            case 4:
                {
                    // Absurd image sizes on an image-bearing line.
                    string[] absurd = ["100000", "2147483647", "4294967296", "-7", "1e30", "16385", "99999999999"];
                    var value = absurd[_random.Next(absurd.Length)];
                    adc = SetCell(adc!, AdcColumns.RoiX(Base.Schema) + 2 + _random.Next(2), value, imageRow: true);
                    Description = $"image side {value}";
                    MustFail = true;
                    break;
                }

            case 5:
                {
                    // Any cell of any line, the volume columns (times) included.
                    var value = Garbage[_random.Next(Garbage.Length)];
                    adc = SetCell(adc!, -1, value, imageRow: _random.Next(2) == 0);
                    Description = $"ADC cell = '{value}'";
                    break;
                }

            case 6:
                {
                    // Names that are not bin ids (month 13, day 00, no instrument, a target suffix).
                    string[] wrong = [Lid.Replace("IFCB", "IFXB", StringComparison.Ordinal), Lid + "_00001", Lid[..^1] + "x"];
                    Name = wrong[_random.Next(wrong.Length)];
                    Description = $"files named {Name}";
                    MustFail = true;
                    break;
                }

            case 7:
                {
                    var file = _random.Next(3);
                    Replace(file, [], ref hdr, ref adc, ref roi);
                    Description = $"empty {Ext(file)}";
                    MustFail = true;
                    break;
                }

            case 8:
                Description = ".roi is a directory";
                MustFail = true;
                break;
            case 9:
                Description = $"{Ext(_random.Next(3))} unreadable (chmod 000)";
                break;
            case 10:
                {
                    var file = _random.Next(3);
                    Description = $"missing {Ext(file)}";
                    MustFail = true;
                    Replace(file, null, ref hdr, ref adc, ref roi);
                    break;
                }

            case 13:
                {
                    // A FIFO in place of a file: opening one for reading waits for a writer that never comes.
                    var file = _random.Next(3);
                    Description = $"{Ext(file)} is a FIFO";
                    MustFail = true;
                    Fifo = Ext(file);
                    Replace(file, null, ref hdr, ref adc, ref roi);
                    break;
                }

            case 12:
                {
                    // A header value replaced: run and inhibit times feed the volume when the ADC lacks them.
                    var lines = Encoding.UTF8.GetString(hdr!).Split('\n');
                    var keyed = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(':', StringComparison.Ordinal)).ToList();
                    var value = Garbage[_random.Next(Garbage.Length)];
                    string key;
                    if (keyed.Count > 0)
                    {
                        var line = keyed[_random.Next(keyed.Count)];
                        key = lines[line][..lines[line].IndexOf(':', StringComparison.Ordinal)];
                        lines[line] = $"{key}: {value}";
                    }
                    else
                    {
                        // Legacy (v1) headers are positional lines of values: replace one value of one line.
                        var line = _random.Next(lines.Length);
                        var cells = lines[line].Split(',');
                        cells[_random.Next(cells.Length)] = value;
                        lines[line] = string.Join(',', cells);
                        key = $"line {line + 1}";
                    }

                    hdr = Encoding.UTF8.GetBytes(string.Join('\n', lines));
                    Description = $"header {key} = '{value}'";
                    break;
                }

            default:
                {
                    // One to three random byte edits anywhere (flip, insert, delete).
                    var edits = new List<string>();
                    for (var n = _random.Next(1, 4); n > 0; n--)
                    {
                        var file = _random.Next(3);
                        var data = Edit(file switch { 0 => hdr!, 1 => adc!, _ => roi! }, out var what);
                        edits.Add($"{Ext(file)} {what}");
                        Replace(file, data, ref hdr, ref adc, ref roi);
                    }

                    Description = "bytes: " + string.Join(", ", edits);
                    break;
                }
        }

        var basePath = Path.Combine(folder, Name);
        WriteIf(basePath + ".hdr", hdr);
        WriteIf(basePath + ".adc", adc);
        if (kind == 8)
        {
            Directory.CreateDirectory(basePath + ".roi");
        }
        else
        {
            WriteIf(basePath + ".roi", roi);
        }

        if (Fifo is not null && Mkfifo(basePath + Fifo, Convert.ToUInt32("644", 8)) != 0)
        {
            throw new IOException($"mkfifo failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }

        if (kind == 9 && !OperatingSystem.IsWindows())
        {
            var path = basePath + Description[..4];
            File.SetUnixFileMode(path, UnixFileMode.None);
            // Root reads a chmod 000 file anyway (CI runs as root): then the bin is unchanged and must be classified.
            MustFail = !CanRead(path);
            Description += MustFail == true ? "" : " (readable anyway: running as root)";
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int Mkfifo(string path, uint mode);

    private static void Replace(int file, byte[]? data, ref byte[]? hdr, ref byte[]? adc, ref byte[]? roi)
    {
        switch (file)
        {
            case 0:
                hdr = data;
                break;
            case 1:
                adc = data;
                break;
            default:
                roi = data;
                break;
        }
    }

    private static void WriteIf(string path, byte[]? bytes)
    {
        if (bytes is not null)
        {
            File.WriteAllBytes(path, bytes);
        }
    }

    private static bool CanRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Ext(int file) => file switch { 0 => ".hdr", 1 => ".adc", _ => ".roi" };

    private byte[] Edit(byte[] data, out string what)
    {
        var pos = data.Length == 0 ? 0 : _random.Next(data.Length);
        var value = (byte)_random.Next(256);
        switch (_random.Next(3))
        {
            case 0 when data.Length > 0:
                var copy = (byte[])data.Clone();
                copy[pos] ^= (byte)(value | 1);
                what = $"flip at {pos}";
                return copy;
            case 1:
                what = $"insert 0x{value:x2} at {pos}";
                return [.. data.AsSpan(0, pos), value, .. data.AsSpan(pos)];
            default:
                if (data.Length == 0)
                {
                    what = "nothing (empty)";
                    return data;
                }

                what = $"delete at {pos}";
                return [.. data.AsSpan(0, pos), .. data.AsSpan(pos + 1)];
        }
    }

    // Replaces one cell of one ADC line (an image-bearing one when asked and there is one).
    private byte[] SetCell(byte[] adc, int column, string value, bool imageRow)
    {
        var lines = Encoding.ASCII.GetString(adc).Split('\n');
        var candidates = Enumerable.Range(0, lines.Length)
            .Where(i => lines[i].Trim().Length > 0 && (!imageRow || Base.ImageLines.Contains(i)))
            .ToList();
        if (candidates.Count == 0)
        {
            return adc;
        }

        var line = candidates[_random.Next(candidates.Count)];
        var cells = lines[line].TrimEnd('\r').Split(',');
        column = column < 0 ? _random.Next(cells.Length) : column;
        if (column < cells.Length)
        {
            cells[column] = value;
        }

        lines[line] = string.Join(',', cells) + (lines[line].EndsWith('\r') ? "\r" : "");
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}
