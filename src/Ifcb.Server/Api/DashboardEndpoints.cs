using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Ifcb.Data.Ids;
using Ifcb.Server.Hosting;
using Ifcb.Server.Raw;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ifcb.Server.Api;

/// <summary>
/// The IFCB Dashboard endpoints HABhub-style consumers pull, in the Dashboard's shape, so they can point at the hub
/// unchanged: the metadata CSV, the per-bin class-scores CSV, and raw files/ROI images under <c>/data/</c>.
/// </summary>
internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/export_metadata/{dataset}", ExportMetadataAsync).WithSummary("Dashboard-shaped bin metadata CSV (start_date, end_date).");
        app.MapGet("/{dataset}/{bin}_class_scores.csv", ClassScoresAsync).WithSummary("Dashboard-shaped per-ROI scores: pid,<class...> (model: default the newest).");
        app.MapGet("/data/{file}", DataFile).WithSummary("Raw files from --raw folders: {bin}.hdr|.adc|.roi, {bin}.zip (all three), and ROI images {bin}_{roi}.png.");
    }

    private static async Task<IResult> ExportMetadataAsync(string dataset, string? start_date, string? end_date, HubQueries q, CancellationToken ct)
    {
        var ds = await q.DatasetAsync(dataset, ct);
        if (ds is null)
        {
            return ReadEndpoints.NoDataset(dataset);
        }

        long? s, e;
        try
        {
            s = QueryParams.Time(start_date, "start_date");
            e = QueryParams.Time(end_date, "end_date");
        }
        catch (ArgumentException ex)
        {
            return HubServer.Error(400, ex.Message);
        }

        // The Dashboard's end_date is inclusive of that day.
        if (e is { } end && end_date is { Length: 10 })
        {
            e = end + 86_400_000;
        }

        var bins = await q.BinsAsync(ds.Id, s, e, 0, int.MaxValue, ct);
        var sb = new StringBuilder("dataset,pid,sample_time,ifcb,ml_analyzed,latitude,longitude,depth,cruise,cast,niskin,sample_type,n_images,comment_summary,trigger_selection,skip\n");
        foreach (var b in bins)
        {
            var number = BinId.TryParse(b.Lid, out var id) ? id.InstrumentNumber.ToString(CultureInfo.InvariantCulture) : b.Instrument;
            var time = DateTimeOffset.FromUnixTimeMilliseconds(b.SampleTimeMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00:00";
            Csv.Row(sb, dataset, b.Lid, time, number, b.MlAnalyzed, b.Latitude, b.Longitude, b.Depth, "", "", "", "", b.RoiCount, "", "", b.QcFlags.Length > 0 ? "True" : "False");
        }

        return Results.Text(sb.ToString(), "text/csv");
    }

    private static async Task<IResult> ClassScoresAsync(string dataset, string bin, string? model, HubQueries q, CancellationToken ct)
    {
        var ds = await q.DatasetAsync(dataset, ct);
        var row = ds is null ? null : await q.BinAsync(ds.Id, bin, ct);
        if (row is null)
        {
            return HubServer.Error(404, $"bin '{bin}' is not stored in dataset '{dataset}'");
        }

        var key = string.IsNullOrEmpty(model) ? (await q.BinModelsAsync(row.Id, ct)).FirstOrDefault() : model;
        var m = key is null ? null : await q.ModelAsync(ds!.Id, key, ct);
        var result = m is null ? null : await q.ResultAsync(row.Id, m.Id, ct);
        var scores = result is null ? null : await q.ScoresAsync(result.Id, ct);
        if (scores is null)
        {
            return HubServer.Error(404, $"bin '{bin}' has no per-ROI scores");
        }

        var names = await q.ClassNamesAsync(m!.Id, ct);
        var sb = new StringBuilder("pid");
        foreach (var n in names)
        {
            sb.Append(',').Append(Csv.Quote(n));
        }

        sb.Append('\n');
        var floats = MemoryMarshal.Cast<byte, float>(scores.Scores);
        var rois = MemoryMarshal.Cast<byte, int>(scores.RoiNumbers);
        for (var r = 0; r < scores.RoiCount; r++)
        {
            sb.Append(row.Lid).Append('_').Append(rois[r].ToString("D5", CultureInfo.InvariantCulture));
            for (var c = 0; c < scores.ClassCount; c++)
            {
                sb.Append(',').Append(floats[(r * scores.ClassCount) + c].ToString("R", CultureInfo.InvariantCulture));
            }

            sb.Append('\n');
        }

        return Results.Text(sb.ToString(), "text/csv");
    }

    private static IResult DataFile(string file, RawArchive raw)
    {
        if (file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return BinZip(file[..^4], raw);
        }

        Pid pid;
        try
        {
            pid = Pid.Parse(file);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or Ifcb.Data.IfcbDataException)
        {
            return HubServer.Error(404, $"'{file}' is not a bin file or ROI image name");
        }

        if (pid.Target is { } target && pid.Extension == "png")
        {
            var png = raw.ReadPng(pid.Bin.Lid, target);
            return png is null ? HubServer.Error(404, $"no image {target} of bin '{pid.Bin.Lid}' in the --raw folders") : Results.Bytes(png, "image/png");
        }

        if (pid.Target is null && pid.Product is null && pid.Extension is "hdr" or "adc" or "roi")
        {
            var found = raw.Find(pid.Bin.Lid);
            if (found is null)
            {
                return HubServer.Error(404, $"bin '{pid.Bin.Lid}' is not in the --raw folders");
            }

            var path = pid.Extension switch { "hdr" => found.Files.HdrPath, "adc" => found.Files.AdcPath, _ => found.Files.RoiPath };
            return Results.File(path, pid.Extension == "hdr" ? "text/plain" : "application/octet-stream", Path.GetFileName(path));
        }

        return HubServer.Error(404, $"'{file}' is not served: use {{bin}}.hdr|.adc|.roi|.zip or {{bin}}_{{roi}}.png");
    }

    /// <summary>The bin's raw .hdr, .adc and .roi in one zip (the IFCB Dashboard's {bin}.zip), stored uncompressed (ROI pixels barely compress).</summary>
    private static IResult BinZip(string lid, RawArchive raw)
    {
        if (!Ifcb.Data.Ids.BinId.TryParse(lid, out var id) || !string.Equals(id.Lid, lid, StringComparison.Ordinal))
        {
            return HubServer.Error(404, $"'{lid}' is not a bin id");
        }

        var found = raw.Find(lid);
        if (found is null)
        {
            return HubServer.Error(404, $"bin '{lid}' is not in the --raw folders");
        }

        // Built in a temporary file that is deleted when the response is sent: a bin can be tens of MB.
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            using (var zip = new ZipArchive(temp, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var path in new[] { found.Files.HdrPath, found.Files.AdcPath, found.Files.RoiPath })
                {
                    zip.CreateEntryFromFile(path, lid + Path.GetExtension(path), CompressionLevel.NoCompression);
                }
            }

            temp.Position = 0;
            return Results.Stream(temp, "application/zip", lid + ".zip");
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }
}
