using System.Numerics;

namespace Ifcb.Synthetic.Painting;

/// <summary>
/// A reusable float density buffer that shapes are accumulated into, then blurred, lit and quantised
/// into 8-bit pixels. One instance per thread: nothing is allocated per pixel or per shape.
/// </summary>
internal sealed class Canvas
{
    [ThreadStatic]
    private static Canvas? _instance;

    private float[] _density = new float[1 << 16];
    private float[] _scratch = new float[1 << 16];
    private int _width;
    private int _height;
    private float _offsetX;
    private float _offsetY;

    /// <summary>The calling thread's canvas.</summary>
    public static Canvas ForThread => _instance ??= new Canvas();

    /// <summary>Clears a <paramref name="width"/> x <paramref name="height"/> canvas whose object origin is at the offset.</summary>
    public void Reset(int width, int height, float offsetX, float offsetY)
    {
        var n = width * height;
        if (_density.Length < n)
        {
            _density = new float[n];
            _scratch = new float[n];
        }

        _width = width;
        _height = height;
        _offsetX = offsetX;
        _offsetY = offsetY;
        _density.AsSpan(0, n).Clear();
    }

    /// <summary>Accumulates one shape.</summary>
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

    private void DrawEllipse(in Shape s, int x0, int y0, int x1, int y1)
    {
        var cos = MathF.Cos(s.Angle);
        var sin = MathF.Sin(s.Angle);
        var invA = 1 / s.A;
        var invB = 1 / s.B;
        var invA4 = invA * invA * invA * invA;
        var invB4 = invB * invB * invB * invB;
        var minAxis = MathF.Min(s.A, s.B);
        var reach = 1 + ((MathF.Max(s.HaloWidth, 0) + 2) / minAxis);
        var limit = reach * (1 + s.Irregularity);
        var limit2 = limit * limit;
        var cx = s.X + _offsetX;
        var cy = s.Y + _offsetY;
        var halfRim = s.RimWidth * 0.5f;

        // Outline harmonics 2..5 (cos and sin weights), derived from the shape's own seed.
        Span<float> hc = stackalloc float[4];
        Span<float> hs = stackalloc float[4];
        var irregular = s.Irregularity > 0;
        if (irregular)
        {
            var rng = new SynthRandom(s.Seed);
            for (var k = 0; k < 4; k++)
            {
                var amp = s.Irregularity * rng.Uniform(0.1f, 1f) / (k + 1);
                var phase = rng.Uniform(0, MathF.Tau);
                hc[k] = amp * MathF.Cos(phase);
                hs[k] = amp * MathF.Sin(phase);
            }
        }

        // Plate centres in normalised ellipse coordinates.
        var plateCount = s.Pattern == ShapePattern.Plates ? Math.Clamp((int)s.P0, 2, 24) : 0;
        Span<float> plates = stackalloc float[48];
        if (plateCount > 0)
        {
            var rng = new SynthRandom(s.Seed ^ 0x5DEECE66DUL);
            for (var k = 0; k < plateCount; k++)
            {
                var r = MathF.Sqrt(rng.NextFloat()) * 1.05f;
                var t = rng.Uniform(0, MathF.Tau);
                plates[2 * k] = r * MathF.Cos(t);
                plates[(2 * k) + 1] = r * MathF.Sin(t);
            }
        }

        var fastInside = 1 - (2.1f * s.Irregularity) - ((s.RimWidth + 2) / minAxis);
        var fastInside2 = fastInside > 0 ? fastInside * fastInside : -1;

        // The (irregular) ellipse and its halo lie inside a stadium around its long axis: scanning only
        // that stadium's columns per row skips the empty corners of the bounding box.
        var grow = 1 + (2.1f * s.Irregularity);
        var longAlongX = s.A >= s.B;
        var half = MathF.Abs(s.A - s.B) * grow;
        var stadium = (minAxis * grow) + MathF.Max(s.HaloWidth, 0) + 2.5f;
        var (ux, uy) = longAlongX ? (cos * half, sin * half) : (-sin * half, cos * half);
        var buffer = _density;
        for (var y = y0; y <= y1; y++)
        {
            var dy = y + 0.5f - cy;
            var row = y * _width;
            var (from, to) = SegmentRow(cx - ux, cy - uy, cx + ux, cy + uy, stadium, y + 0.5f, x0, x1);
            for (var x = from; x <= to; x++)
            {
                var dx = x + 0.5f - cx;
                var u = (dx * cos) + (dy * sin);
                var v = (dy * cos) - (dx * sin);
                var nu = u * invA;
                var nv = v * invB;
                var q2 = (nu * nu) + (nv * nv);
                if (q2 > limit2)
                {
                    continue;
                }

                if (q2 < fastInside2)
                {
                    // Well inside the outline: full cover, no rim, no halo; only patterns need more.
                    buffer[row + x] += s.Pattern switch
                    {
                        ShapePattern.None => s.Density,
                        ShapePattern.Groove => s.Density + GrooveDelta(s, nu),
                        _ => PatternDensity(s, nu, nv, MathF.Sqrt(q2), plates[..(2 * plateCount)], minAxis),
                    };
                    continue;
                }

                var q = MathF.Sqrt(q2);
                float d;
                if (q < 1e-3f)
                {
                    d = -minAxis;
                }
                else
                {
                    var r = 1f;
                    if (irregular)
                    {
                        // cos/sin of k*theta by the angle-addition recurrence: no trigonometry per pixel.
                        var c1 = nu / q;
                        var s1 = nv / q;
                        var ck = c1;
                        var sk = s1;
                        for (var k = 0; k < 4; k++)
                        {
                            (ck, sk) = ((ck * c1) - (sk * s1), (sk * c1) + (ck * s1));
                            r += (hc[k] * ck) - (hs[k] * sk);
                        }
                    }

                    var grad = MathF.Sqrt((u * u * invA4) + (v * v * invB4)) / q;
                    d = (q - r) / grad;
                }

                var value = 0f;
                var cover = Math.Clamp(0.5f - d, 0f, 1f);
                if (cover > 0)
                {
                    var inner = s.Pattern switch
                    {
                        ShapePattern.None => s.Density,
                        ShapePattern.Groove => s.Density + GrooveDelta(s, nu),
                        _ => PatternDensity(s, nu, nv, q, plates[..(2 * plateCount)], minAxis),
                    };

                    value = cover * inner;
                    if (halfRim > 0)
                    {
                        var t = 1 - (MathF.Abs(d + halfRim) / (halfRim + 0.5f));
                        if (t > 0)
                        {
                            value += s.Rim * t;
                        }
                    }
                }

                if (d > 0 && d < s.HaloWidth)
                {
                    value -= s.Halo * (1 - (d / s.HaloWidth));
                }

                buffer[row + x] += value;
            }
        }

    }

    private static float GrooveDelta(in Shape s, float nu)
    {
        var g = MathF.Abs(nu - s.P0) / s.P1;
        return g < 1.3f ? s.P2 * ((g < 1 ? -0.8f * (1 - g) : 0) + (0.9f * MathF.Max(0, 1 - (MathF.Abs(g - 1) * 3.5f)))) : 0;
    }

    // Striae, plates and the bubble ring, at normalised ellipse coordinates (nu, nv) and radius q.
    private static float PatternDensity(in Shape s, float nu, float nv, float q, ReadOnlySpan<float> plates, float minAxis)
    {
        var inner = s.Density;
        switch (s.Pattern)
        {
            case ShapePattern.Striae:
                if (q > 0.18f)
                {
                    inner += s.P2 * CosTable.Cos((s.P0 * FastAtan2(nv, nu)) + s.P1) * MathF.Min(1, (q - 0.18f) * 5);
                }

                break;
            case ShapePattern.Plates:
                {
                    var d1 = float.MaxValue;
                    var d2 = float.MaxValue;
                    for (var k = 0; k < plates.Length; k += 2)
                    {
                        var ex = nu - plates[k];
                        var ey = nv - plates[k + 1];
                        var dd = (ex * ex) + (ey * ey);
                        if (dd < d1)
                        {
                            d2 = d1;
                            d1 = dd;
                        }
                        else if (dd < d2)
                        {
                            d2 = dd;
                        }
                    }

                    var edge = (MathF.Sqrt(d2) - MathF.Sqrt(d1)) * minAxis;
                    if (edge < s.P1)
                    {
                        inner += s.P2 * (1 - (edge / s.P1));
                    }

                    break;
                }

            case ShapePattern.Ring:
                {
                    var hole = (s.P0 - q) * s.A;
                    var t = Math.Clamp(hole + 0.5f, 0f, 1f);
                    inner += t * (-s.P1 - inner);
                    break;
                }
        }

        return inner;
    }

    // Granules are the most numerous shapes: a plain anti-aliased disc, no rotation or pattern.
    private void DrawDisc(in Shape s, int x0, int y0, int x1, int y1)
    {
        var cx = s.X + _offsetX;
        var cy = s.Y + _offsetY;
        var outer = (s.A + 0.5f) * (s.A + 0.5f);
        for (var y = y0; y <= y1; y++)
        {
            var dy = y + 0.5f - cy;
            var row = _density.AsSpan(y * _width, _width);
            for (var x = x0; x <= x1; x++)
            {
                var dx = x + 0.5f - cx;
                var r2 = (dx * dx) + (dy * dy);
                if (r2 < outer)
                {
                    row[x] += MathF.Min(s.A + 0.5f - MathF.Sqrt(r2), 1f) * s.Density;
                }
            }
        }
    }

    // The columns of the row at height yc whose pixel centres may lie within radius of the segment
    // (ax, ay)-(bx, by), clipped to [x0, x1]; an empty range comes back as from > to.
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

    // atan2 to about 0.005 rad (a polynomial on the octant), enough for striae and cheaper than MathF.Atan2.
    private static float FastAtan2(float y, float x)
    {
        var ax = MathF.Abs(x);
        var ay = MathF.Abs(y);
        var swap = ay > ax;
        var t = swap ? ax / ay : ay / MathF.Max(ax, 1e-20f);
        var t2 = t * t;
        var r = t * (0.99530f + (t2 * (-0.28866f + (t2 * 0.07933f))));
        if (swap)
        {
            r = (MathF.PI / 2) - r;
        }

        if (x < 0)
        {
            r = MathF.PI - r;
        }

        return y < 0 ? -r : r;
    }

    private void DrawCapsule(in Shape s, int x0, int y0, int x1, int y1)
    {
        var ax = s.X + _offsetX;
        var ay = s.Y + _offsetY;
        var bx = s.X1 + _offsetX;
        var by = s.Y1 + _offsetY;
        var ex = bx - ax;
        var ey = by - ay;
        var len2 = MathF.Max((ex * ex) + (ey * ey), 1e-6f);
        var inv = 1 / len2;
        var buffer = _density;
        for (var y = y0; y <= y1; y++)
        {
            var py = y + 0.5f - ay;
            var row = y * _width;
            var (from, to) = SegmentRow(ax, ay, bx, by, s.B + 1, y + 0.5f, x0, x1);
            for (var x = from; x <= to; x++)
            {
                var px = x + 0.5f - ax;
                var t = Math.Clamp(((px * ex) + (py * ey)) * inv, 0f, 1f);
                var qx = px - (t * ex);
                var qy = py - (t * ey);
                var d = MathF.Sqrt((qx * qx) + (qy * qy)) - s.B;
                var cover = 0.5f - d;
                if (cover > 0)
                {
                    buffer[row + x] += MathF.Min(cover, 1f) * s.Density;
                }
            }
        }
    }

    private void DrawLens(in Shape s, int x0, int y0, int x1, int y1)
    {
        var cos = MathF.Cos(s.Angle);
        var sin = MathF.Sin(s.Angle);
        var cx = s.X + _offsetX;
        var cy = s.Y + _offsetY;
        var invA = 1 / s.A;
        var halfRim = s.RimWidth * 0.5f;
        var (ux, uy) = (cos * s.A, sin * s.A);
        var buffer = _density;
        for (var y = y0; y <= y1; y++)
        {
            var dy = y + 0.5f - cy;
            var row = y * _width;
            var (from, to) = SegmentRow(cx - ux, cy - uy, cx + ux, cy + uy, s.B + 1.5f, y + 0.5f, x0, x1);
            for (var x = from; x <= to; x++)
            {
                var dx = x + 0.5f - cx;
                var u = (dx * cos) + (dy * sin);
                var v = MathF.Abs((dy * cos) - (dx * sin));
                var nu = u * invA;
                float d;
                if (nu * nu >= 1)
                {
                    d = (MathF.Abs(u) - s.A) + v;
                }
                else
                {
                    d = v - (s.B * (1 - (nu * nu)));
                }

                var cover = Math.Clamp(0.5f - d, 0f, 1f);
                if (cover <= 0)
                {
                    continue;
                }

                var value = cover * s.Density;
                if (v < 0.8f && nu * nu < 0.8f)
                {
                    value += s.P2 * (0.8f - v);
                }

                if (halfRim > 0)
                {
                    var t = 1 - (MathF.Abs(d + halfRim) / (halfRim + 0.5f));
                    if (t > 0)
                    {
                        value += s.Rim * t;
                    }
                }

                buffer[row + x] += value;
            }
        }
    }

    /// <summary>
    /// Blurs the densities, lights them against a background with a gradient, adds sensor noise and
    /// writes 8-bit pixels into <paramref name="destination"/>.
    /// </summary>
    public void Render(Span<byte> destination, SynthRandom rng, in Lighting light)
    {
        var w = _width;
        var h = _height;
        for (var pass = 0; pass < light.BlurPasses; pass++)
        {
            BlurPass();
        }

        var noise = NoiseTable.Samples;
        var noiseScale = new Vector<float>(light.NoiseSigma);
        var maxDensity = new Vector<float>(light.MaxDensity);
        var contrast = new Vector<float>(light.Contrast);
        var one = Vector<float>.One;
        var white = new Vector<float>(255.5f);
        var gradientStep = new Vector<float>(light.GradientX * Vector<float>.Count);
        Span<float> ramp = stackalloc float[Vector<float>.Count];
        for (var i = 0; i < ramp.Length; i++)
        {
            ramp[i] = light.GradientX * i;
        }

        var rampVector = new Vector<float>(ramp);
        var halfW = w * 0.5f;
        var halfH = h * 0.5f;
        var lit = _scratch.AsSpan(0, w);
        for (var y = 0; y < h; y++)
        {
            var rowBase = light.Background + (light.GradientY * (y - halfH)) - (light.GradientX * halfW) + 0.5f;
            var densities = _density.AsSpan(y * w, w);

            // Noise comes from a fixed table at a random offset per row: vector loads instead of a
            // random draw per pixel, and still decided by the image's own generator.
            var noiseRow = noise.AsSpan(rng.Int(0, NoiseTable.Length - w - 1), w);
            var x = 0;
            var background = new Vector<float>(rowBase) + rampVector;
            for (; x <= w - Vector<float>.Count; x += Vector<float>.Count)
            {
                var dens = new Vector<float>(densities[x..]) * contrast;
                var darker = background * (one - Vector.Min(dens, maxDensity));
                var brighter = background + ((white - background) * Vector.Min(-dens, one));
                var value = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(dens, Vector<float>.Zero), darker, brighter);
                (value + (new Vector<float>(noiseRow[x..]) * noiseScale)).CopyTo(lit[x..]);
                background += gradientStep;
            }

            for (; x < w; x++)
            {
                var b = rowBase + (light.GradientX * x);
                var dens = densities[x] * light.Contrast;
                var value = dens >= 0 ? b * (1 - MathF.Min(dens, light.MaxDensity)) : b + ((255.5f - b) * MathF.Min(-dens, 1));
                lit[x] = value + (noiseRow[x] * light.NoiseSigma);
            }

            var pixels = destination.Slice(y * w, w);
            for (x = 0; x < w; x++)
            {
                var v = (int)lit[x];
                pixels[x] = (byte)(v < 0 ? 0 : v > 255 ? 255 : v);
            }
        }
    }

    // A separable [1 2 1]/4 pass with clamped edges: the optics' slight blur.
    private void BlurPass()
    {
        var w = _width;
        var h = _height;
        var quarter = new Vector<float>(0.25f);
        var lanes = Vector<float>.Count;
        for (var y = 0; y < h; y++)
        {
            var src = _density.AsSpan(y * w, w);
            var dst = _scratch.AsSpan(y * w, w);
            if (w < 2)
            {
                src.CopyTo(dst);
                continue;
            }

            dst[0] = ((3 * src[0]) + src[1]) * 0.25f;
            var x = 1;
            for (; x + lanes < w; x += lanes)
            {
                var sum = new Vector<float>(src[(x - 1)..]) + new Vector<float>(src[(x + 1)..]) + (new Vector<float>(src[x..]) * 2);
                (sum * quarter).CopyTo(dst[x..]);
            }

            for (; x < w - 1; x++)
            {
                dst[x] = (src[x - 1] + src[x + 1] + (2 * src[x])) * 0.25f;
            }

            dst[w - 1] = ((3 * src[w - 1]) + src[w - 2]) * 0.25f;
        }

        for (var y = 0; y < h; y++)
        {
            var up = _scratch.AsSpan(Math.Max(y - 1, 0) * w, w);
            var mid = _scratch.AsSpan(y * w, w);
            var down = _scratch.AsSpan(Math.Min(y + 1, h - 1) * w, w);
            var dst = _density.AsSpan(y * w, w);
            var x = 0;
            for (; x <= w - lanes; x += lanes)
            {
                var sum = new Vector<float>(up[x..]) + new Vector<float>(down[x..]) + (new Vector<float>(mid[x..]) * 2);
                (sum * quarter).CopyTo(dst[x..]);
            }

            for (; x < w; x++)
            {
                dst[x] = (up[x] + down[x] + (2 * mid[x])) * 0.25f;
            }
        }
    }
}
