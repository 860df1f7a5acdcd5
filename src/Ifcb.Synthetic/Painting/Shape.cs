using System.Runtime.CompilerServices;

namespace Ifcb.Synthetic.Painting;

/// <summary>
/// One drawing primitive in object coordinates (pixels, origin at the object centre). Densities are
/// optical: 0 leaves the background, 1 is black, negative values brighten (halos, bubble centres).
/// </summary>
internal struct Shape
{
    public ShapeKind Kind;
    public ShapePattern Pattern;

    /// <summary>Centre (ellipse, lens) or first end point (capsule).</summary>
    public float X;
    public float Y;

    /// <summary>Second end point (capsule).</summary>
    public float X1;
    public float Y1;

    /// <summary>Semi-axes (ellipse, lens); <see cref="B"/> is the half width of a capsule.</summary>
    public float A;
    public float B;

    /// <summary>Rotation of the long axis, radians.</summary>
    public float Angle;

    public float Density;

    /// <summary>Extra density on a band just inside the outline, and its width in pixels.</summary>
    public float Rim;
    public float RimWidth;

    /// <summary>Brightening just outside the outline (phase halo), and its width in pixels.</summary>
    public float Halo;
    public float HaloWidth;

    /// <summary>Pattern parameters (see <see cref="ShapePattern"/>).</summary>
    public float P0;
    public float P1;
    public float P2;

    /// <summary>Outline irregularity: amplitudes and phases of harmonics 2..5 of the radius.</summary>
    public float Irregularity;
    public ulong Seed;

    public static Shape Ellipse(float x, float y, float a, float b, float angle, float density) => new()
    {
        Kind = ShapeKind.Ellipse,
        X = x,
        Y = y,
        A = MathF.Max(a, 0.6f),
        B = MathF.Max(b, 0.6f),
        Angle = angle,
        Density = density,
    };

    public static Shape Disc(float x, float y, float r, float density) => new()
    {
        Kind = ShapeKind.Disc,
        X = x,
        Y = y,
        A = MathF.Max(r, 0.5f),
        B = MathF.Max(r, 0.5f),
        Density = density,
    };

    public static Shape Capsule(float x0, float y0, float x1, float y1, float halfWidth, float density) => new()
    {
        Kind = ShapeKind.Capsule,
        X = x0,
        Y = y0,
        X1 = x1,
        Y1 = y1,
        B = halfWidth,
        Density = density,
    };

    public static Shape Lens(float x, float y, float halfLength, float halfWidth, float angle, float density) => new()
    {
        Kind = ShapeKind.Lens,
        X = x,
        Y = y,
        A = halfLength,
        B = halfWidth,
        Angle = angle,
        Density = density,
    };

    /// <summary>Rotates the shape about the object origin.</summary>
    public void Rotate(float cos, float sin, float angle)
    {
        (X, Y) = ((X * cos) - (Y * sin), (X * sin) + (Y * cos));
        (X1, Y1) = ((X1 * cos) - (Y1 * sin), (X1 * sin) + (Y1 * cos));
        Angle += angle;
    }

    /// <summary>The axis-aligned extent (half sizes) around <see cref="X"/>, <see cref="Y"/> including halo.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public readonly (float MinX, float MinY, float MaxX, float MaxY) Bounds()
    {
        var pad = MathF.Max(HaloWidth, 0) + 1.5f;
        if (Kind == ShapeKind.Capsule)
        {
            var r = B + pad;
            return (MathF.Min(X, X1) - r, MathF.Min(Y, Y1) - r, MathF.Max(X, X1) + r, MathF.Max(Y, Y1) + r);
        }

        if (Kind == ShapeKind.Disc)
        {
            // A circle's extent does not depend on its angle: no trigonometry for the many granules.
            var r = (A * (1 + Irregularity)) + pad;
            return (X - r, Y - r, X + r, Y + r);
        }

        var a = A * (1 + Irregularity);
        var b = B * (1 + Irregularity);
        var c = MathF.Cos(Angle);
        var s = MathF.Sin(Angle);
        var ex = MathF.Sqrt((a * a * c * c) + (b * b * s * s)) + pad;
        var ey = MathF.Sqrt((a * a * s * s) + (b * b * c * c)) + pad;
        return (X - ex, Y - ey, X + ex, Y + ey);
    }
}
