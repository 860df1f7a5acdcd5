using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ifcb.Synthetic.Painting;

/// <summary>
/// An ellipse shape prepared for drawing: its constants broadcast to vectors, the harmonics of an
/// irregular outline and the plate centres decided once, and the per-pixel density as vector code.
/// </summary>
internal readonly struct EllipseKernel
{
    private const int MaxPlates = 24;

    public readonly float Cos;
    public readonly float Sin;
    public readonly float InvA;
    public readonly float InvB;

    /// <summary>Pixels with a squared normalised radius above this are outside the shape and its halo.</summary>
    public readonly float Limit2;

    /// <summary>Pixels with a squared normalised radius above this add nothing (at most <see cref="Limit2"/>).</summary>
    public readonly float SpanLimit2;

    /// <summary>Pixels with a squared normalised radius below this take full cover with no rim or halo (-1: none).</summary>
    public readonly float FastInside2;

    public readonly ShapePattern Pattern;
    public readonly Vector<float> DensityV;

    private readonly Vector<float> _cos;
    private readonly Vector<float> _sin;
    private readonly Vector<float> _invA;
    private readonly Vector<float> _invB;
    private readonly Vector<float> _invA4;
    private readonly Vector<float> _invB4;
    private readonly Vector<float> _limit2;
    private readonly Vector<float> _minusMinAxis;
    private readonly Vector<float> _minusSin;
    private readonly bool _irregular;

    // The outline radius 1 + sum over m = 2..5 of (hc cos m.theta - hs sin m.theta), written with
    // Chebyshev polynomials as P(c) - s Q(c) for c = cos theta, s = sin theta: coefficients by degree.
    private readonly Vector<float> _r0, _r1, _r2, _r3, _r4, _r5, _s0, _s1, _s2, _s3, _s4;
    private readonly float _halfRim;
    private readonly Vector<float> _halfRimV;
    private readonly Vector<float> _invRimSpan;
    private readonly Vector<float> _rim;
    private readonly float _haloWidth;
    private readonly Vector<float> _haloWidthV;
    private readonly Vector<float> _invHaloWidth;
    private readonly Vector<float> _halo;
    private readonly Vector<float> _p0;
    private readonly Vector<float> _p1;
    private readonly Vector<float> _invP1;
    private readonly Vector<float> _p2;
    private readonly Vector<float> _a;
    private readonly Vector<float> _minAxis;
    private readonly int _plateCount;
    private readonly float[]? _plates;

    public EllipseKernel(in Shape s)
    {
        Cos = MathF.Cos(s.Angle);
        Sin = MathF.Sin(s.Angle);
        InvA = 1 / s.A;
        InvB = 1 / s.B;
        var invA4 = InvA * InvA * InvA * InvA;
        var invB4 = InvB * InvB * InvB * InvB;
        var minAxis = MathF.Min(s.A, s.B);
        var reach = 1 + ((MathF.Max(s.HaloWidth, 0) + 2) / minAxis);
        var limit = reach * (1 + s.Irregularity);
        Limit2 = limit * limit;

        // The outline radius r stays within 1 +- 2.1 irregularity (harmonic amplitudes sum to at most
        // 2.08 irregularity) and the distance d = (q - r) / |grad q| is at least (q - r) minAxis in size.
        // So past this radius d exceeds both the halo and the half-pixel of partial cover (nothing to add:
        // the span is only narrowed), and inside FastInside d <= -(rim + 0.5): full cover, no rim or halo.
        var reached = 1 + (2.1f * s.Irregularity) + ((MathF.Max(s.HaloWidth, 0.5f) + 1) / minAxis);
        SpanLimit2 = MathF.Min(limit, reached) * MathF.Min(limit, reached);
        var fastInside = 1 - (2.1f * s.Irregularity) - ((s.RimWidth + 1) / minAxis);
        FastInside2 = fastInside > 0 ? fastInside * fastInside : -1;
        Pattern = s.Pattern;
        DensityV = new Vector<float>(s.Density);
        _cos = new Vector<float>(Cos);
        _sin = new Vector<float>(Sin);
        _minusSin = new Vector<float>(-Sin);
        _invA = new Vector<float>(InvA);
        _invB = new Vector<float>(InvB);
        _invA4 = new Vector<float>(invA4);
        _invB4 = new Vector<float>(invB4);
        _limit2 = new Vector<float>(Limit2);
        _minusMinAxis = new Vector<float>(-minAxis);
        _minAxis = new Vector<float>(minAxis);
        _a = new Vector<float>(s.A);

        // Outline harmonics 2..5 (cos and sin weights), derived from the shape's own seed.
        Span<float> hc = stackalloc float[4];
        Span<float> hs = stackalloc float[4];
        _irregular = s.Irregularity > 0;
        if (_irregular)
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

        // cos 2t = 2c^2 - 1, cos 3t = 4c^3 - 3c, cos 4t = 8c^4 - 8c^2 + 1, cos 5t = 16c^5 - 20c^3 + 5c;
        // sin 2t = s 2c, sin 3t = s (4c^2 - 1), sin 4t = s (8c^3 - 4c), sin 5t = s (16c^4 - 12c^2 + 1).
        _r0 = new Vector<float>(1 - hc[0] + hc[2]);
        _r1 = new Vector<float>((-3 * hc[1]) + (5 * hc[3]));
        _r2 = new Vector<float>((2 * hc[0]) - (8 * hc[2]));
        _r3 = new Vector<float>((4 * hc[1]) - (20 * hc[3]));
        _r4 = new Vector<float>(8 * hc[2]);
        _r5 = new Vector<float>(16 * hc[3]);
        _s0 = new Vector<float>(-hs[1] + hs[3]);
        _s1 = new Vector<float>((2 * hs[0]) - (4 * hs[2]));
        _s2 = new Vector<float>((4 * hs[1]) - (12 * hs[3]));
        _s3 = new Vector<float>(8 * hs[2]);
        _s4 = new Vector<float>(16 * hs[3]);

        _halfRim = s.RimWidth * 0.5f;
        _halfRimV = new Vector<float>(_halfRim);
        _invRimSpan = new Vector<float>(1 / (_halfRim + 0.5f));
        _rim = new Vector<float>(s.Rim);
        _haloWidth = s.HaloWidth;
        _haloWidthV = new Vector<float>(s.HaloWidth);
        _invHaloWidth = new Vector<float>(s.HaloWidth > 0 ? 1 / s.HaloWidth : 0);
        _halo = new Vector<float>(s.Halo);
        _p0 = new Vector<float>(s.P0);
        _p1 = new Vector<float>(s.P1);
        _invP1 = new Vector<float>(s.P1 != 0 ? 1 / s.P1 : 0);
        _p2 = new Vector<float>(s.P2);

        // Plate centres in normalised ellipse coordinates.
        _plateCount = 0;
        _plates = null;
        if (s.Pattern == ShapePattern.Plates)
        {
            _plateCount = Math.Clamp((int)s.P0, 2, MaxPlates);
            _plates = PlateBuffer;
            var rng = new SynthRandom(s.Seed ^ 0x5DEECE66DUL);
            for (var k = 0; k < _plateCount; k++)
            {
                var r = MathF.Sqrt(rng.NextFloat()) * 1.05f;
                var t = rng.Uniform(0, MathF.Tau);
                _plates[2 * k] = r * MathF.Cos(t);
                _plates[(2 * k) + 1] = r * MathF.Sin(t);
            }
        }
    }

    // One plate buffer per thread: a kernel lives only while its shape is drawn.
    [ThreadStatic]
    private static float[]? _plateBuffer;

    private static float[] PlateBuffer => _plateBuffer ??= new float[2 * MaxPlates];

    /// <summary>
    /// The density added at the pixels dx from the centre in a row dy from it, anywhere in the shape's reach;
    /// <paramref name="dyCos"/> and <paramref name="dySin"/> are dy cos and dy sin of the shape's angle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> Edge(Vector<float> dx, Vector<float> dyCos, Vector<float> dySin)
    {
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;
        var (u, v, nu, nv) = Rotate(dx, dyCos, dySin);
        var q2 = Vector.FusedMultiplyAdd(nu, nu, nv * nv);
        var q = Vector.SquareRoot(q2);
        var qs = Vector.MaxNative(q, new Vector<float>(1e-3f));
        var g = Vector.SquareRoot(Vector.FusedMultiplyAdd(u * u, _invA4, v * v * _invB4));
        Vector<float> d;
        if (_irregular)
        {
            // One division serves both 1/q (for the angle) and 1/|grad| (for the distance).
            var p = one / (qs * g);
            var inv = g * p;
            var c = nu * inv;
            var s = nv * inv;
            var pc = Vector.FusedMultiplyAdd(Vector.FusedMultiplyAdd(Vector.FusedMultiplyAdd(Vector.FusedMultiplyAdd(Vector.FusedMultiplyAdd(_r5, c, _r4), c, _r3), c, _r2), c, _r1), c, _r0);
            var qc = Vector.FusedMultiplyAdd(Vector.FusedMultiplyAdd(Vector.FusedMultiplyAdd(Vector.FusedMultiplyAdd(_s4, c, _s3), c, _s2), c, _s1), c, _s0);
            var r = Vector.FusedMultiplyAdd(-s, qc, pc);

            // Signed distance to the outline: (q - r) over |grad q| = sqrt(u^2/A^4 + v^2/B^4) / q.
            d = (q - r) * (qs * qs * p);
        }
        else
        {
            d = (q - one) * qs / g;
        }

        d = Vector.ConditionalSelect(Vector.LessThan(q, new Vector<float>(1e-3f)), _minusMinAxis, d);
        var cover = Vector.MinNative(Vector.MaxNative(new Vector<float>(0.5f) - d, zero), one);
        var value = cover * Inner(nu, nv, q);
        if (_halfRim > 0)
        {
            var t = one - (Vector.Abs(d + _halfRimV) * _invRimSpan);
            value += Vector.ConditionalSelect(Vector.GreaterThan(cover, zero), _rim * Vector.MaxNative(t, zero), zero);
        }

        if (_haloWidth > 0)
        {
            var halo = Vector.BitwiseAnd(Vector.GreaterThan(d, zero), Vector.LessThan(d, _haloWidthV));
            value -= Vector.ConditionalSelect(halo, _halo * (one - (d * _invHaloWidth)), zero);
        }

        return Vector.ConditionalSelect(Vector.LessThanOrEqual(q2, _limit2), value, zero);
    }

    /// <summary>
    /// The density well inside the outline (below <see cref="FastInside2"/>): the pattern alone, computed
    /// from the very same coordinates as in <see cref="Edge"/>, so both give the same value there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> Inside(Vector<float> dx, Vector<float> dyCos, Vector<float> dySin)
    {
        var (_, _, nu, nv) = Rotate(dx, dyCos, dySin);
        if (Pattern == ShapePattern.Groove)
        {
            return DensityV + GrooveDelta(nu);
        }

        return Inner(nu, nv, Vector.SquareRoot(Vector.FusedMultiplyAdd(nu, nu, nv * nv)));
    }

    // Shape coordinates (u along the long axis) and normalised ellipse coordinates of the pixels.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (Vector<float> U, Vector<float> V, Vector<float> Nu, Vector<float> Nv) Rotate(Vector<float> dx, Vector<float> dyCos, Vector<float> dySin)
    {
        var u = Vector.FusedMultiplyAdd(dx, _cos, dySin);
        var v = Vector.FusedMultiplyAdd(dx, _minusSin, dyCos);
        return (u, v, u * _invA, v * _invB);
    }

    // The interior density with its surface pattern, at normalised ellipse coordinates (nu, nv) and radius q.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector<float> Inner(Vector<float> nu, Vector<float> nv, Vector<float> q)
    {
        var zero = Vector<float>.Zero;
        var one = Vector<float>.One;
        switch (Pattern)
        {
            case ShapePattern.Groove:
                return DensityV + GrooveDelta(nu);
            case ShapePattern.Striae:
                {
                    var ramp = Vector.MinNative(one, (q - new Vector<float>(0.18f)) * new Vector<float>(5f));
                    var striae = _p2 * VectorMath.Cos((_p0 * VectorMath.Atan2(nv, nu)) + _p1) * ramp;
                    return DensityV + Vector.ConditionalSelect(Vector.GreaterThan(q, new Vector<float>(0.18f)), striae, zero);
                }

            case ShapePattern.Plates:
                {
                    // The two nearest plate centres; a suture where they are about equally near.
                    var d1 = new Vector<float>(float.MaxValue);
                    var d2 = d1;
                    var plates = _plates!;
                    for (var k = 0; k < 2 * _plateCount; k += 2)
                    {
                        var ex = nu - new Vector<float>(plates[k]);
                        var ey = nv - new Vector<float>(plates[k + 1]);
                        var dd = (ex * ex) + (ey * ey);
                        d2 = Vector.MinNative(d2, Vector.MaxNative(d1, dd));
                        d1 = Vector.MinNative(d1, dd);
                    }

                    var edge = (Vector.SquareRoot(d2) - Vector.SquareRoot(d1)) * _minAxis;
                    return DensityV + (_p2 * Vector.MaxNative(zero, one - (edge * _invP1)));
                }

            case ShapePattern.Ring:
                {
                    var t = Vector.MinNative(Vector.MaxNative(((_p0 - q) * _a) + new Vector<float>(0.5f), zero), one);
                    return DensityV + (t * (-_p1 - DensityV));
                }

            default:
                return DensityV;
        }
    }

    // A lighter band across the short axis with dark edges (dinoflagellate girdle).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector<float> GrooveDelta(Vector<float> nu)
    {
        var zero = Vector<float>.Zero;
        var one = Vector<float>.One;
        var g = Vector.Abs(nu - _p0) * _invP1;
        var groove = Vector.ConditionalSelect(Vector.LessThan(g, one), new Vector<float>(-0.8f) * (one - g), zero);
        var edges = new Vector<float>(0.9f) * Vector.MaxNative(zero, one - (Vector.Abs(g - one) * new Vector<float>(3.5f)));
        return Vector.ConditionalSelect(Vector.LessThan(g, new Vector<float>(1.3f)), _p2 * (groove + edges), zero);
    }
}
