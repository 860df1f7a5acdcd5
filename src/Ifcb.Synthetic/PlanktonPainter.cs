using System.Runtime.CompilerServices;
using Ifcb.Synthetic.Painting;

namespace Ifcb.Synthetic;

/// <summary>
/// Paints IFCB-like ROIs: dark, textured, anti-aliased objects on a light background with a gradient,
/// slight blur and sensor noise. Every class has its own morphology; sizes, contrast, background and
/// orientation are random and overlap between classes, so only shape and texture tell classes apart.
/// The same class and seed always give the same pixels.
/// </summary>
public static class PlanktonPainter
{
    /// <summary>The largest ROI side the painter produces (objects are capped well below it).</summary>
    public const int MaxSide = 512;

    [ThreadStatic]
    private static List<Shape>? _shapes;

    /// <summary>Paints one ROI of class <paramref name="classIndex"/> from its own seed.</summary>
    public static SyntheticImage Paint(int classIndex, ulong seed) => Paint(classIndex, new SynthRandom(seed));

    /// <summary>Paints one ROI of class <paramref name="classIndex"/>, drawing all randomness from <paramref name="rng"/>.</summary>
    public static SyntheticImage Paint(int classIndex, SynthRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, SyntheticClasses.Count);
        var (width, height, light) = Prepare(classIndex, rng);

        // Render writes every pixel: no need to clear the array first.
        var pixels = GC.AllocateUninitializedArray<byte>(width * height);
        Canvas.ForThread.Render(pixels, rng, light);
        return new SyntheticImage(classIndex, width, height, pixels);
    }

    /// <summary>
    /// Paints one ROI into memory that <paramref name="arena"/> hands out, not into an array of its own:
    /// the same pixels as <see cref="Paint(int, ulong)"/>, without an allocation per ROI.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static RoiPixels PaintInto(int classIndex, ulong seed, PixelArena arena)
    {
        var rng = new SynthRandom(seed);
        var (width, height, light) = Prepare(classIndex, rng);
        var pixels = arena.Allocate(width * height);
        Canvas.ForThread.Render(pixels.Span, rng, light);
        return new RoiPixels(classIndex, width, height, pixels);
    }

    // Builds the object, sizes the ROI, draws the shapes onto the thread's canvas and decides the lighting;
    // only rendering (blur, light, noise) is left, which draws its noise rows from the same generator.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Width, int Height, Lighting Light) Prepare(int classIndex, SynthRandom rng)
    {
        var shapes = _shapes ??= new List<Shape>(256);
        shapes.Clear();
        var blank = classIndex == 9;
        float minX, minY, maxX, maxY;
        var extraBlur = 0;
        if (blank)
        {
            // An empty frame still has a size: the camera grabbed a box around a trigger it could not see.
            var hw = rng.Uniform(8, 80);
            var hh = rng.Uniform(5, 55);
            (minX, minY, maxX, maxY) = (-hw, -hh, hw, hh);
            if (rng.Chance(0.6))
            {
                var smudge = Shape.Disc(rng.Uniform(-hw, hw) * 0.5f, rng.Uniform(-hh, hh) * 0.5f, rng.Uniform(4, 25), rng.Uniform(0.02f, 0.07f));
                shapes.Add(smudge);
                extraBlur = 3;
            }
        }
        else
        {
            Build(classIndex, rng, shapes);
            // Most particles travel aligned with the flow (long axis near horizontal), as in real ROIs.
            var theta = rng.Chance(0.65) ? (float)(rng.Gaussian() * 0.3) + (rng.Chance(0.5) ? 0 : MathF.PI) : rng.Uniform(0, MathF.Tau);
            var cos = MathF.Cos(theta);
            var sin = MathF.Sin(theta);
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shapes);
            for (var i = 0; i < span.Length; i++)
            {
                span[i].Rotate(cos, sin, theta);
            }

            (minX, minY, maxX, maxY) = Union(shapes);
            if (rng.Chance(0.08))
            {
                // A small unrelated particle in the frame, as real ROIs often have.
                var px = rng.Chance(0.5) ? minX : maxX;
                var py = rng.Uniform(minY, maxY);
                var r = rng.Uniform(1.5f, 5f);
                shapes.Add(new Shape
                {
                    Kind = ShapeKind.Ellipse,
                    X = px,
                    Y = py,
                    A = r,
                    B = r * rng.Uniform(0.6f, 1f),
                    Angle = rng.Uniform(0, MathF.Tau),
                    Density = rng.Uniform(0.2f, 0.6f),
                    Irregularity = 0.2f,
                    Seed = rng.NextUInt64(),
                });
                (minX, minY, maxX, maxY) = Union(shapes);
            }
        }

        var boxW = maxX - minX;
        var boxH = maxY - minY;
        var marginX = rng.Int(8, 22);
        var marginY = rng.Int(4, 12);

        // IFCB cameras deliver ROI widths in multiples of 8 and (on McLane units) heights of 8k+2.
        var width = Math.Clamp(RoundUp((int)MathF.Ceiling(boxW) + (2 * marginX), 8), 16, MaxSide);
        var height = Math.Clamp(RoundUp((int)MathF.Ceiling(boxH) + (2 * marginY) - 2, 8) + 2, 10, MaxSide - 6);
        var offsetX = ((width - boxW) * 0.5f) - minX + rng.Uniform(-marginX, marginX) * 0.4f;
        var offsetY = ((height - boxH) * 0.5f) - minY + rng.Uniform(-marginY, marginY) * 0.4f;
        if (!blank && rng.Chance(0.05))
        {
            // Now and then the object is cut by the ROI edge.
            offsetX += boxW * rng.Uniform(-0.3f, 0.3f);
            offsetY += boxH * rng.Uniform(-0.3f, 0.3f);
        }

        var canvas = Canvas.ForThread;
        canvas.Reset(width, height, offsetX, offsetY);
        foreach (ref readonly var shape in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shapes))
        {
            canvas.Draw(shape);
        }

        var blurRoll = rng.NextDouble();
        var light = new Lighting(
            Background: rng.Uniform(180, 230),
            GradientX: rng.Uniform(-6, 6) / width,
            GradientY: rng.Uniform(-6, 6) / height,
            Contrast: rng.Uniform(0.7f, 1.2f),
            MaxDensity: 0.93f,
            BlurPasses: extraBlur + (blurRoll < 0.6 ? 1 : blurRoll < 0.9 ? 2 : 4),
            NoiseSigma: rng.Uniform(1.2f, 4f));
        return (width, height, light);
    }

    private static int RoundUp(int value, int step) => (value + step - 1) / step * step;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float, float, float, float) Union(List<Shape> shapes)
    {
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var s in shapes)
        {
            var (x0, y0, x1, y1) = s.Bounds();
            minX = MathF.Min(minX, x0);
            minY = MathF.Min(minY, y0);
            maxX = MathF.Max(maxX, x1);
            maxY = MathF.Max(maxY, y1);
        }

        return (minX, minY, maxX, maxY);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Build(int classIndex, SynthRandom rng, List<Shape> shapes)
    {
        switch (classIndex)
        {
            case 0: MorphologyBuilder.RoundCell(rng, shapes); break;
            case 1: MorphologyBuilder.Chain(rng, shapes); break;
            case 2: MorphologyBuilder.PennateNeedle(rng, shapes); break;
            case 3: MorphologyBuilder.SpinyCell(rng, shapes); break;
            case 4: MorphologyBuilder.Ciliate(rng, shapes); break;
            case 5: MorphologyBuilder.Dinoflagellate(rng, shapes); break;
            case 6: MorphologyBuilder.Colony(rng, shapes); break;
            case 7: MorphologyBuilder.Detritus(rng, shapes); break;
            case 8: MorphologyBuilder.Bubble(rng, shapes); break;
            case 10: MorphologyBuilder.CentricDiatom(rng, shapes); break;
            case 11: MorphologyBuilder.Armoured(rng, shapes); break;
            case 12: MorphologyBuilder.Flagellate(rng, shapes); break;
            default: throw new ArgumentOutOfRangeException(nameof(classIndex));
        }
    }
}
