using System.Globalization;
using System.Text;

namespace Ifcb.Data.Hdr;

/// <summary>
/// Formats doubles exactly as Python's <c>repr(float)</c> (and so <c>json.dumps</c>): shortest round-trip
/// digits, fixed notation for decimal exponents in [-4, 16), otherwise <c>1e-05</c> / <c>1.5e+16</c>.
/// </summary>
public static class PythonFloat
{
    /// <summary>Python's <c>repr</c> of a float.</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "R" is the shortest round-trip form; take its digits and exponent apart and re-lay them out.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int exponent; // value = 0.d1d2d3... * 10^exponent  =>  decimal point after `exponent` digits
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e >= 0 ? shortest[..e] : shortest;
        var exp10 = e >= 0 ? int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        exponent = intPart.Length - leadingZeros + exp10;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var sb = new StringBuilder();
        if (value < 0)
        {
            sb.Append('-');
        }

        var sciExp = exponent - 1; // exponent in d.ddd e±XX form
        if (sciExp >= -4 && sciExp < 16)
        {
            if (exponent <= 0)
            {
                sb.Append("0.").Append('0', -exponent).Append(digits);
            }
            else if (digits.Length <= exponent)
            {
                sb.Append(digits).Append('0', exponent - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, exponent).Append('.').Append(digits, exponent, digits.Length - exponent);
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(sciExp < 0 ? '-' : '+').Append(Math.Abs(sciExp).ToString("00", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
