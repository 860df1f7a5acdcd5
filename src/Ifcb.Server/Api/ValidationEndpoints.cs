using System.Text.Json;
using Ifcb.Server.Auth;
using Ifcb.Server.Data;
using Ifcb.Server.Hosting;
using Ifcb.Server.Validation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ifcb.Server.Api;

/// <summary>
/// Human validation: queues of ROIs to check (read: public unless the hub is private), decisions (annotators and
/// admins, logged in, with the antiforgery header), per-class statistics, and the labels as <c>pid,class</c> CSV or
/// ifcb-analysis <c>.mat</c> files.
/// </summary>
internal static class ValidationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        const string prefix = "/api/v1/datasets/{dataset}/validation";
        app.MapGet(prefix + "/queue", QueueAsync).WithSummary("ROIs to validate: model, start, end, class (or bin for everything in a bin), queue=score|uncertainty|random|rare, seed, offset, limit.");
        app.MapPost(prefix + "/decisions", DecideAsync).Accepts<DecisionsInput>("application/json").WithSummary("Record decisions {model, queue, items:[{bin, roi, class}]} (annotator; X-CSRF-TOKEN).");
        app.MapPut(prefix + "/decisions/{id:long}", UpdateAsync).Accepts<ClassInput>("application/json").WithSummary("Change the class of one of your decisions (annotator; X-CSRF-TOKEN).");
        app.MapDelete(prefix + "/decisions/{id:long}", DeleteAsync).WithSummary("Delete one of your decisions (undo; annotator; X-CSRF-TOKEN).");
        app.MapGet(prefix + "/stats", StatsAsync).WithSummary("Per class of a model: confirmed, relabelled, precision from the random queue with its Wilson 95 % interval, annotator agreement.");
        app.MapGet(prefix + "/export", ExportAsync).WithSummary("The decided labels, one per ROI (the latest): format=csv (pid,class) or mat (zip of {bin}.mat); model, annotator, start, end.");
        app.MapPost(prefix + "/import", ImportAsync).Accepts<string>("text/csv", "text/plain").WithSummary("Import a pid,class CSV body as decisions of ?annotator= (admin; X-CSRF-TOKEN).");
    }

    /// <summary>The body of a decisions post.</summary>
    internal sealed record DecisionsInput(string? Model, string? Queue, List<DecisionItem>? Items);

    /// <summary>One decided ROI.</summary>
    internal sealed record DecisionItem(string? Bin, int Roi, string? Class);

    /// <summary>The body of a decision change.</summary>
    internal sealed record ClassInput(string? Class);

    private static async Task<IResult> QueueAsync(HttpContext context, string dataset, HubQueries q, ValidationService validation, string? model, string? start, string? end,
        string? @class, string? bin, string? queue, int? seed, int? offset, int? limit, CancellationToken ct)
    {
        var ds = await q.DatasetAsync(dataset, ct);
        if (ds is null)
        {
            return ReadEndpoints.NoDataset(dataset);
        }

        var m = await q.ModelAsync(ds.Id, model, ct);
        if (m is null)
        {
            return HubServer.Error(404, string.IsNullOrEmpty(model) ? $"dataset '{dataset}' has no results yet" : $"no model '{model}'");
        }

        var kind = string.IsNullOrEmpty(queue) ? ValidationQueue.Score : queue.ToLowerInvariant();
        if (!ValidationQueue.All.Contains(kind))
        {
            return HubServer.Error(400, $"queue '{queue}' is not one of {string.Join(", ", ValidationQueue.All)}", "queue");
        }

        long? s, e;
        try
        {
            s = QueryParams.Time(start, "start");
            e = QueryParams.Time(end, "end");
        }
        catch (ArgumentException ex)
        {
            return HubServer.Error(400, ex.Message);
        }

        var names = await q.ClassNamesAsync(m.Id, ct);
        var classIndex = -1;
        if (!string.IsNullOrEmpty(@class))
        {
            classIndex = names.IndexOf(@class);
            if (classIndex < 0)
            {
                return HubServer.Error(400, $"'{@class}' is not a class of model '{m.Key}'", "class");
            }
        }
        else if (string.IsNullOrEmpty(bin) && kind != ValidationQueue.Rare && kind != ValidationQueue.Uncertainty)
        {
            return HubServer.Error(400, "choose a class (class=), or a bin (bin=) for everything in it", "class");
        }

        var predictions = await validation.PredictionsAsync(ds.Id, m.Id, s, e, string.IsNullOrEmpty(bin) ? null : bin, ct);
        var ordered = ValidationService.Order(classIndex < 0 ? predictions : predictions.Where(p => p.Class == classIndex), kind, seed ?? 1);
        var skip = Math.Max(0, offset ?? 0);
        var page = ordered.Skip(skip).Take(Math.Clamp(limit ?? 60, 1, 1000)).ToList();
        var decisions = await validation.DecisionsForAsync(ds.Id, [.. page.Select(p => (p.Bin, p.Roi))], ct);
        var me = AccountEndpoints.Caller(context)?.Id;
        return Results.Json(new
        {
            dataset,
            model = m.Key,
            classes = names,
            queue = kind,
            seed = seed ?? 1,
            @class = classIndex < 0 ? null : @class,
            bin = string.IsNullOrEmpty(bin) ? null : bin,
            total = ordered.Count,
            offset = skip,
            binsLimit = ValidationService.MaxQueueBins,
            items = page.Select(p =>
            {
                var seen = decisions.GetValueOrDefault((p.Bin, p.Roi)) ?? [];
                var mine = seen.FirstOrDefault(d => d.UserId == me);
                return new
                {
                    pid = p.Pid,
                    bin = p.Bin,
                    roi = p.Roi,
                    predicted = names[p.Class],
                    score = p.Score,
                    margin = p.Margin,
                    image = "/data/" + p.Pid + ".png",
                    mine = mine is null ? null : new { id = mine.Id, @class = mine.Class },
                    others = seen.Where(d => d.UserId != me).Select(d => new { user = d.User, @class = d.Class }),
                };
            }),
        }, HubServer.Json);
    }

    /// <summary>The caller when they may annotate; else the 401/403 (or 400 for a missing antiforgery token) to answer.</summary>
    private static async Task<(UserRow? User, IResult? Refusal)> AnnotatorAsync(HttpContext context, IAntiforgery antiforgery, HubQueries q, bool admin = false)
    {
        var caller = AccountEndpoints.Caller(context);
        if (caller is null)
        {
            return (null, HubServer.Error(StatusCodes.Status401Unauthorized, "log in first (POST /login or /api/v1/auth/login)"));
        }

        // The role is read again from the database: a changed role takes effect without a new login.
        await using var db = q.Open();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.Value.Id, context.RequestAborted);
        if (user is null || !(admin ? user.Role == HubRoles.Admin : HubRoles.CanAnnotate(user.Role)))
        {
            return (null, HubServer.Error(StatusCodes.Status403Forbidden, admin ? "this needs an admin account" : "this needs an annotator or admin account"));
        }

        if (await AccountEndpoints.CheckCsrfAsync(context, antiforgery) is { } refused)
        {
            return (null, refused);
        }

        return (user, null);
    }

    private static async Task<IResult> DecideAsync(HttpContext context, string dataset, HubQueries q, ValidationService validation, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (user, refusal) = await AnnotatorAsync(context, antiforgery, q);
        if (refusal is not null)
        {
            return refusal;
        }

        var ds = await q.DatasetAsync(dataset, ct);
        if (ds is null)
        {
            return ReadEndpoints.NoDataset(dataset);
        }

        DecisionsInput? input;
        try
        {
            input = await context.Request.ReadFromJsonAsync<DecisionsInput>(HubServer.Json, ct);
        }
        catch (JsonException ex)
        {
            return HubServer.Error(400, "malformed JSON: " + ex.Message);
        }

        if (input?.Items is not { Count: > 0 } items || items.Count > 10_000)
        {
            return HubServer.Error(400, "items: 1 to 10,000 {bin, roi, class}", "items");
        }

        var kind = string.IsNullOrEmpty(input.Queue) ? ValidationQueue.Score : input.Queue.ToLowerInvariant();
        if (!ValidationQueue.All.Contains(kind) && kind != "bin")
        {
            return HubServer.Error(400, $"queue '{input.Queue}' is not one of {string.Join(", ", ValidationQueue.All)}, bin", "queue");
        }

        ModelRow? m = null;
        IReadOnlyList<string> names = [];
        if (!string.IsNullOrEmpty(input.Model))
        {
            m = await q.ModelAsync(ds.Id, input.Model, ct);
            if (m is null)
            {
                return HubServer.Error(400, $"no model '{input.Model}'", "model");
            }

            names = await q.ClassNamesAsync(m.Id, ct);
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (string.IsNullOrEmpty(items[i].Bin) || items[i].Roi < 1 || items[i].Class is null)
            {
                return HubServer.Error(400, "each item needs bin, roi (>= 1) and class", $"items[{i}]");
            }
        }

        try
        {
            var results = await validation.DecideAsync(ds.Id, m, names, kind, user!.Id,
                [.. items.Select(i => new ValidationService.DecisionInput(i.Bin!, i.Roi, i.Class!))], ct);
            return Results.Json(new { decisions = results }, HubServer.Json);
        }
        catch (ValidationInputException ex)
        {
            return HubServer.Error(400, ex.Message, "items");
        }
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string dataset, long id, HubQueries q, ValidationService validation, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (user, refusal) = await AnnotatorAsync(context, antiforgery, q);
        if (refusal is not null)
        {
            return refusal;
        }

        var ds = await q.DatasetAsync(dataset, ct);
        if (ds is null)
        {
            return ReadEndpoints.NoDataset(dataset);
        }

        ClassInput? input;
        try
        {
            input = await context.Request.ReadFromJsonAsync<ClassInput>(HubServer.Json, ct);
        }
        catch (JsonException ex)
        {
            return HubServer.Error(400, "malformed JSON: " + ex.Message);
        }

        try
        {
            return Answer(await validation.UpdateAsync(ds.Id, id, user!.Id, input?.Class ?? "", ct), id);
        }
        catch (ValidationInputException ex)
        {
            return HubServer.Error(400, ex.Message, "class");
        }
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string dataset, long id, HubQueries q, ValidationService validation, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (user, refusal) = await AnnotatorAsync(context, antiforgery, q);
        if (refusal is not null)
        {
            return refusal;
        }

        var ds = await q.DatasetAsync(dataset, ct);
        return ds is null ? ReadEndpoints.NoDataset(dataset) : Answer(await validation.DeleteAsync(ds.Id, id, user!.Id, ct), id);
    }

    private static IResult Answer(ValidationService.Change change, long id) => change switch
    {
        ValidationService.Change.Done => Results.NoContent(),
        ValidationService.Change.Forbidden => HubServer.Error(StatusCodes.Status403Forbidden, $"decision {id} is another annotator's"),
        _ => HubServer.Error(404, $"no decision {id} in this dataset"),
    };

    private static async Task<IResult> StatsAsync(string dataset, HubQueries q, ValidationService validation, string? model, string? format, CancellationToken ct)
    {
        var ds = await q.DatasetAsync(dataset, ct);
        if (ds is null)
        {
            return ReadEndpoints.NoDataset(dataset);
        }

        var m = await q.ModelAsync(ds.Id, model, ct);
        if (m is null)
        {
            return HubServer.Error(404, string.IsNullOrEmpty(model) ? $"dataset '{dataset}' has no results yet" : $"no model '{model}'");
        }

        var stats = await validation.StatsAsync(ds.Id, m, await q.ClassNamesAsync(m.Id, ct), ct);
        if (QueryParams.WantsCsv(format))
        {
            var sb = new System.Text.StringBuilder("model,class,confirmed,relabelled,random_sample,random_confirmed,precision,precision_low,precision_high,shared_rois,agreed_rois,agreement\n");
            foreach (var c in stats)
            {
                Csv.Row(sb, m.Key, c.Class, c.Confirmed, c.Relabelled, c.RandomSample, c.RandomConfirmed, c.Precision, c.PrecisionLow, c.PrecisionHigh, c.SharedRois, c.AgreedRois, c.Agreement);
            }

            return Results.Text(sb.ToString(), "text/csv");
        }

        var annotators = await validation.AnnotatorsAsync(ds.Id, ct);
        return Results.Json(new
        {
            dataset,
            model = m.Key,
            interval = "Wilson score, 95 %",
            classes = stats.Select(c => new
            {
                @class = c.Class,
                confirmed = c.Confirmed,
                relabelled = c.Relabelled,
                randomSample = c.RandomSample,
                randomConfirmed = c.RandomConfirmed,
                precision = c.Precision,
                precisionLow = c.PrecisionLow,
                precisionHigh = c.PrecisionHigh,
                sharedRois = c.SharedRois,
                agreedRois = c.AgreedRois,
                agreement = c.Agreement,
            }),
            annotators = annotators.Select(a => new { name = a.User, decisions = a.Decisions }),
        }, HubServer.Json);
    }

    private static async Task<IResult> ExportAsync(string dataset, HubQueries q, ValidationService validation, string? format, string? model, string? annotator,
        string? start, string? end, CancellationToken ct)
    {
        var ds = await q.DatasetAsync(dataset, ct);
        if (ds is null)
        {
            return ReadEndpoints.NoDataset(dataset);
        }

        int? modelId = null;
        if (!string.IsNullOrEmpty(model))
        {
            var m = await q.ModelAsync(ds.Id, model, ct);
            if (m is null)
            {
                return HubServer.Error(404, $"no model '{model}'");
            }

            modelId = m.Id;
        }

        long? s, e;
        try
        {
            s = QueryParams.Time(start, "start");
            e = QueryParams.Time(end, "end");
        }
        catch (ArgumentException ex)
        {
            return HubServer.Error(400, ex.Message);
        }

        var labels = await validation.ExportAsync(ds.Id, modelId, annotator, s, e, ct);
        return (format ?? "csv").ToLowerInvariant() switch
        {
            "csv" => Results.File(System.Text.Encoding.UTF8.GetBytes(LabelExport.Csv(labels)), "text/csv", $"{dataset}-labels.csv"),
            "mat" => Results.File(LabelExport.MatZip(labels, await validation.RoiCountsAsync(ds.Id, labels.Select(l => l.Bin), ct)), "application/zip", $"{dataset}-manual.zip"),
            _ => HubServer.Error(400, $"format '{format}' is not csv or mat", "format"),
        };
    }

    private static async Task<IResult> ImportAsync(HttpContext context, string dataset, string? annotator, HubQueries q, ValidationService validation, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (_, refusal) = await AnnotatorAsync(context, antiforgery, q, admin: true);
        if (refusal is not null)
        {
            return refusal;
        }

        var path = Path.Combine(Path.GetTempPath(), "ifcb-import-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            await using (var file = File.Create(path))
            {
                await context.Request.Body.CopyToAsync(file, ct);
            }

            var labels = Ifcb.Formats.Labels.RoiLabelCsv.Read(path);
            var (added, replaced) = await validation.ImportAsync(dataset, labels, string.IsNullOrEmpty(annotator) ? "imported" : annotator, ct);
            return Results.Json(new { added, replaced }, HubServer.Json);
        }
        catch (Exception ex) when (ex is Ifcb.Data.IfcbDataException or ValidationInputException or ArgumentException or Ingest.PushValidationException)
        {
            return HubServer.Error(400, ex.Message.Replace(path, "body", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
