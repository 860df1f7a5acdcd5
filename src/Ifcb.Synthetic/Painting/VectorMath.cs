using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ifcb.Synthetic.Painting;

/// <summary>Approximate transcendental functions on vector lanes, enough for surface patterns.</summary>
internal static class VectorMath
{
    /// <summary>atan2(y, x) to about 0.005 rad (a polynomial on the octant).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Atan2(Vector<float> y, Vector<float> x)
    {
        var ax = Vector.Abs(x);
        var ay = Vector.Abs(y);
        var t = Vector.MinNative(ax, ay) / Vector.MaxNative(Vector.MaxNative(ax, ay), new Vector<float>(1e-20f));
        var t2 = t * t;
        var r = t * (new Vector<float>(0.99530f) + (t2 * (new Vector<float>(-0.28866f) + (t2 * new Vector<float>(0.07933f)))));
        r = Vector.ConditionalSelect(Vector.GreaterThan(ay, ax), new Vector<float>(MathF.PI / 2) - r, r);
        r = Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), new Vector<float>(MathF.PI) - r, r);
        return Vector.ConditionalSelect(Vector.LessThan(y, Vector<float>.Zero), -r, r);
    }

    /// <summary>cos(<paramref name="radians"/>) to about 1e-6 for arguments up to a few thousand radians.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Cos(Vector<float> radians)
    {
        // Reduce to [-pi, pi] by whole turns, then to [0, pi/2] by cos(t) = -cos(pi - |t|).
        var turns = radians * new Vector<float>(1 / MathF.Tau);
        var t = Vector.Abs((turns - Vector.Floor(turns + new Vector<float>(0.5f))) * new Vector<float>(MathF.Tau));
        var flip = Vector.GreaterThan(t, new Vector<float>(MathF.PI / 2));
        t = Vector.ConditionalSelect(flip, new Vector<float>(MathF.PI) - t, t);
        var z = t * t;

        // Taylor series to z^5: error below 5e-7 on [0, pi/2].
        var c = new Vector<float>(-1f / 3628800);
        c = (c * z) + new Vector<float>(1f / 40320);
        c = (c * z) + new Vector<float>(-1f / 720);
        c = (c * z) + new Vector<float>(1f / 24);
        c = (c * z) + new Vector<float>(-0.5f);
        c = (c * z) + Vector<float>.One;
        return Vector.ConditionalSelect(flip, -c, c);
    }
}
