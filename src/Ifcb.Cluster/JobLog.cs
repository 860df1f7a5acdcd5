using System.Globalization;

namespace Ifcb.Cluster;

/// <summary>
/// <c>DIR/slurm/jobs.csv</c> (<c>time,kind,job_id,array</c>): every submission, appended. <c>resume</c> reads the last
/// reduce job from it to cancel it: that job waits on an array that failed and would never start.
/// </summary>
public static class JobLog
{
    /// <summary>Appends a submission.</summary>
    public static void Append(SlurmJob job, string kind, string jobId, string array)
    {
        ArgumentNullException.ThrowIfNull(job);
        var path = Path.Combine(job.JobFolder, "jobs.csv");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, "time,kind,job_id,array\n");
        }

        File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ},{kind},{jobId},{array}\n"));
    }

    /// <summary>The id of the last job of <paramref name="kind"/>, or null.</summary>
    public static string? Last(SlurmJob job, string kind)
    {
        ArgumentNullException.ThrowIfNull(job);
        var path = Path.Combine(job.JobFolder, "jobs.csv");
        return File.Exists(path)
            ? File.ReadLines(path).Skip(1).Select(l => l.Split(',')).Where(c => c.Length >= 3 && c[1] == kind).Select(c => c[2]).LastOrDefault()
            : null;
    }
}
