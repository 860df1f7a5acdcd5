using Ifcb.Data;
using Ifcb.Formats.Labels;
using Ifcb.Formats.Mat;

namespace Ifcb.Formats.Tests.Labels;

public sealed class ManualAnnotationFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ifcb-annotation-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Trait("Category", "Reference")]
    [Fact]
    public void Every_fixture_resolves_to_the_roi_class_pairs_scipy_reads()
    {
        foreach (var path in Directory.GetFiles(Fixtures.AnnotationDirectory, "IFCB*.mat"))
        {
            // Given a real ifcb-analysis manual-annotation file
            // When we read its labels
            var result = ManualAnnotationFile.Read(path);

            // Then the annotated (roi, class name) pairs and the NaN count are scipy's
            var expected = ReferencePython.Run("""
                import sys, numpy as np, scipy.io as sio
                m = sio.loadmat(sys.argv[1])
                c = m['classlist']; names = [x[0] if x.size else '' for x in m['class2use_manual'][0]]
                print(int(np.isnan(c[:, 1]).sum()))
                for roi, cls in c[~np.isnan(c[:, 1])][:, :2]:
                    print('%d %s' % (roi, names[int(cls) - 1]))
                """, path).Split('\n');
            Assert.Equal(expected[0], result.Unannotated.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(expected.Skip(1), result.Labels.Select(l => $"{l.Target} {l.Class}"));
            Assert.All(result.Labels, l => Assert.Equal(Path.GetFileNameWithoutExtension(path), l.Bin.Lid));
        }
    }

    [Theory]
    // Counts determined with scipy.io.loadmat: annotated rows, NaN rows, first and last annotated (roi, class).
    [InlineData("IFCB1_2006_158_000036", 535, 1338, "2 ciliate", "1872 mix")]
    [InlineData("IFCB5_2011_188_163602", 6053, 0, "1 roundCell", null)]
    [InlineData("IFCB1_2006_280_031831", 36, 4901, null, null)]
    [InlineData("IFCB1_2007_027_193424", 0, 2309, null, null)]
    public void Known_fixture_counts(string bin, int annotated, int unannotated, string? first, string? last)
    {
        var result = ManualAnnotationFile.Read(Path.Combine(Fixtures.AnnotationDirectory, bin + ".mat"));

        Assert.Equal((annotated, unannotated), (result.Labels.Count, result.Unannotated));
        if (first is not null)
        {
            Assert.Equal(first, $"{result.Labels[0].Target} {result.Labels[0].Class}");
            Assert.Equal($"{bin}_{result.Labels[0].Target:D5}", result.Labels[0].Pid);
        }

        if (last is not null)
        {
            Assert.Equal(last, $"{result.Labels[^1].Target} {result.Labels[^1].Class}");
        }
    }

    [Fact]
    public void A_folder_reads_every_bin_file_and_names_the_others()
    {
        // Given the fixture folder (seven {bin id}.mat files and manual_list.mat)
        // When read as one label source
        var set = RoiLabelSet.Load([Fixtures.AnnotationDirectory]);

        // Then every annotated ROI is there once, NaN rows are counted, and manual_list.mat is named as skipped
        var files = Directory.GetFiles(Fixtures.AnnotationDirectory, "IFCB*.mat").Select(ManualAnnotationFile.Read).ToList();
        Assert.Equal(files.Sum(f => f.Labels.Count), set.Labels.Count);
        Assert.Equal(files.Sum(f => f.Unannotated), set.Unannotated);
        Assert.Contains(set.Notes, n => n.Contains("manual_list.mat", StringComparison.Ordinal));
        Assert.Contains(set.Notes, n => n.Contains($"{set.Unannotated} ROIs without a manual class", StringComparison.Ordinal));
    }

    [Fact]
    public void A_class_index_outside_class2use_manual_names_file_and_roi()
    {
        // Given an annotation whose ROI 2 points past the two class names
        var path = Write("D20240101T000000_IFCB123", new double[,] { { 1, 1, double.NaN }, { 2, 3, double.NaN } }, ["a", "b"]);

        // When read, Then the error names the file, the ROI (target) and the reason
        var ex = Assert.Throws<IfcbDataException>(() => ManualAnnotationFile.Read(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Equal(2, ex.Target);
        Assert.Contains("class2use_manual (1..2)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_not_named_after_a_bin_or_without_classlist_is_refused_by_name()
    {
        var notBin = Write("annotations", new double[,] { { 1, 1, 1 } }, ["a"]);
        var noClasslist = Path.Combine(_dir.FullName, "D20240101T000000_IFCB123.mat");
        MatFile.Write(noClasslist, new Dictionary<string, MatArray> { ["class2use_manual"] = MatCell.RowOfStrings(["a"]) });

        Assert.Contains("{bin id}.mat", Assert.Throws<IfcbDataException>(() => ManualAnnotationFile.Read(notBin)).Message, StringComparison.Ordinal);
        Assert.Contains("classlist", Assert.Throws<IfcbDataException>(() => ManualAnnotationFile.Read(noClasslist)).Message, StringComparison.Ordinal);
    }

    private string Write(string name, double[,] classlist, string[] classes)
    {
        var path = Path.Combine(_dir.FullName, name + ".mat");
        MatFile.Write(path, new Dictionary<string, MatArray>
        {
            ["classlist"] = MatNumeric.Matrix(classlist),
            ["class2use_manual"] = MatCell.RowOfStrings(classes),
        });
        return path;
    }
}
