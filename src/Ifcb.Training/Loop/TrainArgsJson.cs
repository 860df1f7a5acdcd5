using System.Text.Json;
using System.Text.Json.Serialization;
using Ifcb.Data;
using Ifcb.Data.IO;

namespace Ifcb.Training.Loop;

/// <summary>Writes and reads <see cref="TrainOptions"/> as <c>args.json</c> (snake_case, enums as names).</summary>
public static class TrainArgsJson
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes atomically.</summary>
    public static void Write(string path, TrainOptions options) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(options, Json) + "\n");

    /// <summary>Reads the arguments of an earlier run.</summary>
    public static TrainOptions Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new IfcbDataException(path, "not a training run folder (args.json missing)");
        }

        try
        {
            return JsonSerializer.Deserialize<TrainOptions>(File.ReadAllText(path), Json) ?? throw new IfcbDataException(path, "empty arguments");
        }
        catch (JsonException e)
        {
            throw new IfcbDataException(path, $"unreadable arguments: {e.Message}");
        }
    }
}
