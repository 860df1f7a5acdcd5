using Ifcb.Data.IO;
using Ifcb.Inference.Sources;
using Parquet;
using Parquet.Schema;

namespace Ifcb.Inference.Outputs;

/// <summary>
/// <c>{LID}_class_scores.parquet</c>: a <c>pid</c> string column and a float32 column per class (WHOI ifcb-inference's
/// shape); with embeddings, float32 columns <c>feature_0..F-1</c> follow.
/// </summary>
public sealed class ParquetScoresFormat : IScoresFormat
{
    /// <inheritdoc/>
    public string Name => "parquet";

    /// <inheritdoc/>
    public string PathFor(string root, BinEntry bin)
        => Path.Combine(OutputLayout.Folder(root, bin), $"{bin.Lid}_class_scores.parquet");

    /// <inheritdoc/>
    public void Write(string path, BinScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var n = scores.RoiNumbers.Count;
        var c = scores.Labels.Count;
        var pid = new DataField<string>("pid");
        var classFields = scores.Labels.Select(l => new DataField<float>(l)).ToArray();
        var featureFields = Enumerable.Range(0, scores.Features is null ? 0 : scores.FeatureSize).Select(i => new DataField<float>($"feature_{i}")).ToArray();
        var schema = new ParquetSchema([pid, .. classFields, .. featureFields]);
        AtomicFile.Write(path, stream => WriteAsync(stream).GetAwaiter().GetResult());

        async Task WriteAsync(Stream stream)
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(pid, scores.RoiNumbers.Select(t => OutputLayout.RoiId(scores.Lid, t)).ToArray());
            var column = new float[n];
            for (var j = 0; j < c; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    column[i] = scores.Scores[(i * c) + j];
                }

                await group.WriteAsync<float>(classFields[j], column.AsMemory());
            }

            for (var f = 0; f < featureFields.Length; f++)
            {
                for (var i = 0; i < n; i++)
                {
                    column[i] = scores.Features![(i * scores.FeatureSize) + f];
                }

                await group.WriteAsync<float>(featureFields[f], column.AsMemory());
            }
        }
    }

    /// <inheritdoc/>
    public float[]? ReadValid(string path, BinScores expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return ReadAsync(path, expected).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or ParquetException or ArgumentException or NotSupportedException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static async Task<float[]?> ReadAsync(string path, BinScores expected)
    {
        var n = expected.RoiNumbers.Count;
        var c = expected.Labels.Count;
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        var featureCount = expected.Features is null ? 0 : expected.FeatureSize;
        if (fields.Length != 1 + c + featureCount || fields[0].Name != "pid" || !fields.Skip(1).Take(c).Select(f => f.Name).SequenceEqual(expected.Labels))
        {
            return null;
        }

        if (n == 0)
        {
            return reader.RowGroupCount <= 1 ? [] : null;
        }

        if (reader.RowGroupCount != 1)
        {
            return null;
        }

        using var group = reader.OpenRowGroupReader(0);
        if (group.RowCount != n)
        {
            return null;
        }

        var pids = new string?[n];
        await group.ReadAsync(fields[0], pids.AsMemory());
        for (var i = 0; i < n; i++)
        {
            if (pids[i] != OutputLayout.RoiId(expected.Lid, expected.RoiNumbers[i]))
            {
                return null;
            }
        }

        var scores = new float[n * c];
        var column = new float[n];
        for (var j = 0; j < c; j++)
        {
            await group.ReadAsync<float>(fields[1 + j], column.AsMemory());
            for (var i = 0; i < n; i++)
            {
                scores[(i * c) + j] = column[i];
            }
        }

        return scores;
    }
}
