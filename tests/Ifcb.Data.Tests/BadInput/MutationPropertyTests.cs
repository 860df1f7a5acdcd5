using CsCheck;
using Ifcb.Data.Writing;
using Ifcb.Testing;

namespace Ifcb.Data.Tests.BadInput;

/// <summary>
/// Mutates real fixture bins (flip, insert or delete bytes, truncate) thousands of times: reading, stitching,
/// volume and zip writing may only fail with <see cref="IfcbDataException"/>, never hang, never read past the file.
/// </summary>
public sealed class MutationPropertyTests : IDisposable
{
    private static readonly string[] Fixtures = [TestBins.V1Stitched, TestBins.V2White, TestBins.McLane];
    private static readonly string[] Extensions = [".hdr", ".adc", ".roi"];
    private static readonly byte[][][] Originals = Fixtures
        .Select(f => Extensions.Select(e => File.ReadAllBytes(TestData.PathOf(f) + e)).ToArray()).ToArray();

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-mutate-");

    public void Dispose() => _temp.Delete(recursive: true);

    /// <summary>One edit: which file, what kind, where (0..1 of the length), the byte to write.</summary>
    public sealed record Edit(int File, int Kind, double Where, byte Value)
    {
        public byte[] Apply(byte[] data)
        {
            var pos = (int)(Where * data.Length);
            return Kind switch
            {
                0 when data.Length > 0 => Flip(data, Math.Min(pos, data.Length - 1)),
                1 => [.. data.AsSpan(0, pos), Value, .. data.AsSpan(pos)],
                2 when data.Length > 0 => [.. data.AsSpan(0, Math.Min(pos, data.Length - 1)), .. data.AsSpan(Math.Min(pos, data.Length - 1) + 1)],
                3 => data[..pos],
                _ => data,
            };

            byte[] Flip(byte[] d, int at)
            {
                var copy = (byte[])d.Clone();
                copy[at] = Value == copy[at] ? (byte)(Value ^ 0x55) : Value;
                return copy;
            }
        }
    }

    private static readonly Gen<Edit> EditGen = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 3], Gen.Double[0, 1], Gen.Byte,
        (file, kind, where, value) => new Edit(file, kind, where, value));

    // Mostly digits, commas and newlines when editing text files: those reach the parsers' interesting paths.
    private static readonly Gen<Edit> TextEditGen = Gen.Select(Gen.Int[0, 1], Gen.Int[0, 2], Gen.Double[0, 1],
        Gen.OneOf((byte)'0', (byte)'9', (byte)',', (byte)'\n', (byte)'-', (byte)'.', (byte)'e', (byte)' ', (byte)':'),
        (file, kind, where, value) => new Edit(file, kind, where, value));

    [Fact]
    public void Random_byte_edits_only_ever_raise_data_exceptions()
    {
        Gen.Select(Gen.Int[0, Fixtures.Length - 1], EditGen.Array[1, 3])
            .Sample((fixture, edits) => Exercise(fixture, edits), iter: 1200, threads: 1, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Text_like_edits_of_adc_and_hdr_only_ever_raise_data_exceptions()
    {
        Gen.Select(Gen.Int[0, Fixtures.Length - 1], TextEditGen.Array[1, 4])
            .Sample((fixture, edits) => Exercise(fixture, edits), iter: 1200, threads: 1, seed: "0N0XIzNsQ0O3");
    }

    private void Exercise(int fixture, Edit[] edits)
    {
        var files = Originals[fixture].ToArray();
        foreach (var e in edits)
        {
            files[e.File] = e.Apply(files[e.File]);
        }

        var dir = Path.Combine(_temp.FullName, "case");
        Directory.CreateDirectory(dir);
        var basePath = Path.Combine(dir, Path.GetFileName(Fixtures[fixture]));
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllBytes(basePath + Extensions[i], files[i]);
        }

        // A hang detector, not a speed check: a healthy case takes milliseconds.
        // PNG-encoding a whole zip is the slow part: do it for a quarter of the cases.
        var zip = edits[0].Where < 0.25;
        var run = Task.Run(() => ReadEverything(basePath, zip));
        Assert.True(run.Wait(TimeSpan.FromSeconds(30)), "reading a mutated bin did not finish");
    }

    private static void ReadEverything(string basePath, bool zip)
    {
        try
        {
            using var bin = Bin.Open(basePath);
            _ = bin.Volume;
            _ = BinZipWriter.HeadersJson(bin.Header);
            _ = BinZipWriter.AdcCsv(bin.Adc);
            var buffer = new byte[bin.Roi.Images.Select(i => i.Length).DefaultIfEmpty(0).Max()];
            foreach (var image in bin.Roi.Images)
            {
                if (bin.Roi.Errors.ContainsKey(image.Target))
                {
                    Assert.Throws<IfcbDataException>(() => bin.Roi.ReadImage(image.Target, buffer));
                    continue;
                }

                // Never outside the file.
                Assert.InRange(image.StartByte, 0, bin.Roi.Length);
                Assert.True(image.StartByte + image.Length <= bin.Roi.Length);
                Assert.Equal(image.Length, bin.Roi.ReadImage(image.Target, buffer));
            }

            foreach (var target in bin.Images)
            {
                try
                {
                    var pixels = bin.ReadImage(target, out var w, out var h);
                    Assert.Equal(w * h, pixels.Length);
                }
                catch (IfcbDataException ex)
                {
                    // The target itself, or the bad second half of its stitch pair.
                    Assert.NotNull(ex.Target);
                }
            }

            if (!zip)
            {
                return;
            }

            using var zipStream = new MemoryStream();
            try
            {
                BinZipWriter.Write(bin, zipStream);
            }
            catch (IfcbDataException)
            {
                Assert.NotEmpty(bin.Problems);
            }
        }
        catch (IfcbDataException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Reason));
            Assert.StartsWith(Path.GetDirectoryName(basePath)!, ex.FilePath);
        }
    }
}
