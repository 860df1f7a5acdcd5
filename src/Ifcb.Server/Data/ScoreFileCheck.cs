using Microsoft.EntityFrameworkCore;

namespace Ifcb.Server.Data;

/// <summary>
/// Checks the score files against the database (<c>ifcb serve check</c>): every row's file is there and whole, and
/// files no row references (left by a crash between a push's rename and its commit) are listed, or removed.
/// </summary>
public static class ScoreFileCheck
{
    /// <summary>A row whose score file is missing or damaged: its scores cannot be read.</summary>
    public sealed record Broken(string Dataset, string Bin, string Model, string File, string Problem);

    /// <summary>What the check found.</summary>
    /// <param name="Rows">Results with per-ROI scores.</param>
    /// <param name="InFiles">Of them, those whose scores are in a file (the others are blobs from before the files).</param>
    /// <param name="Broken">Rows whose file is missing or damaged.</param>
    /// <param name="Unreferenced">Files older than the minimum age that no row references.</param>
    /// <param name="Removed">How many of those were deleted.</param>
    public sealed record Report(int Rows, int InFiles, IReadOnlyList<Broken> Broken, IReadOnlyList<string> Unreferenced, int Removed);

    /// <summary>Runs the check.</summary>
    /// <param name="database">The hub's database and its score store.</param>
    /// <param name="removeUnreferenced">Delete the unreferenced files.</param>
    /// <param name="minimumAge">Files younger than this are left alone: a push may be about to commit them.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public static async Task<Report> RunAsync(HubDatabase database, bool removeUnreferenced, TimeSpan minimumAge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        // The blobs are not read: old rows are checked by their size only in the database itself.
        var rows = await (from s in db.RoiScores
                          join r in db.BinResults on s.BinResultId equals r.Id
                          join b in db.Bins on r.BinId equals b.Id
                          join d in db.Datasets on b.DatasetId equals d.Id
                          join m in db.Models on r.ModelId equals m.Id
                          select new { s.File, s.RoiCount, s.ClassCount, Dataset = d.Name, b.Lid, Model = m.Key }).ToListAsync(cancellationToken);
        var broken = new List<Broken>();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.File is not null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            referenced.Add(row.File!);
            if (database.Scores.Verify(row.File!, row.RoiCount, row.ClassCount) is { } problem)
            {
                broken.Add(new Broken(row.Dataset, row.Lid, row.Model, row.File!, problem));
            }
        }

        var cutoff = DateTime.UtcNow - minimumAge;
        var unreferenced = database.Scores.ListFiles().Where(f => !referenced.Contains(f.Relative) && f.WrittenUtc < cutoff)
            .Select(f => f.Relative).Order(StringComparer.Ordinal).ToList();
        var removed = 0;
        if (removeUnreferenced)
        {
            foreach (var file in unreferenced)
            {
                database.Scores.Delete(file);
                removed++;
            }
        }

        return new Report(rows.Count, referenced.Count, broken, unreferenced, removed);
    }
}
