using Ifcb.Data;
using PureHDF;

namespace Ifcb.Formats.ClassScores;

/// <summary>
/// Reads v3 class-score files as pyifcb does (<c>output_scores</c>, <c>class_labels</c>, <c>roi_numbers</c> are required),
/// accepting the variants in the wild: float16/32/64 scores, uint16/int32/uint32 roi numbers, UTF-8 labels (SMHI), and
/// files without the <c>metadata</c> dataset. Reading is managed (PureHDF), so it needs no native library.
/// </summary>
public static class ClassScoresV3Reader
{
    /// <summary>Reads <paramref name="path"/>; malformed files raise <see cref="IfcbDataException"/> naming the file.</summary>
    public static ClassScoresV3 Read(string path)
    {
        try
        {
            using var file = H5File.OpenRead(path);
            var labels = ReadStrings(file, "class_labels") ?? throw new IfcbDataException(path, "missing dataset 'class_labels'");
            var scoresSet = Require(file, path, "output_scores");
            var dims = scoresSet.Space.Dimensions;
            if (dims.Length != 2)
            {
                throw new IfcbDataException(path, $"'output_scores' has {dims.Length} dimensions, expected 2 (ROIs x classes)");
            }

            var rows = (int)dims[0];
            var columns = (int)dims[1];
            if (columns != labels.Length)
            {
                throw new IfcbDataException(path, $"'output_scores' has {columns} columns but there are {labels.Length} class labels");
            }

            var scores = ReadFloats(scoresSet);
            var rois = ReadUInts(Require(file, path, "roi_numbers"), path);
            if (rois.Length != rows)
            {
                throw new IfcbDataException(path, $"'roi_numbers' has {rois.Length} values for {rows} score rows");
            }

            var binId = Path.GetFileName(path).Replace("_class.h5", "", StringComparison.Ordinal);
            string modelId = "", timestamp = "", version = "v3";
            if (file.LinkExists("metadata"))
            {
                var meta = file.Dataset("metadata");
                modelId = StringAttribute(meta, "model_id") ?? "";
                timestamp = StringAttribute(meta, "timestamp") ?? "";
                version = StringAttribute(meta, "version") ?? version;
                binId = StringAttribute(meta, "bin_id") ?? binId;
            }

            double[]? thresholds = null;
            if (file.LinkExists("thresholds"))
            {
                thresholds = ReadDoubles(file.Dataset("thresholds"));
            }

            return new ClassScoresV3
            {
                BinId = binId,
                ClassLabels = labels,
                RoiNumbers = rois,
                Scores = scores,
                ModelId = modelId,
                Timestamp = timestamp,
                Version = version,
                ClassNames = ReadStrings(file, "class_name"),
                Thresholds = thresholds is not null && thresholds.Length == labels.Length ? thresholds : null,
            };
        }
        catch (IfcbDataException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new IfcbDataException(path, $"not a readable HDF5 class file: {ex.Message}", inner: ex);
        }
    }

    private static IH5Dataset Require(IH5Group file, string path, string name)
        => file.LinkExists(name) ? file.Dataset(name) : throw new IfcbDataException(path, $"missing dataset '{name}'");

    private static string[]? ReadStrings(IH5Group file, string name)
        => file.LinkExists(name) ? file.Dataset(name).Read<string[]>() : null;

    private static string? StringAttribute(IH5Dataset dataset, string name)
        => dataset.AttributeExists(name) ? dataset.Attribute(name).Read<string>() : null;

    private static float[] ReadFloats(IH5Dataset dataset)
    {
        var size = dataset.Type.Size;
        return dataset.Type.Class switch
        {
            H5DataTypeClass.FloatingPoint when size == 4 => dataset.Read<float[]>(),
            H5DataTypeClass.FloatingPoint when size == 8 => Array.ConvertAll(dataset.Read<double[]>(), x => (float)x),
            H5DataTypeClass.FloatingPoint when size == 2 => Array.ConvertAll(dataset.Read<Half[]>(), x => (float)x),
            _ => throw new InvalidDataException($"scores of type {dataset.Type.Class} ({size} bytes) are not supported"),
        };
    }

    private static double[] ReadDoubles(IH5Dataset dataset)
        => dataset.Type.Class == H5DataTypeClass.FloatingPoint && dataset.Type.Size == 8
            ? dataset.Read<double[]>()
            : Array.ConvertAll(ReadFloats(dataset), x => (double)x);

    private static uint[] ReadUInts(IH5Dataset dataset, string path)
    {
        var type = dataset.Type;
        if (type.Class != H5DataTypeClass.FixedPoint)
        {
            // Some writers store roi numbers as floats; accept them when they are whole numbers.
            return Array.ConvertAll(ReadFloats(dataset), x => x >= 0 && x == MathF.Floor(x)
                ? (uint)x
                : throw new IfcbDataException(path, $"'roi_numbers' holds {x}, not a target number"));
        }

        long[] values = (type.Size, type.FixedPoint.IsSigned) switch
        {
            (1, false) => Array.ConvertAll(dataset.Read<byte[]>(), x => (long)x),
            (2, false) => Array.ConvertAll(dataset.Read<ushort[]>(), x => (long)x),
            (2, true) => Array.ConvertAll(dataset.Read<short[]>(), x => (long)x),
            (4, false) => Array.ConvertAll(dataset.Read<uint[]>(), x => (long)x),
            (4, true) => Array.ConvertAll(dataset.Read<int[]>(), x => (long)x),
            (8, true) => dataset.Read<long[]>(),
            (8, false) => Array.ConvertAll(dataset.Read<ulong[]>(), x => (long)x),
            _ => throw new IfcbDataException(path, $"'roi_numbers' has an unsupported {type.Size}-byte integer type"),
        };
        return Array.ConvertAll(values, x => x is >= 0 and <= uint.MaxValue
            ? (uint)x
            : throw new IfcbDataException(path, $"'roi_numbers' holds {x}, outside 0..{uint.MaxValue}"));
    }
}
