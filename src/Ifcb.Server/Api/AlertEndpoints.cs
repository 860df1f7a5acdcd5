using System.Text;
using Ifcb.Server.Auth;
using Ifcb.Server.Data;
using Ifcb.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ifcb.Server.Api;

/// <summary>Alert events (read) and per-dataset rules (read; create/update/delete with the dataset's token).</summary>
internal static class AlertEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/alerts", EventsAsync).WithSummary("Alert events, newest first (dataset, limit, format=json|csv).");
        app.MapGet("/api/v1/datasets/{dataset}/alert-rules", RulesAsync).WithSummary("The dataset's alert rules.");
        app.MapPost("/api/v1/datasets/{dataset}/alert-rules", CreateAsync).Accepts<AlertRuleInput>("application/json").WithSummary("Add a rule (token for the dataset).");
        app.MapPut("/api/v1/datasets/{dataset}/alert-rules/{id:int}", UpdateAsync).Accepts<AlertRuleInput>("application/json").WithSummary("Change a rule (token for the dataset); absent fields keep their value.");
        app.MapDelete("/api/v1/datasets/{dataset}/alert-rules/{id:int}", DeleteAsync).WithSummary("Delete a rule and its events (token for the dataset).");
    }

    private static async Task<IResult> EventsAsync(HubQueries q, string? dataset, int? limit, string? format, CancellationToken ct)
    {
        int? id = null;
        if (!string.IsNullOrEmpty(dataset))
        {
            var ds = await q.DatasetAsync(dataset, ct);
            if (ds is null)
            {
                return ReadEndpoints.NoDataset(dataset);
            }

            id = ds.Id;
        }

        var events = await q.AlertsAsync(id, Math.Clamp(limit ?? 100, 1, 10_000), ct);
        if (QueryParams.WantsCsv(format))
        {
            var sb = new StringBuilder("dataset,rule,classes,bin,sample_time,model,value_per_l,level_per_l\n");
            foreach (var (e, rule, classes, ds) in events)
            {
                Csv.Row(sb, ds, rule, classes, e.BinLid, QueryParams.Iso(e.SampleTimeMs), e.ModelKey, e.ValuePerL, e.LevelPerL);
            }

            return Results.Text(sb.ToString(), "text/csv");
        }

        return Results.Json(events.Select(x => new
        {
            id = x.Event.Id,
            dataset = x.Dataset,
            rule = x.Rule,
            ruleId = x.Event.RuleId,
            classes = x.Classes.Split('|'),
            bin = x.Event.BinLid,
            sampleTime = QueryParams.Iso(x.Event.SampleTimeMs),
            model = x.Event.ModelKey,
            valuePerL = x.Event.ValuePerL,
            levelPerL = x.Event.LevelPerL,
        }), HubServer.Json);
    }

    private static object RuleJson(AlertRuleRow r) => new
    {
        id = r.Id,
        name = r.Name,
        classes = r.Classes.Split('|'),
        levelPerL = r.LevelPerL,
        model = r.ModelKey,
        minScore = r.MinScore,
        webhookUrl = r.WebhookUrl,
        enabled = r.Enabled,
        source = r.Source,
    };

    private static async Task<IResult> RulesAsync(string dataset, HubQueries q, CancellationToken ct)
    {
        var ds = await q.DatasetAsync(dataset, ct);
        if (ds is null)
        {
            return ReadEndpoints.NoDataset(dataset);
        }

        await using var db = q.Open();
        var rules = await db.AlertRules.Where(r => r.DatasetId == ds.Id).OrderBy(r => r.Id).ToListAsync(ct);
        return Results.Json(rules.Select(RuleJson), HubServer.Json);
    }

    private static async Task<IResult?> AuthorizeAsync(HttpContext context, string dataset, TokenService tokens, CancellationToken ct)
    {
        var (check, _) = await tokens.CheckAsync(context.Request.Headers.Authorization, dataset, ct);
        return check switch
        {
            TokenService.Check.Unknown => HubServer.Error(401, "a valid token is needed: Authorization: Bearer <token>"),
            TokenService.Check.WrongDataset => HubServer.Error(403, $"this token may not change dataset '{dataset}'"),
            _ => null,
        };
    }

    private static IResult? Apply(AlertRuleRow rule, AlertRuleInput input, bool creating)
    {
        if (input.Classes is { } classes)
        {
            if (classes.Count == 0 || classes.Any(c => string.IsNullOrWhiteSpace(c) || c.Contains('|', StringComparison.Ordinal)))
            {
                return HubServer.Error(400, "classes must list one or more class names (without '|')", "classes");
            }

            rule.Classes = string.Join('|', classes.Select(c => c.Trim()));
        }
        else if (creating)
        {
            return HubServer.Error(400, "classes is required", "classes");
        }

        if (input.LevelPerL is { } level)
        {
            if (!double.IsFinite(level) || level <= 0)
            {
                return HubServer.Error(400, "levelPerL must be a number > 0 (cells/L)", "levelPerL");
            }

            rule.LevelPerL = level;
        }
        else if (creating)
        {
            return HubServer.Error(400, "levelPerL is required (cells/L)", "levelPerL");
        }

        if (input.MinScore is { } min)
        {
            if (!double.IsFinite(min) || min < 0 || min > 1)
            {
                return HubServer.Error(400, "minScore must be between 0 and 1", "minScore");
            }

            rule.MinScore = min;
        }

        if (input.WebhookUrl is { } url)
        {
            if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)))
            {
                return HubServer.Error(400, "webhookUrl must be an http(s) URL", "webhookUrl");
            }

            rule.WebhookUrl = url.Length == 0 ? null : url;
        }

        if (input.Model is { } model)
        {
            rule.ModelKey = model.Length == 0 ? null : model;
        }

        if (input.Name is { } name)
        {
            rule.Name = name;
        }
        else if (creating)
        {
            rule.Name = rule.Classes.Replace('|', '+');
        }

        if (input.Enabled is { } enabled)
        {
            rule.Enabled = enabled;
        }

        return null;
    }

    private static async Task<IResult> CreateAsync(string dataset, AlertRuleInput input, HttpContext context, TokenService tokens, HubQueries q, CancellationToken ct)
    {
        if (await AuthorizeAsync(context, dataset, tokens, ct) is { } denied)
        {
            return denied;
        }

        var ds = await q.DatasetAsync(dataset, ct);
        if (ds is null)
        {
            return ReadEndpoints.NoDataset(dataset);
        }

        var rule = new AlertRuleRow { DatasetId = ds.Id, CreatedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
        if (Apply(rule, input, creating: true) is { } bad)
        {
            return bad;
        }

        await using var db = q.Open();
        db.AlertRules.Add(rule);
        db.Audit.Add(new AuditRow { TimeMs = rule.CreatedMs, Action = "rule-create", Dataset = dataset, Detail = $"{rule.Name}: {rule.Classes} >= {rule.LevelPerL} cells/L" });
        await db.SaveChangesAsync(ct);
        return Results.Json(RuleJson(rule), HubServer.Json, statusCode: 201);
    }

    private static async Task<IResult> UpdateAsync(string dataset, int id, AlertRuleInput input, HttpContext context, TokenService tokens, HubQueries q, CancellationToken ct)
    {
        if (await AuthorizeAsync(context, dataset, tokens, ct) is { } denied)
        {
            return denied;
        }

        await using var db = q.Open();
        var rule = await (from r in db.AlertRules.AsTracking() join d in db.Datasets on r.DatasetId equals d.Id where r.Id == id && d.Name == dataset select r).FirstOrDefaultAsync(ct);
        if (rule is null)
        {
            return HubServer.Error(404, $"no rule {id} in dataset '{dataset}'");
        }

        if (Apply(rule, input, creating: false) is { } bad)
        {
            return bad;
        }

        db.Audit.Add(new AuditRow { TimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Action = "rule-update", Dataset = dataset, Detail = $"{rule.Id} {rule.Name}: {rule.Classes} >= {rule.LevelPerL} cells/L" });
        await db.SaveChangesAsync(ct);
        return Results.Json(RuleJson(rule), HubServer.Json);
    }

    private static async Task<IResult> DeleteAsync(string dataset, int id, HttpContext context, TokenService tokens, HubQueries q, CancellationToken ct)
    {
        if (await AuthorizeAsync(context, dataset, tokens, ct) is { } denied)
        {
            return denied;
        }

        await using var db = q.Open();
        var rule = await (from r in db.AlertRules.AsTracking() join d in db.Datasets on r.DatasetId equals d.Id where r.Id == id && d.Name == dataset select r).FirstOrDefaultAsync(ct);
        if (rule is null)
        {
            return HubServer.Error(404, $"no rule {id} in dataset '{dataset}'");
        }

        db.AlertRules.Remove(rule);
        db.Audit.Add(new AuditRow { TimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Action = "rule-delete", Dataset = dataset, Detail = $"{rule.Id} {rule.Name}" });
        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }
}
