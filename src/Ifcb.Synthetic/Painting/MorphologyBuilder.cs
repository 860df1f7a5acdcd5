using System.Runtime.CompilerServices;

namespace Ifcb.Synthetic.Painting;

/// <summary>
/// Builds each class's object as shapes in object coordinates (centre at the origin, long axis along x).
/// Size ranges deliberately overlap between classes: a model must learn morphology, not size.
/// </summary>
internal static class MorphologyBuilder
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RoundCell(SynthRandom rng, List<Shape> shapes)
    {
        var a = rng.SizeSpectrum(5, 55);
        var body = Cell(rng, 0, 0, a, a * rng.Uniform(0.78f, 1f), 0, rng.Uniform(0.4f, 0.9f));
        body.Irregularity = rng.Uniform(0, 0.04f);
        shapes.Add(body);
        Granules(rng, shapes, body, 1f, 0.3f);
        if (rng.Chance(0.35))
        {
            // A lighter nucleus or vacuole.
            shapes.Add(Shape.Disc(rng.Uniform(-0.3f, 0.3f) * a, rng.Uniform(-0.3f, 0.3f) * a, a * rng.Uniform(0.2f, 0.4f), -rng.Uniform(0.1f, 0.25f)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Chain(SynthRandom rng, List<Shape> shapes)
    {
        var d = rng.SizeSpectrum(8, 40);
        var n = rng.Int(2, 10);
        var gapped = rng.Chance(0.35);
        var spacing = d * (gapped ? rng.Uniform(1.15f, 1.6f) : rng.Uniform(0.85f, 1.02f));
        while (n > 2 && spacing * n > 300)
        {
            n--;
        }

        var bend = rng.Uniform(-0.4f, 0.4f) / (spacing * n);
        var density = rng.Uniform(0.3f, 0.75f);
        var first = -(n - 1) * 0.5f * spacing;
        if (gapped || rng.Chance(0.3))
        {
            // The girdle or linking spines that hold the cells together.
            for (var i = 0; i < n - 1; i++)
            {
                var t0 = first + (i * spacing);
                var t1 = t0 + spacing;
                shapes.Add(Shape.Capsule(t0, bend * t0 * t0, t1, bend * t1 * t1, rng.Uniform(0.5f, 1.2f), density * 0.5f));
            }
        }

        for (var i = 0; i < n; i++)
        {
            var t = first + (i * spacing);
            var angle = MathF.Atan(2 * bend * t);
            var along = (gapped ? d : spacing) * 0.5f * rng.Uniform(0.95f, 1.1f);
            var cell = Cell(rng, t, bend * t * t, along, d * 0.5f * rng.Uniform(0.8f, 1.1f), angle, density * rng.Uniform(0.85f, 1.15f));
            shapes.Add(cell);
            Granules(rng, shapes, cell, 0.5f, 0.2f);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PennateNeedle(SynthRandom rng, List<Shape> shapes)
    {
        var half = rng.SizeSpectrum(20, 140);
        var width = Math.Clamp(half * rng.Uniform(0.03f, 0.09f), 1.5f, 8f);
        var needle = Shape.Lens(0, 0, half, width, 0, rng.Uniform(0.35f, 0.8f));
        needle.Rim = rng.Uniform(0.1f, 0.3f);
        needle.RimWidth = 1;
        needle.P2 = rng.Uniform(0.15f, 0.35f);
        shapes.Add(needle);
        if (rng.Chance(0.3))
        {
            // Chloroplasts: two darker patches either side of the centre.
            var off = half * rng.Uniform(0.2f, 0.4f);
            shapes.Add(Shape.Ellipse(-off, 0, half * 0.2f, width * 0.6f, 0, 0.2f));
            shapes.Add(Shape.Ellipse(off, 0, half * 0.2f, width * 0.6f, 0, 0.2f));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SpinyCell(SynthRandom rng, List<Shape> shapes)
    {
        var r = rng.SizeSpectrum(6, 30);
        var body = Cell(rng, 0, 0, r, r * rng.Uniform(0.75f, 1f), 0, rng.Uniform(0.4f, 0.85f));
        shapes.Add(body);
        Granules(rng, shapes, body, 0.6f, 0.2f);
        var setae = rng.Chance(0.4);
        var count = setae ? rng.Int(2, 4) : rng.Int(5, 12);
        var density = rng.Uniform(0.35f, 0.7f);
        var start = rng.Uniform(0, MathF.Tau);
        for (var i = 0; i < count; i++)
        {
            var phi = start + (i * MathF.Tau / count) + rng.Uniform(-0.25f, 0.25f);
            var length = MathF.Min(r * rng.Uniform(setae ? 2.5f : 1.2f, setae ? 5f : 3f), 150);
            var halfWidth = rng.Uniform(0.35f, 0.9f);
            var bend = rng.Uniform(-0.25f, 0.25f);
            var x0 = MathF.Cos(phi) * body.A * 0.9f;
            var y0 = MathF.Sin(phi) * body.B * 0.9f;
            var xm = x0 + (MathF.Cos(phi) * length * 0.5f);
            var ym = y0 + (MathF.Sin(phi) * length * 0.5f);
            var x1 = xm + (MathF.Cos(phi + bend) * length * 0.5f);
            var y1 = ym + (MathF.Sin(phi + bend) * length * 0.5f);
            shapes.Add(Shape.Capsule(x0, y0, xm, ym, halfWidth, density));
            shapes.Add(Shape.Capsule(xm, ym, x1, y1, halfWidth * 0.85f, density));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Ciliate(SynthRandom rng, List<Shape> shapes)
    {
        var a = rng.SizeSpectrum(10, 60);
        var b = a * rng.Uniform(0.6f, 0.9f);
        var body = Cell(rng, 0, 0, a, b, 0, rng.Uniform(0.55f, 0.9f));
        body.Irregularity = rng.Uniform(0.01f, 0.05f);
        shapes.Add(body);
        Granules(rng, shapes, body, 1.2f, 0.3f);
        var count = rng.Int(18, 45);
        var spread = rng.Uniform(0.9f, 1.4f);
        var curl = rng.Uniform(-0.7f, 0.7f);
        var density = rng.Uniform(0.25f, 0.5f);
        for (var i = 0; i < count; i++)
        {
            var phi = rng.Uniform(-spread, spread);
            var x0 = MathF.Cos(phi) * a * 0.97f;
            var y0 = MathF.Sin(phi) * b * 0.97f;
            var dir = MathF.Atan2(MathF.Sin(phi) * a, MathF.Cos(phi) * b) + curl;
            var length = b * rng.Uniform(0.25f, 0.7f);
            shapes.Add(Shape.Capsule(x0, y0, x0 + (MathF.Cos(dir) * length), y0 + (MathF.Sin(dir) * length), rng.Uniform(0.3f, 0.55f), density));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dinoflagellate(SynthRandom rng, List<Shape> shapes)
    {
        var a = rng.SizeSpectrum(10, 55);
        var b = a * rng.Uniform(0.7f, 0.95f);
        var density = rng.Uniform(0.5f, 0.85f);
        var body = Cell(rng, 0, 0, a, b, 0, density);
        body.Irregularity = rng.Uniform(0.01f, 0.04f);
        body.Pattern = ShapePattern.Groove;
        body.P0 = rng.Uniform(-0.2f, 0.15f);
        body.P1 = rng.Uniform(0.08f, 0.14f);
        body.P2 = rng.Uniform(0.3f, 0.5f);
        shapes.Add(body);
        Granules(rng, shapes, body, 0.5f, 0.15f);
        var horn = Shape.Lens(a * 0.95f, 0, a * rng.Uniform(0.2f, 0.5f), b * rng.Uniform(0.15f, 0.3f), rng.Uniform(-0.2f, 0.2f), density);
        shapes.Add(horn);
        if (rng.Chance(0.5))
        {
            shapes.Add(Shape.Lens(-a * 0.95f, b * rng.Uniform(-0.3f, 0.3f), a * rng.Uniform(0.15f, 0.4f), b * rng.Uniform(0.1f, 0.2f), rng.Uniform(-0.3f, 0.3f), density));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Colony(SynthRandom rng, List<Shape> shapes)
    {
        var radius = rng.SizeSpectrum(15, 80);
        var ry = radius * rng.Uniform(0.6f, 1f);
        var matrix = Shape.Ellipse(0, 0, radius, ry, 0, rng.Uniform(0.03f, 0.1f));
        matrix.Irregularity = rng.Uniform(0.05f, 0.2f);
        matrix.Seed = rng.NextUInt64();
        shapes.Add(matrix);
        var cellRadius = MathF.Min(rng.Uniform(1.8f, 4.5f), radius / 4);
        var area = radius * ry;
        var count = Math.Clamp((int)(area / (cellRadius * cellRadius * rng.Uniform(4f, 9f))), 12, 60);
        var density = rng.Uniform(0.45f, 0.8f);
        for (var i = 0; i < count; i++)
        {
            var (x, y) = InsideEllipse(rng, radius * 0.9f, ry * 0.9f);
            shapes.Add(Shape.Disc(x, y, cellRadius * rng.Uniform(0.8f, 1.2f), density));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Detritus(SynthRandom rng, List<Shape> shapes)
    {
        var half = rng.SizeSpectrum(5, 100);
        var density = rng.Uniform(0.12f, 0.6f);
        var blob = Shape.Ellipse(0, 0, half * rng.Uniform(0.6f, 1f), half * rng.Uniform(0.4f, 0.9f), 0, density);
        blob.Irregularity = rng.Uniform(0.15f, 0.35f);
        blob.Seed = rng.NextUInt64();
        blob.Rim = rng.Uniform(0, 0.1f);
        blob.RimWidth = 1;
        shapes.Add(blob);
        Granules(rng, shapes, blob, 1.5f, 0.3f);
        var fragments = rng.Int(0, 3);
        for (var i = 0; i < fragments; i++)
        {
            var angle = rng.Uniform(0, MathF.Tau);
            var dist = half * rng.Uniform(0.6f, 1.1f);
            var size = half * rng.Uniform(0.15f, 0.4f);
            var piece = Shape.Ellipse(MathF.Cos(angle) * dist, MathF.Sin(angle) * dist, size, size * rng.Uniform(0.5f, 1f), rng.Uniform(0, MathF.Tau), density * rng.Uniform(0.7f, 1.3f));
            piece.Irregularity = rng.Uniform(0.15f, 0.35f);
            piece.Seed = rng.NextUInt64();
            shapes.Add(piece);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Bubble(SynthRandom rng, List<Shape> shapes)
    {
        var r = rng.SizeSpectrum(5, 40);
        var ring = Shape.Ellipse(0, 0, r, r * rng.Uniform(0.95f, 1f), 0, rng.Uniform(0.5f, 0.9f));
        ring.Pattern = ShapePattern.Ring;
        ring.P0 = rng.Uniform(0.35f, 0.65f);
        ring.P1 = rng.Uniform(0.1f, 0.35f);
        ring.Rim = rng.Uniform(0.1f, 0.3f);
        ring.RimWidth = MathF.Max(1, r * 0.1f);
        ring.Halo = rng.Uniform(0.05f, 0.2f);
        ring.HaloWidth = rng.Uniform(1.5f, 3f);
        shapes.Add(ring);
        if (rng.Chance(0.4))
        {
            shapes.Add(Shape.Disc(0, 0, MathF.Max(0.8f, r * rng.Uniform(0.06f, 0.12f)), rng.Uniform(0.3f, 0.6f)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CentricDiatom(SynthRandom rng, List<Shape> shapes)
    {
        var r = rng.SizeSpectrum(10, 70);
        var disc = Shape.Ellipse(0, 0, r, r * rng.Uniform(0.88f, 1f), 0, rng.Uniform(0.2f, 0.45f));
        disc.Pattern = ShapePattern.Striae;
        disc.P0 = MathF.Round(MathF.Min(rng.Uniform(18, 60), r * 1.2f));
        disc.P1 = rng.Uniform(0, MathF.Tau);
        disc.P2 = rng.Uniform(0.08f, 0.2f);
        disc.Rim = rng.Uniform(0.3f, 0.6f);
        disc.RimWidth = MathF.Max(1.5f, r * 0.08f);
        disc.Halo = rng.Uniform(0, 0.15f);
        disc.HaloWidth = 2;
        shapes.Add(disc);
        if (rng.Chance(0.5))
        {
            shapes.Add(Shape.Disc(0, 0, r * rng.Uniform(0.12f, 0.25f), -rng.Uniform(0.05f, 0.15f)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Armoured(SynthRandom rng, List<Shape> shapes)
    {
        var a = rng.SizeSpectrum(10, 55);
        var body = Cell(rng, 0, 0, a, a * rng.Uniform(0.75f, 0.95f), 0, rng.Uniform(0.35f, 0.7f));
        body.Irregularity = rng.Uniform(0.02f, 0.06f);
        body.Pattern = ShapePattern.Plates;
        body.P0 = rng.Int(5, 9);
        body.P1 = rng.Uniform(0.8f, 1.6f);
        body.P2 = rng.Uniform(0.3f, 0.5f);
        shapes.Add(body);
        if (rng.Chance(0.4))
        {
            shapes.Add(Shape.Capsule(a * 0.9f, 0, a * rng.Uniform(1.3f, 1.8f), 0, rng.Uniform(0.6f, 1.5f), body.Density));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Flagellate(SynthRandom rng, List<Shape> shapes)
    {
        var a = rng.SizeSpectrum(4, 16);
        var body = Cell(rng, 0, 0, a, a * rng.Uniform(0.55f, 0.9f), 0, rng.Uniform(0.4f, 0.8f));
        shapes.Add(body);
        Granules(rng, shapes, body, 0.4f, 0.15f);
        var length = MathF.Min(a * rng.Uniform(3, 8), 140);
        var amplitude = a * rng.Uniform(0.2f, 0.8f);
        var wavelength = length * rng.Uniform(0.3f, 0.8f);
        var phase = rng.Uniform(0, MathF.Tau);
        var segments = 16;
        var halfWidth = rng.Uniform(0.35f, 0.6f);
        var density = rng.Uniform(0.35f, 0.6f);
        float px = -a * 0.95f, py = 0;
        for (var i = 1; i <= segments; i++)
        {
            var t = length * i / segments;
            var x = (-a * 0.95f) - t;
            var y = amplitude * (MathF.Sin((MathF.Tau * t / wavelength) + phase) - MathF.Sin(phase)) * MathF.Min(1, t / (a + 1));
            shapes.Add(Shape.Capsule(px, py, x, y, halfWidth, density));
            (px, py) = (x, y);
        }
    }

    // A cell body: dark interior, darker rim, a faint bright halo outside (phase contrast).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Shape Cell(SynthRandom rng, float x, float y, float a, float b, float angle, float density)
    {
        var s = Shape.Ellipse(x, y, a, b, angle, density);
        s.Rim = rng.Uniform(0.1f, 0.4f);
        s.RimWidth = MathF.Max(1, MathF.Min(a, b) * rng.Uniform(0.05f, 0.12f));
        s.Halo = rng.Uniform(0.05f, 0.25f);
        s.HaloWidth = rng.Uniform(1.5f, 3f);
        s.Seed = rng.NextUInt64();
        return s;
    }

    // Light and dark granules inside a body give the internal texture real cells have.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Granules(SynthRandom rng, List<Shape> shapes, in Shape body, float amount, float strength)
    {
        var area = body.A * body.B;
        var maxRadius = MathF.Max(1.2f, MathF.Min(body.A, body.B) * 0.14f);
        var count = Math.Min((int)(area / 36f * amount * rng.Uniform(0.4f, 1f)), 80);
        var cos = MathF.Cos(body.Angle);
        var sin = MathF.Sin(body.Angle);
        for (var i = 0; i < count; i++)
        {
            var (u, v) = InsideEllipse(rng, body.A * 0.85f, body.B * 0.85f);
            var sign = rng.Chance(0.55) ? 1 : -1;
            shapes.Add(Shape.Disc(body.X + (u * cos) - (v * sin), body.Y + (u * sin) + (v * cos), rng.Uniform(0.8f, maxRadius), sign * strength * rng.Uniform(0.3f, 1f)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float X, float Y) InsideEllipse(SynthRandom rng, float a, float b)
    {
        var r = MathF.Sqrt(rng.NextFloat());
        var t = rng.Uniform(0, MathF.Tau);
        return (r * a * MathF.Cos(t), r * b * MathF.Sin(t));
    }
}
