using Ifcb.Server.Data;
using Ifcb.Server.Hosting;
using Ifcb.Server.Ingest;
using Ifcb.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ifcb.Server.Api;

/// <summary>
/// The satellite path: the provider's webhook (RockBLOCK-style form: imei, momsn, transmit_time, iridium_latitude,
/// iridium_longitude, iridium_cep, data as hex) carrying one <see cref="SbdMessage"/>. The IMEI names the dataset
/// (<c>ifcb serve --imei IMEI=DATASET</c>; unknown modems get 403, as the form carries no token), the message's short
/// model hash names a model the hub already knows (pushed once over IP, or imported), and the bin is then stored through
/// the same ingest as a push: a bin sent both ways is stored once.
/// </summary>
internal static class TelemetryEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/telemetry/rockblock", ReceiveAsync)
            .DisableAntiforgery()
            .Produces(StatusCodes.Status201Created)
            .Produces(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status403Forbidden)
            .WithSummary("A satellite provider's webhook with one Iridium SBD message of a bin's counts (ifcb telemetry).");
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, IngestService ingest, HubDatabase database, HubOptions options, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return HubServer.Error(StatusCodes.Status400BadRequest, "expected a form post (imei, momsn, transmit_time, data, ...)", "data");
        }

        var form = await context.Request.ReadFormAsync(ct);
        RockBlockMessage message;
        SbdMessage sbd;
        try
        {
            message = RockBlockWebhook.Parse(form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));
            sbd = SbdMessage.Decode(message.Data);
        }
        catch (TelemetryFormatException ex)
        {
            return HubServer.Error(StatusCodes.Status400BadRequest, ex.Message, "data");
        }

        if (!options.ImeiDatasets.TryGetValue(message.Imei, out var dataset))
        {
            return HubServer.Error(StatusCodes.Status403Forbidden, $"IMEI {message.Imei} is not registered (ifcb serve --imei {message.Imei}=DATASET)", "imei");
        }

        await using var db = database.CreateContext();
        var models = await db.Models.Where(m => m.Sha256.StartsWith(sbd.ModelHash)).ToListAsync(ct);
        if (models.Count != 1)
        {
            return HubServer.Error(StatusCodes.Status400BadRequest, models.Count == 0
                ? $"no model with hash {sbd.ModelHash} is known to the hub: push one bin of it over IP (or ifcb serve import) first"
                : $"{models.Count} models share hash {sbd.ModelHash}", "data");
        }

        var model = models[0];
        var classes = await db.ModelClasses.Where(c => c.ModelId == model.Id).OrderBy(c => c.ClassIndex).Select(c => c.Name).ToListAsync(ct);
        if (classes.Count != sbd.AboveThreshold.Count)
        {
            return HubServer.Error(StatusCodes.Status400BadRequest, $"the message has {sbd.AboveThreshold.Count} classes; model {model.Key} has {classes.Count}", "data");
        }

        // A message carries above-threshold counts, and the winner counts when they fitted; without them the
        // above-threshold count is the best lower bound of the winners.
        var push = new BinPush
        {
            Bin = sbd.Bin,
            MlAnalyzed = double.IsFinite(sbd.MlAnalyzed) ? sbd.MlAnalyzed : null,
            RoiCount = sbd.RoiCount,
            QcFlags = sbd.DroppedClasses > 0 ? ["telemetry_truncated"] : [],
            Model = new PushModel { Id = model.Key, Sha256 = model.Sha256 },
            Classes = classes.Select((name, i) => new PushClass
            {
                Name = name,
                AboveThresholdCount = sbd.AboveThreshold[i],
                WinnerCount = sbd.Winners?[i] ?? sbd.AboveThreshold[i],
            }).ToList(),
        };
        try
        {
            var outcome = await ingest.IngestAsync(dataset, push, null, ct);
            return Results.Json(new { bin = sbd.Bin, model = model.Key, dataset, momsn = message.Momsn, stored = outcome.Created }, statusCode: outcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        catch (PushValidationException ex)
        {
            return HubServer.Error(StatusCodes.Status400BadRequest, ex.Message, ex.Field);
        }
    }
}
