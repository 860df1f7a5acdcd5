using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Ifcb.Inference.Quantization;

/// <summary>Reading and writing the constant tensors (initializers) of an ONNX graph.</summary>
internal static class OnnxTensors
{
    private const int FloatType = (int)TensorProto.Types.DataType.Float;

    /// <summary>The values of a float initializer, whether stored as raw bytes or as <c>float_data</c>.</summary>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != FloatType)
        {
            throw new NotSupportedException($"initializer '{tensor.Name}' is of ONNX type {tensor.DataType}, not float");
        }

        if (!tensor.RawData.IsEmpty)
        {
            return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        }

        return [.. tensor.FloatData];
    }

    /// <summary>A float initializer of the given shape.</summary>
    public static TensorProto Floats(string name, ReadOnlySpan<float> values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values), dims);

    /// <summary>A signed 8-bit initializer.</summary>
    public static TensorProto Int8(string name, ReadOnlySpan<sbyte> values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int8, MemoryMarshal.AsBytes(values), dims);

    /// <summary>An unsigned 8-bit initializer.</summary>
    public static TensorProto UInt8(string name, ReadOnlySpan<byte> values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Uint8, values, dims);

    /// <summary>A signed 32-bit initializer.</summary>
    public static TensorProto Int32(string name, ReadOnlySpan<int> values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int32, MemoryMarshal.AsBytes(values), dims);

    private static TensorProto Raw(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> bytes, long[] dims)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw data is little-endian.");
        }

        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
