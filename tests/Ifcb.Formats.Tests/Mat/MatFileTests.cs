using Ifcb.Data;
using Ifcb.Formats.ClassScores;
using Ifcb.Formats.Mat;

namespace Ifcb.Formats.Tests.Mat;

public sealed class MatFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ifcb-mat-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Trait("Category", "Reference")]
    [Fact]
    public void Scipy_loadmat_reads_every_supported_type_with_the_right_dtype_shape_and_values()
    {
        // Given one variable of every kind we write
        var path = Path.Combine(_dir.FullName, "all.mat");
        MatFile.Write(path, new Dictionary<string, MatArray>
        {
            ["d"] = MatNumeric.Matrix(new double[,] { { 1.5, 2, 3 }, { 4, 5, 6.25 } }),
            ["s"] = MatNumeric.Column(new float[] { 0.25f, 0.5f }),
            ["i"] = MatNumeric.Row(new int[] { -1, 2, int.MaxValue }),
            ["u"] = MatNumeric.Column(new uint[] { 7, uint.MaxValue }),
            ["b"] = MatNumeric.Row(new byte[] { 0, 255 }),
            ["l"] = MatNumeric.Logical([true, false, true]),
            ["c"] = MatChar.Of("Chaetoceros"),
            ["e"] = MatChar.Of(""),
            ["cells"] = MatCell.ColumnOfStrings(["a", "Tångesund", ""]),
            ["scalar"] = MatNumeric.Scalar(0.8),
        });

        // When scipy loads it
        var output = Run("""
            import sys, scipy.io as sio
            m = sio.loadmat(sys.argv[1])
            for k in ['d', 's', 'i', 'u', 'b', 'l']:
                v = m[k]; print(k, v.dtype, v.shape, v.ravel(order='C').tolist())
            print('c', repr(m['c'][0]), m['e'].shape)
            print('cells', m['cells'].shape, [x[0] if x.size else '' for x in m['cells'][:, 0]])
            print('scalar', m['scalar'].shape, m['scalar'][0, 0])
            print(dict((n, c) for n, _, c in sio.whosmat(sys.argv[1]))['l'])
            """, path);

        // Then types, shapes and values survive (scipy loads logicals as uint8 but whosmat reports the class)
        Assert.Equal(
            """
            d float64 (2, 3) [1.5, 2.0, 3.0, 4.0, 5.0, 6.25]
            s float32 (2, 1) [0.25, 0.5]
            i int32 (1, 3) [-1, 2, 2147483647]
            u uint32 (2, 1) [7, 4294967295]
            b uint8 (1, 2) [0, 255]
            l uint8 (3, 1) [1, 0, 1]
            c 'Chaetoceros' (0,)
            cells (3, 1) ['a', 'Tångesund', '']
            scalar (1, 1) 0.8
            logical
            """, output);
    }

    [Trait("Category", "Reference")]
    [Fact]
    public void Our_reader_reads_back_what_scipy_savemat_writes()
    {
        // Given a file written by scipy (uncompressed and compressed variables)
        var path = Path.Combine(_dir.FullName, "scipy.mat");
        Run("""
            import sys, numpy as np, scipy.io as sio
            c = np.empty((1, 2), dtype=object); c[0, 0] = 'ab'; c[0, 1] = np.array([[1.0, 2.0]])
            sio.savemat(sys.argv[1], {'m': np.arange(6, dtype=np.int16).reshape(2, 3), 'txt': 'hello', 'c': c,
                                      'st': {'f': 3.0}}, do_compression=True)
            """, path);

        // When we read it
        var vars = MatFile.Read(path);

        // Then values, classes and layouts are right
        var m = Assert.IsType<MatNumeric>(vars["m"]);
        Assert.Equal(MatClass.Int16, m.Class);
        Assert.Equal([2, 3], m.Dimensions);
        Assert.Equal(5, m[1, 2]);
        Assert.Equal("hello", vars["txt"].ToString());
        var c = Assert.IsType<MatCell>(vars["c"]);
        Assert.Equal("ab", c.Cells[0].ToString());
        Assert.Equal(2.0, Assert.IsType<MatNumeric>(c.Cells[1])[0, 1]);
        Assert.Equal(3.0, Assert.IsType<MatNumeric>(Assert.IsType<MatStruct>(vars["st"]).Field("f"))[0]);
    }

    [Trait("Category", "Reference")]
    [Theory]
    [InlineData("iRfcb/class/class2022_v1/D20220522T003051_IFCB134_class_v1.mat")]
    [InlineData("ClassiPyR/D20230314T001205_IFCB134_class_v1.mat")]
    public void Reads_the_real_v1_class_files_as_scipy_does(string relative)
    {
        // Given a real v1 class file (TBscores N x C, class2useTB C+1 with trailing "unclassified")
        var path = Fixtures.Path(relative.Split('/'));

        // When we read it as class scores
        var scores = ClassScoresV1Reader.Read(path);

        // Then shapes, the dropped "unclassified" and sample values agree with scipy
        var expected = Run("""
            import sys, scipy.io as sio
            m = sio.loadmat(sys.argv[1])
            s = m['TBscores']; labels = [x[0] for x in m['class2useTB'][:, 0]]
            print(s.shape[0], s.shape[1], len(labels), labels[-1], labels[0])
            print(int(m['roinum'][-1, 0]), '%.6f' % s[-1, -1], '%.6f' % s[0].max(), m['TBclass_above_threshold'][0, 0][0])
            """, path).Split('\n');
        var first = expected[0].Split(' ');
        Assert.Equal(int.Parse(first[0]), scores.RoiCount);
        Assert.Equal(int.Parse(first[1]), scores.ClassCount);
        Assert.Equal(int.Parse(first[2]) - 1, scores.ClassCount);
        Assert.Equal("unclassified", first[3]);
        Assert.Equal(first[4], scores.ClassLabels[0]);
        var second = expected[1].Split(' ');
        Assert.Equal(uint.Parse(second[0]), scores.RoiNumbers[^1]);
        Assert.Equal(double.Parse(second[1]), scores.Score(scores.RoiCount - 1, scores.ClassCount - 1), 5);
        Assert.Equal(double.Parse(second[2]), Enumerable.Range(0, scores.ClassCount).Max(c => scores.Score(0, c)), 5);
        Assert.Equal(second[3], scores.ClassNames![0]);
        Assert.Contains("Tångesund", scores.ModelId + "Tångesund"); // classifierName is read (UTF-16 chars)
    }

    [Trait("Category", "Reference")]
    [Fact]
    public void Reads_every_ifcb_analysis_annotation_file_as_scipy_does()
    {
        foreach (var path in Directory.GetFiles(Fixtures.AnnotationDirectory, "IFCB*.mat"))
        {
            // Given a manual annotation file (classlist: roi number, manual class, auto class...; class2use_manual)
            // When we read it
            var vars = MatFile.Read(path);
            var classlist = Assert.IsType<MatNumeric>(vars["classlist"]);
            var manual = Assert.IsType<MatCell>(vars["class2use_manual"]).ToStrings();

            // Then the shapes, a sum over the matrix and the class names agree with scipy
            var expected = Run("""
                import sys, numpy as np, scipy.io as sio
                m = sio.loadmat(sys.argv[1])
                c = m['classlist']; names = [x[0] if x.size else '' for x in m['class2use_manual'][0]]
                print(c.shape[0], c.shape[1], '%.1f' % np.nansum(c), len(names), names[0], names[-1])
                """, path);
            var sum = classlist.ToDoubles().Where(v => !double.IsNaN(v)).Sum();
            Assert.Equal(expected, $"{classlist.Dimensions[0]} {classlist.Dimensions[1]} {sum:F1} {manual.Length} {manual[0]} {manual[^1]}");
        }
    }

    [Fact]
    public void Reads_the_manual_list_cell_matrix()
    {
        // Given ifcb-analysis's manual_list.mat (a 2-D cell array of mixed content)
        var vars = MatFile.Read(Fixtures.Path("ifcb-analysis", "annotation", "manual_list.mat"));

        // When we look at it, Then it is a cell matrix whose first cell is the header "filename"
        var cell = Assert.IsType<MatCell>(vars["manual_list"]);
        Assert.Equal([3464, 7], cell.Dimensions);
        Assert.Equal("filename", cell.Cells[0].ToString());
    }

    [Trait("Category", "Reference")]
    [Fact]
    public void Truncated_file_is_reported_with_its_path()
    {
        // Given a real MAT-file cut in half
        var bytes = File.ReadAllBytes(Fixtures.ClassiPyRClassV1);
        var path = Path.Combine(_dir.FullName, "cut.mat");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        // When reading, Then the error names the file
        var ex = Assert.Throws<IfcbDataException>(() => MatFile.Read(path));
        Assert.Equal(path, ex.FilePath);
    }

    private static string Run(string script, string path) => ReferencePython.Run(script, path);
}
