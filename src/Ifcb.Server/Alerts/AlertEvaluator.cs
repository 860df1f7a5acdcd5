using System.Runtime.InteropServices;
using Ifcb.Server.Data;

namespace Ifcb.Server.Alerts;

/// <summary>Computes a rule's value (cells/L) for one bin's result; pure, so ingest and tests share it.</summary>
public static class AlertEvaluator
{
    /// <summary>
    /// Cells/L of the rule's taxon: the winners of its classes over the volume. With a minimum score and per-ROI
    /// scores, only ROIs whose winning score reaches it count (HABhub's cut-off); without scores all winners count.
    /// </summary>
    public static double ValuePerL(AlertRuleRow rule, IReadOnlyList<string> classNames, IReadOnlyList<int> winnerCounts,
        double mlAnalyzed, byte[]? scores, int scoreRows)
    {
        var taxon = new HashSet<string>(rule.Classes.Split('|', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        var indices = new List<int>();
        for (var i = 0; i < classNames.Count; i++)
        {
            if (taxon.Contains(classNames[i]))
            {
                indices.Add(i);
            }
        }

        if (indices.Count == 0)
        {
            return 0;
        }

        double count = 0;
        if (rule.MinScore is { } min && scores is not null && scoreRows > 0)
        {
            var k = classNames.Count;
            var floats = MemoryMarshal.Cast<byte, float>(scores);
            var member = new bool[k];
            foreach (var i in indices)
            {
                member[i] = true;
            }

            for (var r = 0; r < scoreRows; r++)
            {
                var row = floats.Slice(r * k, k);
                var best = 0;
                for (var c = 1; c < k; c++)
                {
                    if (row[c] > row[best])
                    {
                        best = c;
                    }
                }

                if (member[best] && row[best] >= min)
                {
                    count++;
                }
            }
        }
        else
        {
            foreach (var i in indices)
            {
                count += winnerCounts[i];
            }
        }

        return count / mlAnalyzed * 1000.0;
    }
}
