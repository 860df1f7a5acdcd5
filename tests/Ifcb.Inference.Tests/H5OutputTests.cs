using System.Globalization;
using System.Text.Json;
using Ifcb.Data.Directories;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Preprocessing;
using Ifcb.Inference.Runs;
using Ifcb.Inference.Sources;
using Ifcb.Inference.Tests.Support;
using Ifcb.Testing;

namespace Ifcb.Inference.Tests;

[Trait("Category", "Reference")]
public sealed class H5OutputTests(ModelFixture models) : IClassFixture<ModelFixture>, IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ifcb-h5-");

    public void Dispose() => _out.Delete(recursive: true);

    [Fact]
    public async Task The_v3_h5_reads_back_in_h5py_exactly_as_pyifcb_and_the_Dashboard_read_it()
    {
        // Given the real fixture bins classified with the shared preprocessing into h5 and csv
        var run = new ClassifyRun(new BinRoiSource(), RoiPreprocessors.For, ScoresFormats.Create, new FixedClock(new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero)));
        var result = await run.RunAsync(
            new ClassifyRequest { Inputs = [.. TestBins.CompleteBins.Select(TestData.PathOf)], ModelPath = models.RunFolder, OutputRoot = _out.FullName, Formats = ["h5", "csv"], BatchSize = 5, PreprocessWorkers = 2 },
            null,
            CancellationToken.None);
        Assert.Empty(result.Pipeline.Failures);

        // When h5py reads each file the way pyifcb's ClassScores v3 reader does
        var script = Path.Combine(_out.FullName, "read.py");
        File.WriteAllText(script, """
            import sys, json, h5py, numpy as np
            out = {}
            for path in sys.argv[1:]:
                with h5py.File(path, 'r') as f:
                    labels = [l.decode('ascii') for l in f['class_labels'][:]]
                    scores = f['output_scores'][:]
                    rois = f['roi_numbers'][:]
                    md = f['metadata']
                    out[path] = {
                        'labels': labels, 'scores': scores.astype(float).tolist(), 'shape': list(scores.shape),
                        'score_dtype': str(scores.dtype), 'rois': rois.astype(int).tolist(), 'roi_dtype': str(rois.dtype),
                        'classes': f['output_classes'][:].astype(int).tolist(), 'md_empty': md.shape is None,
                        'attrs': {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in md.attrs.items()},
                        'gzip': f['output_scores'].compression}
            print(json.dumps(out))
            """);
        var h5 = new H5ScoresFormat();
        var csv = new CsvScoresFormat();
        var bins = new BinRoiSource().Discover([.. TestBins.CompleteBins.Select(TestData.PathOf)], BinFilter.None, new List<BinFailure>());
        var paths = bins.Select(b => h5.PathFor(_out.FullName, b)).ToArray();
        using var json = JsonDocument.Parse(Python.Run(script, paths));

        // Then labels, ROI numbers, float32 scores (equal to the CSV), argmax classes and metadata are all there
        foreach (var bin in bins)
        {
            var e = json.RootElement.GetProperty(h5.PathFor(_out.FullName, bin));
            Assert.Equal(TinyModel.DefaultLabels, e.GetProperty("labels").EnumerateArray().Select(x => x.GetString()));
            Assert.Equal("float32", e.GetProperty("score_dtype").GetString());
            Assert.Equal("uint32", e.GetProperty("roi_dtype").GetString());
            if (e.GetProperty("shape")[0].GetInt32() > 0)
            {
                // An empty dataset has nothing to compress (and HDF5 cannot chunk a zero-sized one).
                Assert.Equal("gzip", e.GetProperty("gzip").GetString());
            }

            Assert.True(e.GetProperty("md_empty").GetBoolean());
            var attrs = e.GetProperty("attrs");
            Assert.Equal("v3", attrs.GetProperty("version").GetString());
            Assert.Equal("tiny-card-1", attrs.GetProperty("model_id").GetString());
            Assert.Equal("2026-05-06T07:08:09Z", attrs.GetProperty("timestamp").GetString());
            Assert.Equal(bin.Lid, attrs.GetProperty("bin_id").GetString());
            var rows = File.ReadAllLines(csv.PathFor(_out.FullName, bin)).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(rows.Select(r => int.Parse(r[0][^5..], CultureInfo.InvariantCulture)), e.GetProperty("rois").EnumerateArray().Select(x => x.GetInt32()));
            var scores = e.GetProperty("scores").EnumerateArray().Select(r => r.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray()).ToList();
            Assert.Equal(rows.Count, scores.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                Assert.Equal(rows[i].Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture)), scores[i]);
                Assert.Equal(Array.IndexOf(scores[i], scores[i].Max()), e.GetProperty("classes")[i].GetInt32());
            }
        }

        Assert.Equal(["00001", "00002", "00003", "00005", "00006"], File.ReadAllLines(csv.PathFor(_out.FullName, bins.Single(b => b.Lid == "IFCB5_2012_028_081515"))).Skip(1).Select(l => l.Split(',')[0][^5..]));
    }
}
