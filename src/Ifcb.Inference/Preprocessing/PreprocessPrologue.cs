using Google.Protobuf;
using Ifcb.Imaging;
using Onnx;

namespace Ifcb.Inference.Preprocessing;

/// <summary>
/// The shared preprocessing (<see cref="Preprocessor"/>: Pillow-exact bilinear resize, stretch or pad, then scale and
/// normalise) expressed as ONNX operators, so that a GPU can run it in front of the model and the CPU only reads bins
/// and packs 8-bit pixels. Inputs: <see cref="PixelsInput"/> uint8 [N, H, W] (each ROI top-left, zero beyond its own
/// size; H and W are the batch's largest) and <see cref="GeometryInput"/> double [N, 7] (see <see cref="Pack"/>).
/// Output: float [N, C, S, S], the tensor <see cref="Preprocessor"/> writes.
/// <para>It reproduces the C# path exactly on the CPU: the filter coefficients are computed with the same double
/// operations in the same order (the normalising sum with CumSum, which ONNX Runtime's CPU kernel adds in sequence),
/// the two passes are products of integers below 2^31 in double (exact in any order), and each pass is rounded with
/// Pillow's 22-bit fixed point. On a GPU a parallel CumSum may add in another order: a last-bit change of one
/// normalising sum can move a pixel by one grey level.</para>
/// </summary>
public static class PreprocessPrologue
{
    /// <summary>The 8-bit pixel input.</summary>
    public const string PixelsInput = "roi_pixels";

    /// <summary>The per-ROI geometry input: width, height, resized width, resized height, left, top, background level.</summary>
    public const string GeometryInput = "roi_geometry";

    private const double Half = 1 << 21;
    private const double One = 1 << 22;

    /// <summary>The prologue alone: inputs <see cref="PixelsInput"/> and <see cref="GeometryInput"/>, output <paramref name="outputName"/>.</summary>
    public static ModelProto Build(PreprocessOptions options, string outputName = "input")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var graph = new GraphProto { Name = "ifcb_preprocess" };
        graph.Input.Add(Value(PixelsInput, TensorProto.Types.DataType.Uint8, "N", "H", "W"));
        graph.Input.Add(Value(GeometryInput, TensorProto.Types.DataType.Double, "N", 7));
        graph.Output.Add(Value(outputName, TensorProto.Types.DataType.Float, "N", options.Channels, options.InputSize, options.InputSize));
        AddNodes(graph, options, outputName);
        var model = new ModelProto { IrVersion = 8, ProducerName = "ifcb", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    /// <summary>
    /// Puts the prologue in front of <paramref name="model"/> (opset 13 or later): its image input is replaced by the
    /// two prologue inputs. Returns the combined model's bytes.
    /// </summary>
    public static byte[] Attach(ModelProto model, PreprocessOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        if (opset < 13)
        {
            throw new NotSupportedException($"the preprocessing prologue needs a model of opset 13 or later, not {opset}");
        }

        var graph = model.Graph;
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var image = graph.Input.First(i => !initializers.Contains(i.Name));
        var prologue = new GraphProto();
        AddNodes(prologue, options, image.Name);
        graph.Input.Remove(image);
        graph.Input.Insert(0, Value(GeometryInput, TensorProto.Types.DataType.Double, "N", 7));
        graph.Input.Insert(0, Value(PixelsInput, TensorProto.Types.DataType.Uint8, "N", "H", "W"));
        var body = graph.Node.ToList();
        graph.Node.Clear();
        graph.Node.AddRange(prologue.Node);
        graph.Node.AddRange(body);
        graph.Initializer.AddRange(prologue.Initializer);
        return model.ToByteArray();
    }

    /// <summary>
    /// Packs ROIs for the prologue: pixels into <paramref name="pixels"/> ([count, height, width], zero padded; use
    /// <see cref="PackedShape"/> for the size) and per ROI (width, height, resized width, resized height, left, top,
    /// background) into <paramref name="geometry"/>. The geometry is what <see cref="Preprocessor.ResizeToSquare"/>
    /// computes; the background level (the median of the ROI's border) only matters for <see cref="ResizeMode.Pad"/>.
    /// </summary>
    public static void Pack(IReadOnlyList<(byte[] Pixels, int Width, int Height)> rois, PreprocessOptions options, Span<byte> pixels, Span<double> geometry)
    {
        ArgumentNullException.ThrowIfNull(rois);
        ArgumentNullException.ThrowIfNull(options);
        var (height, width) = PackedShape(rois);
        pixels[..(rois.Count * height * width)].Clear();
        var size = options.InputSize;
        for (var n = 0; n < rois.Count; n++)
        {
            var (source, w, h) = rois[n];
            for (var y = 0; y < h; y++)
            {
                source.AsSpan(y * w, w).CopyTo(pixels.Slice((n * height * width) + (y * width), w));
            }

            var g = geometry.Slice(n * 7, 7);
            if (options.Resize == ResizeMode.Stretch)
            {
                g[0] = w; g[1] = h; g[2] = size; g[3] = size; g[4] = 0; g[5] = 0; g[6] = 0;
                continue;
            }

            var scale = (double)size / Math.Max(w, h);
            var outW = Math.Clamp((int)Math.Round(w * scale, MidpointRounding.AwayFromZero), 1, size);
            var outH = Math.Clamp((int)Math.Round(h * scale, MidpointRounding.AwayFromZero), 1, size);
            g[0] = w; g[1] = h; g[2] = outW; g[3] = outH; g[4] = (size - outW) / 2; g[5] = (size - outH) / 2;
            g[6] = Preprocessor.BackgroundLevel(source.AsSpan(0, w * h), w, h);
        }
    }

    /// <summary>The padded [height, width] of a packed batch: the largest ROI sides.</summary>
    public static (int Height, int Width) PackedShape(IReadOnlyList<(byte[] Pixels, int Width, int Height)> rois)
    {
        ArgumentNullException.ThrowIfNull(rois);
        return (rois.Max(r => r.Height), rois.Max(r => r.Width));
    }

    private static void AddNodes(GraphProto graph, PreprocessOptions options, string outputName)
    {
        var b = new Builder(graph);
        var size = options.InputSize;
        var p = b.Op("Cast", [PixelsInput], ("to", (long)TensorProto.Types.DataType.Double));
        var shape = b.Op("Shape", [p]);
        var g = Enumerable.Range(0, 7).Select(i => b.Op("Reshape", [
            b.Op("Slice", [GeometryInput, b.Longs([i]), b.Longs([i + 1]), b.Longs([1])]), b.Longs([-1, 1, 1])])).ToArray();

        // Horizontal coefficients [N, W, S] (source column on axis 1), vertical [N, H, S] (source row on axis 1).
        var wh = Coefficients(b, shape, 2, g[0], g[2], g[4], size);
        var wv = Coefficients(b, shape, 1, g[1], g[3], g[5], size);

        // Pass 1: [N, H, W] x [N, W, S]; pass 2: [N, S, H] x [N, H, S]; each rounded to 8 bits as Pillow does.
        var t = Round8(b, b.Op("MatMul", [p, wh.Weights]));
        var r = Round8(b, b.Op("MatMul", [b.Op("Transpose", [wv.Weights], ("perm", new long[] { 0, 2, 1 })), t]));

        // Outside the resized rectangle: the background level (pad mode; stretch covers the whole square).
        var mask = b.Op("Mul", [b.Op("Transpose", [wv.Valid], ("perm", new long[] { 0, 2, 1 })), wh.Valid]);
        var canvas = b.Op("Add", [r, b.Op("Mul", [g[6], b.Op("Sub", [b.Doubles([1]), mask])])]);

        // ToTensor then Normalize, in float as the C# lookup table computes them.
        var level = b.Op("Unsqueeze", [b.Op("Cast", [canvas], ("to", (long)TensorProto.Types.DataType.Float)), b.Longs([1])]);
        var scaled = b.Op("Div", [level, b.Floats([255f])]);
        var planes = new List<string>();
        for (var c = 0; c < options.Channels; c++)
        {
            var mean = options.Mean[options.Mean.Count == 1 ? 0 : c];
            var std = options.Std[options.Std.Count == 1 ? 0 : c];
            planes.Add(b.Op("Div", [b.Op("Sub", [scaled, b.Floats([mean])]), b.Floats([std])]));
        }

        var output = graph.Node.Count;
        b.Op("Concat", planes, ("axis", 1L));
        graph.Node[output].Output[0] = outputName;
    }

    private static string Round8(Builder b, string sums)
    {
        var floor = b.Op("Floor", [b.Op("Div", [b.Op("Add", [sums, b.Doubles([Half])]), b.Doubles([One])])]);
        return b.Op("Max", [b.Op("Min", [floor, b.Doubles([255])]), b.Doubles([0])]);
    }

    // Pillow's precompute_coeffs + normalize_coeffs_8bpc for every ROI at once (see BilinearResampler.Coefficients):
    // weights [N, source, S] in 22-bit fixed point (as doubles), and the output positions inside the resized part.
    private static (string Weights, string Valid) Coefficients(Builder b, string shape, int axis, string inSize, string outSize, string offset, int size)
    {
        var length = b.Op("Cast", [b.Op("Gather", [shape, b.Longs([axis])])], ("to", (long)TensorProto.Types.DataType.Double));
        var x = b.Op("Reshape", [b.Op("Range", [b.Scalar(0), b.Op("Reshape", [length, b.Longs([])]), b.Scalar(1)]), b.Longs([1, -1, 1])]);
        var j = b.Doubles([.. Enumerable.Range(0, size).Select(i => (double)i)], 1, 1, size);
        var xx = b.Op("Sub", [j, offset]);
        var valid = b.Op("Cast", [b.Op("And", [b.Op("Not", [b.Op("Less", [xx, b.Doubles([0])])]), b.Op("Less", [xx, outSize])])], ("to", (long)TensorProto.Types.DataType.Double));
        var scale = b.Op("Div", [inSize, outSize]);
        var filterScale = b.Op("Max", [scale, b.Doubles([1])]);
        var ss = b.Op("Div", [b.Doubles([1]), filterScale]);
        var center = b.Op("Mul", [b.Op("Add", [xx, b.Doubles([0.5])]), scale]);
        var t = b.Op("Abs", [b.Op("Mul", [b.Op("Add", [b.Op("Sub", [x, center]), b.Doubles([0.5])]), ss])]);
        var inside = b.Op("Cast", [b.Op("Less", [x, inSize])], ("to", (long)TensorProto.Types.DataType.Double));
        var w = b.Op("Mul", [b.Op("Mul", [b.Op("Max", [b.Op("Sub", [b.Doubles([1]), t]), b.Doubles([0])]), inside]), valid]);

        // The normalising sum in source order (CumSum adds in sequence; the last element is the sum).
        var sum = b.Op("Slice", [b.Op("CumSum", [w, b.Longs([1])]), b.Longs([-1]), b.Longs([long.MaxValue]), b.Longs([1])]);
        var safe = b.Op("Add", [sum, b.Op("Cast", [b.Op("Equal", [sum, b.Doubles([0])])], ("to", (long)TensorProto.Types.DataType.Double))]);
        var fixedPoint = b.Op("Floor", [b.Op("Add", [b.Op("Mul", [b.Op("Div", [w, safe]), b.Doubles([One])]), b.Doubles([0.5])])]);
        return (fixedPoint, valid);
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        foreach (var d in dims)
        {
            tensor.Shape.Dim.Add(d is string s ? new TensorShapeProto.Types.Dimension { DimParam = s } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    private sealed class Builder(GraphProto graph)
    {
        private int _next;

        public string Op(string type, IEnumerable<string> inputs, params (string Name, object Value)[] attributes)
        {
            var node = new NodeProto { OpType = type, Name = $"ifcb_pre_{_next}" };
            node.Input.AddRange(inputs);
            node.Output.Add($"ifcb_pre_{_next++}");
            foreach (var (name, value) in attributes)
            {
                node.Attribute.Add(value switch
                {
                    long i => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = i },
                    long[] ints => Ints(name, ints),
                    _ => throw new ArgumentException(name),
                });
            }

            graph.Node.Add(node);
            return node.Output[0];
        }

        public string Longs(long[] values) => Constant(TensorProto.Types.DataType.Int64, values.SelectMany(BitConverter.GetBytes).ToArray(), values.Length == 0 ? [0] : [values.Length]);

        public string Doubles(double[] values, params long[] dims) => Constant(TensorProto.Types.DataType.Double, values.SelectMany(BitConverter.GetBytes).ToArray(), dims.Length > 0 ? dims : [values.Length]);

        public string Scalar(double value) => Constant(TensorProto.Types.DataType.Double, BitConverter.GetBytes(value), []);

        public string Floats(float[] values) => Constant(TensorProto.Types.DataType.Float, values.SelectMany(BitConverter.GetBytes).ToArray(), [values.Length]);

        private static AttributeProto Ints(string name, long[] values)
        {
            var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            attribute.Ints.AddRange(values);
            return attribute;
        }

        private string Constant(TensorProto.Types.DataType type, byte[] raw, long[] dims)
        {
            var tensor = new TensorProto { Name = $"ifcb_pre_c{_next++}", DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
            tensor.Dims.AddRange(dims);

            graph.Initializer.Add(tensor);
            return tensor.Name;
        }
    }
}
