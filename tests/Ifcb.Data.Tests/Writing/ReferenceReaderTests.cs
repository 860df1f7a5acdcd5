using System.Diagnostics;
using Ifcb.Data.Writing;
using Ifcb.Testing;

namespace Ifcb.Data.Tests.Writing;

/// <summary>Checks the zip and PNGs with Python's zipfile, json and PIL (Debian's /usr/bin/python3).</summary>
[Trait("Category", "Reference")]
public sealed class ReferenceReaderTests : IDisposable
{
    // Reads the .roi with numpy exactly as pyifcb does and compares every PNG that PIL decodes from the zip.
    private const string Script = """
import sys, zipfile, json, io, csv
import numpy as np
from PIL import Image
zpath, base, schema = sys.argv[1], sys.argv[2], int(sys.argv[3])
z = zipfile.ZipFile(zpath)
assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist()), 'not stored'
names = z.namelist()
lid = json.loads(z.read('metadata.json'))['lid']
assert names[:3] == ['metadata.json', lid + '_headers.json', lid + '.csv'], names[:3]
json.loads(z.read(lid + '_headers.json'))
x = 9 if schema == 1 else 13
rows = [r for r in csv.reader(open(base + '.adc')) if r]
roi = open(base + '.roi', 'rb').read()
checked = 0
for t, r in enumerate(rows, start=1):
    w, h, start = int(r[x + 2]), int(r[x + 3]), int(r[x + 4])
    name = '%s_%05d.png' % (lid, t)
    if w == 0 or name not in names:
        continue
    im = np.array(Image.open(io.BytesIO(z.read(name))))
    if len(sys.argv) > 4 and t == int(sys.argv[4]):
        assert im.shape == (int(sys.argv[5]), int(sys.argv[6])), ('stitched', im.shape)
        continue
    assert im.dtype == np.uint8 and im.shape == (h, w), (name, im.shape)
    raw = np.frombuffer(roi[start:start + w * h], dtype=np.uint8).reshape((h, w))
    assert (im == raw).all(), name
    checked += 1
print('ok', checked)
""";

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-pyref-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Theory]
    [InlineData(TestBins.V2White, 19, "0", 0, 0)]
    [InlineData(TestBins.McLane, 17, "0", 0, 0)]
    [InlineData(TestBins.V1Stitched, 4, "3", 86, 263)] // 1, 2, 5, 6 raw; stitched 3 is 86x263
    public void Python_reads_the_zip_and_every_png_equals_the_raw_roi(string fixture, int expectedChecked, string stitched, int h, int w)
    {
        // Given a bin zipped by our writer
        using var bin = Bin.Open(TestData.PathOf(fixture));
        var zip = BinZipWriter.WriteTo(bin, _temp.FullName);

        // When Python's zipfile + PIL read it back against numpy reads of the .roi
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var output = RunPython(zip, TestData.PathOf(fixture), bin.Id.SchemaVersion.ToString(inv), stitched, h.ToString(inv), w.ToString(inv));

        // Then every entry checks out
        Assert.Equal($"ok {expectedChecked}", output.Trim());
    }

    private static string RunPython(params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return stdout.Result;
    }
}
