using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ifcb.Synthetic.Painting;

/// <summary>
/// A reusable float density buffer that shapes are accumulated into, then blurred, lit and quantised
/// into 8-bit pixels. One instance per thread: nothing is allocated per pixel or per shape.
/// </summary>
/// <remarks>
/// Every per-pixel loop runs on <see cref="Vector{T}"/> lanes. A pixel's value is a function of its
/// coordinates and the shape alone (lanes outside a row segment add exactly 0), never of where a vector
/// chunk starts, so the pixels are the same whatever the vector width or thread count.
/// </remarks>
internal sealed class Canvas
{
    // Slack after the last row: a vector chunk that starts on the last pixel may read and write past it.
    private const int Pad = 64;

    [ThreadStatic]
    private static Canvas? _instance;

    private static readonly Vector<float> LaneOffsets = Vector<float>.Indices;
    private static readonly Vector<int> LaneIndices = Vector<int>.Indices;

    private float[] _density = new float[(1 << 16) + Pad];
    private float[] _scratch = new float[(1 << 16) + Pad];
    private readonly float[] _gradient = new float[PlanktonPainter.MaxSide + Pad];
    private int _width;
    private int _height;
    private float _offsetX;
    private float _offsetY;

    // The pixels any shape touched: densities outside it are exactly zero.
    private Rect _dirty;

    /// <summary>The calling thread's canvas.</summary>
    public static Canvas ForThread => _instance ??= new Canvas();

    private static int Lanes => Vector<float>.Count;

    /// <summary>Clears a <paramref name="width"/> x <paramref name="height"/> canvas whose object origin is at the offset.</summary>
    public void Reset(int width, int height, float offsetX, float offsetY)
    {
        var n = width * height;
        if (_density.Length < n + Pad)
        {
            _density = new float[n + Pad];
            _scratch = new float[n + Pad];
        }

        _width = width;
        _height = height;
        _offsetX = offsetX;
        _offsetY = offsetY;
        _dirty = Rect.Empty;
        _density.AsSpan(0, n + Pad).Clear();
    }

    /// <summary>Accumulates one shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Draw(in Shape shape)
    {
        var (minX, minY, maxX, maxY) = shape.Bounds();
        var x0 = Math.Max(0, (int)MathF.Floor(minX + _offsetX));
        var y0 = Math.Max(0, (int)MathF.Floor(minY + _offsetY));
        var x1 = Math.Min(_width - 1, (int)MathF.Ceiling(maxX + _offsetX));
        var y1 = Math.Min(_height - 1, (int)MathF.Ceiling(maxY + _offsetY));
        if (x0 > x1 || y0 > y1)
        {
            return;
        }

        _dirty = _dirty.Union(new Rect(x0, y0, x1, y1));
        switch (shape.Kind)
        {
            case ShapeKind.Capsule:
                DrawCapsule(shape, x0, y0, x1, y1);
                break;
            case ShapeKind.Lens:
                DrawLens(shape, x0, y0, x1, y1);
                break;
            case ShapeKind.Disc:
                DrawDisc(shape, x0, y0, x1, y1);
                break;
            default:
                DrawEllipse(shape, x0, y0, x1, y1);
                break;
        }
    }

    // x + 0.5 - c for the lanes of a chunk starting at column x: the distance of pixel centres from c.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Offsets(int x, Vector<float> minusCentre) => new Vector<float>(x) + LaneOffsets + new Vector<float>(0.5f) + minusCentre;

    // Adds the lanes of value that lie in columns [x, last] to the buffer at x; other lanes add nothing.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref float row, int x, int last, Vector<float> value)
    {
        var keep = Vector.LessThanOrEqual(LaneIndices, new Vector<int>(last - x));
        ref var p = ref Unsafe.Add(ref row, x);
        (Vector.LoadUnsafe(ref p) + Vector.ConditionalSelect(keep, value, Vector<float>.Zero)).StoreUnsafe(ref p);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawEllipse(in Shape s, int x0, int y0, int x1, int y1)
    {
        var k = new EllipseKernel(s);
        var cx = s.X + _offsetX;
        var cy = s.Y + _offsetY;
        var minusCx = new Vector<float>(-cx);

        // In a row at height dy, q2 (the squared normalised radius) is a quadratic in dx:
        // alpha dx^2 + 2 (beta dy) dx + gamma dy^2. Its roots bound the columns that can be inside.
        var invA2 = k.InvA * k.InvA;
        var invB2 = k.InvB * k.InvB;
        var alpha = (k.Cos * k.Cos * invA2) + (k.Sin * k.Sin * invB2);
        var beta = k.Cos * k.Sin * (invA2 - invB2);
        var gamma = (k.Sin * k.Sin * invA2) + (k.Cos * k.Cos * invB2);
        ref var buffer = ref MemoryMarshal.GetArrayDataReference(_density);
        for (var y = y0; y <= y1; y++)
        {
            var dy = y + 0.5f - cy;
            var b = beta * dy;
            var c = gamma * dy * dy;
            if (!Roots(alpha, b, c, k.SpanLimit2, out var outerLo, out var outerHi))
            {
                continue;
            }

            // One column of slack either side: the per-pixel test decides, the span only has to contain it.
            var from = Math.Max(x0, (int)MathF.Floor(cx + outerLo - 0.5f) - 1);
            var to = Math.Min(x1, (int)MathF.Ceiling(cx + outerHi - 0.5f) + 1);
            if (from > to)
            {
                continue;
            }

            // Well inside the outline (one column of slack inwards): full cover, no rim, no halo.
            var innerFrom = to + 1;
            var innerTo = to;
            if (k.FastInside2 > 0 && Roots(alpha, b, c, k.FastInside2, out var innerLo, out var innerHi))
            {
                innerFrom = Math.Max(from, (int)MathF.Ceiling(cx + innerLo - 0.5f) + 1);
                innerTo = Math.Min(to, (int)MathF.Floor(cx + innerHi - 0.5f) - 1);
            }

            ref var row = ref Unsafe.Add(ref buffer, y * _width);
            EllipseRow(ref row, from, to, innerFrom, innerTo, k, minusCx, new Vector<float>(dy * k.Cos), new Vector<float>(dy * k.Sin));
        }
    }

    // The roots lo <= hi of alpha t^2 + 2 b t + c = limit (alpha > 0); false when there are none.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Roots(float alpha, float b, float c, float limit, out float lo, out float hi)
    {
        var disc = (b * b) - (alpha * (c - limit));
        if (disc < 0)
        {
            lo = hi = 0;
            return false;
        }

        var sq = MathF.Sqrt(disc);
        lo = (-b - sq) / alpha;
        hi = (-b + sq) / alpha;
        return true;
    }

    // Columns [from, to] of one row. Chunks wholly inside [innerFrom, innerTo] take the interior value;
    // the others the full edge function, which gives the very same value there (full cover, no rim or
    // halo), so a pixel's value does not depend on where chunks start.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EllipseRow(ref float row, int from, int to, int innerFrom, int innerTo, in EllipseKernel k, Vector<float> minusCx, Vector<float> dyCos, Vector<float> dySin)
    {
        var lanes = Lanes;
        for (var x = from; x <= to; x += lanes)
        {
            Vector<float> value;
            if (x >= innerFrom && x + lanes - 1 <= innerTo)
            {
                value = k.Pattern == ShapePattern.None ? k.DensityV : k.Inside(Offsets(x, minusCx), dyCos, dySin);
            }
            else
            {
                value = k.Edge(Offsets(x, minusCx), dyCos, dySin);
            }

            Accumulate(ref row, x, to, value);
        }
    }

    // Granules are the most numerous shapes: a plain anti-aliased disc, no rotation or pattern.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawDisc(in Shape s, int x0, int y0, int x1, int y1)
    {
        var minusCx = new Vector<float>(-(s.X + _offsetX));
        var cy = s.Y + _offsetY;
        var edge = new Vector<float>(s.A + 0.5f);
        var outer = new Vector<float>((s.A + 0.5f) * (s.A + 0.5f));
        var density = new Vector<float>(s.Density);
        ref var buffer = ref MemoryMarshal.GetArrayDataReference(_density);
        for (var y = y0; y <= y1; y++)
        {
            var dy = new Vector<float>(y + 0.5f - cy);
            var dy2 = dy * dy;
            ref var row = ref Unsafe.Add(ref buffer, y * _width);
            for (var x = x0; x <= x1; x += Lanes)
            {
                var dx = Offsets(x, minusCx);
                var r2 = Vector.FusedMultiplyAdd(dx, dx, dy2);
                var value = Vector.MinNative(edge - Vector.SquareRoot(r2), Vector<float>.One) * density;
                Accumulate(ref row, x, x1, Vector.ConditionalSelect(Vector.LessThan(r2, outer), value, Vector<float>.Zero));
            }
        }
    }

    // The columns of the row at height yc whose pixel centres may lie within radius of the segment
    // (ax, ay)-(bx, by), clipped to [x0, x1]; an empty range comes back as from > to.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int From, int To) SegmentRow(float ax, float ay, float bx, float by, float radius, float yc, int x0, int x1)
    {
        float lo, hi;
        var ey = by - ay;
        if (MathF.Abs(ey) < 1e-4f)
        {
            if (MathF.Abs(yc - ay) > radius)
            {
                return (1, 0);
            }

            lo = MathF.Min(ax, bx);
            hi = MathF.Max(ax, bx);
        }
        else
        {
            var t0 = (yc - radius - ay) / ey;
            var t1 = (yc + radius - ay) / ey;
            if (t0 > t1)
            {
                (t0, t1) = (t1, t0);
            }

            t0 = MathF.Max(t0, 0);
            t1 = MathF.Min(t1, 1);
            if (t0 > t1)
            {
                return (1, 0);
            }

            var xa = ax + (t0 * (bx - ax));
            var xb = ax + (t1 * (bx - ax));
            lo = MathF.Min(xa, xb);
            hi = MathF.Max(xa, xb);
        }

        return (Math.Max(x0, (int)MathF.Floor(lo - radius - 0.5f)), Math.Min(x1, (int)MathF.Ceiling(hi + radius)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawCapsule(in Shape s, int x0, int y0, int x1, int y1)
    {
        var ax = s.X + _offsetX;
        var ay = s.Y + _offsetY;
        var bx = s.X1 + _offsetX;
        var by = s.Y1 + _offsetY;
        var ex = bx - ax;
        var ey = by - ay;
        var len2 = MathF.Max((ex * ex) + (ey * ey), 1e-6f);
        var inv = new Vector<float>(1 / len2);
        var exv = new Vector<float>(ex);
        var eyv = new Vector<float>(ey);
        var minusAx = new Vector<float>(-ax);
        var half = new Vector<float>(0.5f + s.B);
        var density = new Vector<float>(s.Density);
        ref var buffer = ref MemoryMarshal.GetArrayDataReference(_density);
        for (var y = y0; y <= y1; y++)
        {
            var py = new Vector<float>(y + 0.5f - ay);
            var pyey = py * eyv;
            var (from, to) = SegmentRow(ax, ay, bx, by, s.B + 1, y + 0.5f, x0, x1);
            ref var row = ref Unsafe.Add(ref buffer, y * _width);
            for (var x = from; x <= to; x += Lanes)
            {
                var px = Offsets(x, minusAx);
                var t = Vector.MinNative(Vector.MaxNative(Vector.FusedMultiplyAdd(px, exv, pyey) * inv, Vector<float>.Zero), Vector<float>.One);
                var qx = Vector.FusedMultiplyAdd(t, -exv, px);
                var qy = Vector.FusedMultiplyAdd(t, -eyv, py);
                var cover = half - Vector.SquareRoot(Vector.FusedMultiplyAdd(qx, qx, qy * qy));
                var value = Vector.MinNative(cover, Vector<float>.One) * density;
                Accumulate(ref row, x, to, Vector.ConditionalSelect(Vector.GreaterThan(cover, Vector<float>.Zero), value, Vector<float>.Zero));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawLens(in Shape s, int x0, int y0, int x1, int y1)
    {
        var cos = MathF.Cos(s.Angle);
        var sin = MathF.Sin(s.Angle);
        var cx = s.X + _offsetX;
        var cy = s.Y + _offsetY;
        var cosV = new Vector<float>(cos);
        var sinV = new Vector<float>(sin);
        var invA = new Vector<float>(1 / s.A);
        var a = new Vector<float>(s.A);
        var b = new Vector<float>(s.B);
        var minusCx = new Vector<float>(-cx);
        var density = new Vector<float>(s.Density);
        var raphe = new Vector<float>(s.P2);
        var point8 = new Vector<float>(0.8f);
        var half = new Vector<float>(0.5f);
        var halfRim = s.RimWidth * 0.5f;
        var halfRimV = new Vector<float>(halfRim);
        var invRimSpan = new Vector<float>(1 / (halfRim + 0.5f));
        var rim = new Vector<float>(s.Rim);
        var (ux, uy) = (cos * s.A, sin * s.A);
        ref var buffer = ref MemoryMarshal.GetArrayDataReference(_density);
        for (var y = y0; y <= y1; y++)
        {
            var dy = new Vector<float>(y + 0.5f - cy);
            var (from, to) = SegmentRow(cx - ux, cy - uy, cx + ux, cy + uy, s.B + 1.5f, y + 0.5f, x0, x1);
            ref var row = ref Unsafe.Add(ref buffer, y * _width);
            for (var x = from; x <= to; x += Lanes)
            {
                var dx = Offsets(x, minusCx);
                var u = (dx * cosV) + (dy * sinV);
                var v = Vector.Abs((dy * cosV) - (dx * sinV));
                var nu = u * invA;
                var nu2 = nu * nu;
                var tips = Vector.GreaterThanOrEqual(nu2, Vector<float>.One);
                var d = Vector.ConditionalSelect(tips, Vector.Abs(u) - a + v, v - (b * (Vector<float>.One - nu2)));
                var cover = Vector.MinNative(Vector.MaxNative(half - d, Vector<float>.Zero), Vector<float>.One);
                var value = cover * density;
                var onRaphe = Vector.BitwiseAnd(Vector.LessThan(v, point8), Vector.LessThan(nu2, point8));
                value += Vector.ConditionalSelect(onRaphe, raphe * (point8 - v), Vector<float>.Zero);
                if (halfRim > 0)
                {
                    var t = Vector<float>.One - (Vector.Abs(d + halfRimV) * invRimSpan);
                    value += rim * Vector.MaxNative(t, Vector<float>.Zero);
                }

                Accumulate(ref row, x, to, Vector.ConditionalSelect(Vector.GreaterThan(cover, Vector<float>.Zero), value, Vector<float>.Zero));
            }
        }
    }

    /// <summary>
    /// Blurs the densities, lights them against a background with a gradient, adds sensor noise and
    /// writes 8-bit pixels into <paramref name="destination"/>.
    /// </summary>
    /// <remarks>
    /// Only the dirty rectangle is blurred (it grows by a pixel per pass); outside it densities are
    /// exactly zero and the pixels are background plus noise, the very values the full computation gives.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Render(Span<byte> destination, SynthRandom rng, in Lighting light)
    {
        var w = _width;
        var h = _height;
        var lanes = Lanes;

        // All blur passes but the last vertical half; that one is done row by row as the rows are lit,
        // which saves a sweep. Horizontal halves also cover the two zero rows either side, so that the
        // vertical half next reads zeros there. Lit values go back into the density buffer.
        ref var density = ref MemoryMarshal.GetArrayDataReference(_density);
        ref var scratch = ref MemoryMarshal.GetArrayDataReference(_scratch);
        var passes = light.BlurPasses;
        var rect = _dirty;
        if (!rect.IsEmpty)
        {
            if (passes == 0)
            {
                _density.AsSpan(rect.Y0 * w, (rect.Y1 - rect.Y0 + 1) * w).CopyTo(_scratch.AsSpan(rect.Y0 * w));
            }

            for (var pass = 0; pass < passes; pass++)
            {
                var grown = rect.Grow(w, h);
                BlurRows(ref density, ref scratch, w, Math.Max(rect.Y0 - 2, 0), Math.Min(rect.Y1 + 2, h - 1), grown.X0, grown.X1);
                if (pass < passes - 1)
                {
                    BlurColumns(ref scratch, ref density, w, h, grown);
                }

                rect = grown;
            }
        }

        var noise = NoiseTable.Samples;
        var noiseScale = new Vector<float>(light.NoiseSigma);
        var maxDensity = new Vector<float>(light.MaxDensity);
        var contrast = new Vector<float>(light.Contrast);
        var white = new Vector<float>(255.5f);
        var quarter = new Vector<float>(0.25f);
        var half = new Vector<float>(0.5f);

        // The horizontal part of the background gradient, the same for every row.
        ref var gradient = ref MemoryMarshal.GetArrayDataReference(_gradient);
        for (var x = 0; x < w; x++)
        {
            Unsafe.Add(ref gradient, x) = light.GradientX * x;
        }

        var halfW = w * 0.5f;
        var halfH = h * 0.5f;
        for (var y = 0; y < h; y++)
        {
            var rowBase = light.Background + (light.GradientY * (y - halfH)) - (light.GradientX * halfW) + 0.5f;
            var rowBaseV = new Vector<float>(rowBase);
            ref var lit = ref Unsafe.Add(ref density, y * w);

            // Noise comes from a fixed table at a random offset per row: vector loads instead of a
            // random draw per pixel, and still decided by the image's own generator.
            ref var noiseRow = ref noise[rng.NextBelow(NoiseTable.Length - w)];
            if (rect.IsEmpty || y < rect.Y0 || y > rect.Y1)
            {
                Background(ref lit, ref noiseRow, ref gradient, 0, w - 1, rowBaseV, noiseScale);
                continue;
            }

            // With passes == 0 the rows were copied unblurred: up = mid = down gives them back unchanged.
            ref var up = ref Unsafe.Add(ref scratch, (passes == 0 ? y : Math.Max(y - 1, 0)) * w);
            ref var mid = ref Unsafe.Add(ref scratch, y * w);
            ref var down = ref Unsafe.Add(ref scratch, (passes == 0 ? y : Math.Min(y + 1, h - 1)) * w);

            // Left background, the object's columns (the last chunk may spill over), right background
            // (which rewrites what spilled over).
            Background(ref lit, ref noiseRow, ref gradient, 0, rect.X0 - 1, rowBaseV, noiseScale);
            var x = rect.X0;
            for (; x <= rect.X1 && x <= w - lanes; x += lanes)
            {
                var blurred = passes == 0
                    ? Vector.LoadUnsafe(ref mid, (nuint)x)
                    : Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref up, (nuint)x) + Vector.LoadUnsafe(ref down, (nuint)x), quarter, Vector.LoadUnsafe(ref mid, (nuint)x) * half);
                var b = rowBaseV + Vector.LoadUnsafe(ref gradient, (nuint)x);
                var dens = blurred * contrast;
                var darker = b * (Vector<float>.One - Vector.MinNative(dens, maxDensity));
                var brighter = Vector.FusedMultiplyAdd(white - b, Vector.MinNative(-dens, Vector<float>.One), b);
                var value = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(dens, Vector<float>.Zero), darker, brighter);
                Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref noiseRow, (nuint)x), noiseScale, value).StoreUnsafe(ref lit, (nuint)x);
            }

            // The same arithmetic, lane by lane, where a vector would run past the end of the row.
            for (; x <= rect.X1; x++)
            {
                var blurred = passes == 0
                    ? Unsafe.Add(ref mid, x)
                    : MathF.FusedMultiplyAdd(Unsafe.Add(ref up, x) + Unsafe.Add(ref down, x), 0.25f, Unsafe.Add(ref mid, x) * 0.5f);
                var b = rowBase + Unsafe.Add(ref gradient, x);
                var dens = blurred * light.Contrast;
                var value = dens >= 0 ? b * (1 - MathF.Min(dens, light.MaxDensity)) : MathF.FusedMultiplyAdd(255.5f - b, MathF.Min(-dens, 1), b);
                Unsafe.Add(ref lit, x) = MathF.FusedMultiplyAdd(Unsafe.Add(ref noiseRow, x), light.NoiseSigma, value);
            }

            Background(ref lit, ref noiseRow, ref gradient, rect.X1 + 1, w - 1, rowBaseV, noiseScale);
        }

        Quantise(ref density, ref MemoryMarshal.GetReference(destination), w * h);
    }

    // Columns [from, to] of a row without density: background plus noise (what lighting gives for zero
    // density). The last vector may spill past to; callers rewrite those columns afterwards.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Background(ref float lit, ref float noiseRow, ref float gradient, int from, int to, Vector<float> rowBase, Vector<float> noiseScale)
    {
        for (var x = from; x <= to; x += Lanes)
        {
            var b = rowBase + Vector.LoadUnsafe(ref gradient, (nuint)x);
            Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref noiseRow, (nuint)x), noiseScale, b).StoreUnsafe(ref lit, (nuint)x);
        }
    }

    // Truncates values to bytes, clamped to 0..255.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quantise(ref float source, ref byte destination, int count)
    {
        var lanes = Lanes;
        var top = new Vector<float>(255f);
        var x = 0;
        for (; x <= count - (4 * lanes); x += 4 * lanes)
        {
            var a = Vector.AsVectorUInt32(Vector.ConvertToInt32Native(Vector.MinNative(Vector.MaxNative(Vector.LoadUnsafe(ref source, (nuint)x), Vector<float>.Zero), top)));
            var b = Vector.AsVectorUInt32(Vector.ConvertToInt32Native(Vector.MinNative(Vector.MaxNative(Vector.LoadUnsafe(ref source, (nuint)(x + lanes)), Vector<float>.Zero), top)));
            var c = Vector.AsVectorUInt32(Vector.ConvertToInt32Native(Vector.MinNative(Vector.MaxNative(Vector.LoadUnsafe(ref source, (nuint)(x + (2 * lanes))), Vector<float>.Zero), top)));
            var d = Vector.AsVectorUInt32(Vector.ConvertToInt32Native(Vector.MinNative(Vector.MaxNative(Vector.LoadUnsafe(ref source, (nuint)(x + (3 * lanes))), Vector<float>.Zero), top)));
            Vector.Narrow(Vector.Narrow(a, b), Vector.Narrow(c, d)).StoreUnsafe(ref destination, (nuint)x);
        }

        for (; x < count; x++)
        {
            var v = (int)Unsafe.Add(ref source, x);
            Unsafe.Add(ref destination, x) = (byte)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
    }

    // The horizontal half of a separable [1 2 1]/4 blur with clamped edges (the optics' slight blur),
    // for rows [y0, y1] and columns [x0, x1]; nothing else is written.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlurRows(ref float source, ref float destination, int w, int y0, int y1, int x0, int x1)
    {
        var lanes = Lanes;
        var quarter = new Vector<float>(0.25f);
        var from = Math.Max(x0, 1);
        var to = Math.Min(x1, w - 2);
        for (var y = y0; y <= y1; y++)
        {
            ref var src = ref Unsafe.Add(ref source, y * w);
            ref var dst = ref Unsafe.Add(ref destination, y * w);
            if (x0 == 0)
            {
                dst = ((3 * src) + Unsafe.Add(ref src, 1)) * 0.25f;
            }

            if (x1 == w - 1)
            {
                Unsafe.Add(ref dst, w - 1) = ((3 * Unsafe.Add(ref src, w - 1)) + Unsafe.Add(ref src, w - 2)) * 0.25f;
            }

            if (to - from + 1 < lanes)
            {
                for (var x = from; x <= to; x++)
                {
                    Unsafe.Add(ref dst, x) = (Unsafe.Add(ref src, x - 1) + Unsafe.Add(ref src, x + 1) + (2 * Unsafe.Add(ref src, x))) * 0.25f;
                }

                continue;
            }

            // The last chunk is aligned to end at column to and may redo a few columns (same values).
            for (var x = from; ; x += lanes)
            {
                if (x > to + 1 - lanes)
                {
                    x = to + 1 - lanes;
                }

                var sum = Vector.LoadUnsafe(ref src, (nuint)(x - 1)) + Vector.LoadUnsafe(ref src, (nuint)(x + 1)) + (Vector.LoadUnsafe(ref src, (nuint)x) * 2);
                (sum * quarter).StoreUnsafe(ref dst, (nuint)x);
                if (x == to + 1 - lanes)
                {
                    break;
                }
            }
        }
    }

    // The vertical half of the [1 2 1]/4 blur, clamped at the top and bottom rows, for the pixels of
    // rect; nothing else is written.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlurColumns(ref float source, ref float destination, int w, int h, Rect rect)
    {
        var lanes = Lanes;
        var quarter = new Vector<float>(0.25f);
        var count = rect.X1 - rect.X0 + 1;
        for (var y = rect.Y0; y <= rect.Y1; y++)
        {
            ref var up = ref Unsafe.Add(ref source, Math.Max(y - 1, 0) * w);
            ref var mid = ref Unsafe.Add(ref source, y * w);
            ref var down = ref Unsafe.Add(ref source, Math.Min(y + 1, h - 1) * w);
            ref var dst = ref Unsafe.Add(ref destination, y * w);
            if (count < lanes)
            {
                for (var x = rect.X0; x <= rect.X1; x++)
                {
                    Unsafe.Add(ref dst, x) = (Unsafe.Add(ref up, x) + Unsafe.Add(ref down, x) + (2 * Unsafe.Add(ref mid, x))) * 0.25f;
                }

                continue;
            }

            for (var x = rect.X0; ; x += lanes)
            {
                if (x > rect.X1 + 1 - lanes)
                {
                    x = rect.X1 + 1 - lanes;
                }

                var sum = Vector.LoadUnsafe(ref up, (nuint)x) + Vector.LoadUnsafe(ref down, (nuint)x) + (Vector.LoadUnsafe(ref mid, (nuint)x) * 2);
                (sum * quarter).StoreUnsafe(ref dst, (nuint)x);
                if (x == rect.X1 + 1 - lanes)
                {
                    break;
                }
            }
        }
    }

    /// <summary>An inclusive pixel rectangle; empty when <see cref="X0"/> &gt; <see cref="X1"/>.</summary>
    private readonly record struct Rect(int X0, int Y0, int X1, int Y1)
    {
        public static Rect Empty => new(int.MaxValue, int.MaxValue, int.MinValue, int.MinValue);

        public bool IsEmpty => X0 > X1;

        public Rect Union(Rect other) => new(Math.Min(X0, other.X0), Math.Min(Y0, other.Y0), Math.Max(X1, other.X1), Math.Max(Y1, other.Y1));

        // One pixel more on every side, within a w x h image.
        public Rect Grow(int w, int h) => new(Math.Max(X0 - 1, 0), Math.Max(Y0 - 1, 0), Math.Min(X1 + 1, w - 1), Math.Min(Y1 + 1, h - 1));
    }
}
