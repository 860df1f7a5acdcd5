using Ifcb.Data;
using Ifcb.Formats.ClassScores;

namespace Ifcb.Formats.Tests.ClassScores;

public sealed class ClassScoresV3Tests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ifcb-v3-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static ClassScoresV3 Sample() => new()
    {
        BinId = "D20130526T095207_IFCB013",
        ClassLabels = ["Asterionellopsis", "Chaetoceros", "detritus"],
        RoiNumbers = [2, 5, 70000],
        Scores = [0.1f, 0.7f, 0.2f, 0.8f, 0.1f, 0.1f, 0.25f, 0.25f, 0.5f],
        ModelId = "resnet18-test",
        Timestamp = "2026-11-25T19:00:00Z",
        ClassNames = ["Chaetoceros", "unclassified", "detritus"],
        Thresholds = [0.9, 0.5, 0.4],
    };

    [Trait("Category", "Reference")]
    [Fact]
    public void Written_file_reads_back_in_h5py_exactly_as_pyifcb_reads_it()
    {
        // Given a v3 class file written by us
        var path = Path.Combine(_dir.FullName, ClassScoresV3Writer.FileName("D20130526T095207_IFCB013"));
        ClassScoresV3Writer.Write(path, Sample());

        // When h5py reads it the way pyifcb does
        var output = ReferencePython.Run("""
            import sys, h5py
            with h5py.File(sys.argv[1], 'r') as f:
                s = f['output_scores'][:]
                print(s.dtype, s.shape, f['output_scores'].compression)
                print(','.join('%.2f' % v for v in s.ravel()))
                print('|'.join(l.decode('ascii') for l in f['class_labels'][:]))
                print(f['class_labels'].id.get_type().get_cset())
                r = f['roi_numbers'][:]
                print(r.dtype, list(r))
                o = f['output_classes'][:]
                print(o.dtype, list(o))
                m = f['metadata']
                print(m.shape, m.dtype, isinstance(m[()], h5py.Empty))
                print(m.attrs['version'], m.attrs['model_id'], m.attrs['timestamp'], m.attrs['bin_id'])
                print('|'.join(x.decode('ascii') for x in f['class_name'][:]), list(f['thresholds'][:]))
            """, path);

        // Then every dataset has the contract's name, type, shape and values
        var lines = output.Split('\n');
        Assert.Equal("float32 (3, 3) gzip", lines[0]);
        Assert.Equal("0.10,0.70,0.20,0.80,0.10,0.10,0.25,0.25,0.50", lines[1]);
        Assert.Equal("Asterionellopsis|Chaetoceros|detritus", lines[2]);
        Assert.Equal("0", lines[3]); // H5T_CSET_ASCII
        Assert.Equal("uint32 [2, 5, 70000]", lines[4]);
        Assert.Equal("int32 [1, 0, 2]", lines[5]);
        Assert.Equal("None float32 True", lines[6]);
        Assert.Equal("v3 resnet18-test 2026-11-25T19:00:00Z D20130526T095207_IFCB013", lines[7]);
        Assert.Equal("Chaetoceros|unclassified|detritus [0.9, 0.5, 0.4]", lines[8]);
    }

    [Trait("Category", "Reference")]
    [Fact]
    public void H5dump_sees_a_null_dataspace_and_deflate()
    {
        // Given a written class file
        var path = Path.Combine(_dir.FullName, "x_class.h5");
        ClassScoresV3Writer.Write(path, Sample());

        // When h5dump prints its header and properties
        var psi = new System.Diagnostics.ProcessStartInfo("h5dump", ["-p", "-H", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(psi)!;
        var dump = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        // Then the reference tool agrees with the contract
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("DATASPACE  NULL", dump);
        Assert.Contains("COMPRESSION DEFLATE", dump);
        Assert.Contains("H5T_CSET_ASCII", dump);
    }

    [Fact]
    public void Round_trip_through_our_reader_keeps_everything()
    {
        // Given a written file
        var path = Path.Combine(_dir.FullName, "D20130526T095207_IFCB013_class.h5");
        var sample = Sample();
        ClassScoresV3Writer.Write(path, sample);

        // When we read it back
        var read = ClassScoresV3Reader.Read(path);

        // Then it matches
        Assert.Equal(sample.ClassLabels, read.ClassLabels);
        Assert.Equal(sample.RoiNumbers, read.RoiNumbers);
        Assert.Equal(sample.Scores, read.Scores);
        Assert.Equal("resnet18-test", read.ModelId);
        Assert.Equal("v3", read.Version);
        Assert.Equal(sample.BinId, read.BinId);
        Assert.Equal(sample.ClassNames, read.ClassNames);
        Assert.Equal(sample.Thresholds, read.Thresholds);
    }

    [Trait("Category", "Reference")]
    [Fact]
    public void An_empty_bin_still_gets_a_valid_file()
    {
        // Given a bin with no ROIs (WHOI's classifier writes nothing and redoes it every run)
        var path = Path.Combine(_dir.FullName, "empty_class.h5");
        ClassScoresV3Writer.Write(path, new ClassScoresV3 { BinId = "empty", ClassLabels = ["a", "b"], RoiNumbers = [], Scores = [] });

        // When h5py reads it
        var output = ReferencePython.Run("""
            import sys, h5py
            with h5py.File(sys.argv[1], 'r') as f:
                print(f['output_scores'].shape, f['roi_numbers'].shape, len(f['class_labels']))
            """, path);

        // Then the shapes are (0, C) and (0,)
        Assert.Equal("(0, 2) (0,) 2", output);
    }

    [Fact]
    public void Non_ascii_labels_are_refused_before_anything_is_written()
    {
        // Given a label pyifcb could not decode
        var path = Path.Combine(_dir.FullName, "bad_class.h5");
        var scores = new ClassScoresV3 { BinId = "bad", ClassLabels = ["Tångesund"], RoiNumbers = [1], Scores = [1f] };

        // When writing, Then it fails and leaves no file
        var ex = Assert.Throws<ArgumentException>(() => ClassScoresV3Writer.Write(path, scores));
        Assert.Contains("not ASCII", ex.Message);
        Assert.False(File.Exists(path));
    }

    [Trait("Category", "Reference")]
    [Fact]
    public void Reads_the_SMHI_algaware_fixture_with_float64_scores_and_int32_rois()
    {
        // Given the real ifcb-algaware class file (float64 scores, int32 roi numbers, UTF-8 labels, no metadata)
        var path = Fixtures.AlgawareClassH5;

        // When we read it
        var read = ClassScoresV3Reader.Read(path);

        // Then the shapes match what h5py reports for the same file
        var expected = ReferencePython.Run("""
            import sys, h5py
            with h5py.File(sys.argv[1], 'r') as f:
                s = f['output_scores'][:]
                print(s.shape[0], s.shape[1], '%.6f' % s[0].max(), int(f['roi_numbers'][0]), int(f['roi_numbers'][-1]))
                print(f['class_labels'][0].decode('utf-8'), '|', f['class_name'][0].decode('utf-8'))
            """, path).Split('\n');
        Assert.Equal(expected[0], $"{read.RoiCount} {read.ClassCount} {Enumerable.Range(0, read.ClassCount).Max(c => read.Score(0, c)):F6} {read.RoiNumbers[0]} {read.RoiNumbers[^1]}");
        Assert.Equal(expected[1], $"{read.ClassLabels[0]} | {read.ClassNames![0]}");
        Assert.Equal("D20250714T110535_IFCB134", read.BinId);
        Assert.NotNull(read.Thresholds);
    }

    [Fact]
    public void A_file_that_is_not_HDF5_is_reported_with_its_path()
    {
        // Given a file that is not HDF5
        var path = Path.Combine(_dir.FullName, "junk_class.h5");
        File.WriteAllText(path, "not hdf5");

        // When reading, Then the domain exception names the file
        var ex = Assert.Throws<IfcbDataException>(() => ClassScoresV3Reader.Read(path));
        Assert.Equal(path, ex.FilePath);
    }

    [Fact]
    public void Parallel_writers_produce_identical_valid_files()
    {
        // Given one class file content (the classify pipeline writes bins from several threads)
        var sample = Sample();

        // When 16 copies are built concurrently
        var images = new byte[16][];
        Parallel.For(0, images.Length, i => images[i] = ClassScoresV3Writer.ToBytes(sample));

        // Then the serialised native library produced the same readable file every time
        var path = Path.Combine(_dir.FullName, "p_class.h5");
        File.WriteAllBytes(path, images[0]);
        Assert.Equal(sample.Scores, ClassScoresV3Reader.Read(path).Scores);
        Assert.All(images, image => Assert.Equal(images[0].Length, image.Length));
    }

    [Fact]
    public void Same_content_written_at_different_times_gives_identical_bytes()
    {
        // Given one set of scores (a resumed or sharded classify run rewrites the same content later)
        var scores = new ClassScoresV3
        {
            BinId = "D20130526T095207_IFCB013",
            ClassLabels = ["a", "b", "c"],
            RoiNumbers = [1, 2, 5],
            Scores = [0.1f, 0.2f, 0.7f, 0.5f, 0.25f, 0.25f, 1f, 0f, 0f],
            ModelId = "m",
            Timestamp = "2024-01-01T00:00:00Z",
        };

        // When it is encoded twice, more than a second apart (libhdf5 would stamp object times in seconds)
        var first = ClassScoresV3Writer.ToBytes(scores);
        Thread.Sleep(1100);
        var second = ClassScoresV3Writer.ToBytes(scores);

        // Then the files are byte-identical
        Assert.Equal(first, second);
    }
}
