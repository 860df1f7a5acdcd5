using System.Text.Json;
using Ifcb.Server.Auth;
using Ifcb.Server.Hosting;
using Ifcb.Server.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Ifcb.Server.Api;

/// <summary>The push contract: <c>POST /api/v1/datasets/{dataset}/bins</c> and the exists check clients skip bins with.</summary>
internal static class PushEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/datasets/{dataset}/bins", PushAsync)
            .Accepts<BinPush>("application/json", BinaryPush.MediaType)
            .Produces(StatusCodes.Status201Created)
            .Produces(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Push one bin's results (bearer token for the dataset). 201 stored, 200 already stored.");
    }

    private static async Task<IResult> PushAsync(string dataset, HttpContext context, IngestService ingest, TokenService tokens, HubOptions options, CancellationToken ct)
    {
        var (check, tokenId) = await tokens.CheckAsync(context.Request.Headers.Authorization, dataset, ct);
        if (check == TokenService.Check.Unknown)
        {
            return HubServer.Error(StatusCodes.Status401Unauthorized, "a valid token is needed: Authorization: Bearer <token> (ifcb serve token create --dataset NAME)");
        }

        if (check == TokenService.Check.WrongDataset)
        {
            return HubServer.Error(StatusCodes.Status403Forbidden, $"this token may not write to dataset '{dataset}'");
        }

        // The body is read here, with the limit counted as it arrives (declared length or chunked). An oversized
        // body up to 4x the limit is drained before the 413, so the client, still sending, reads the reply instead
        // of a reset connection; beyond that the connection is dropped after the reply.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var drainCap = options.MaxPushBytes * 4;
        if (context.Request.ContentLength > drainCap)
        {
            return HubServer.Error(StatusCodes.Status413PayloadTooLarge, $"the body has {context.Request.ContentLength} bytes; at most {options.MaxPushBytes} are accepted");
        }

        using var buffer = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 0, options.MaxPushBytes));
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            total += read;
            if (total > drainCap)
            {
                break;
            }

            if (total <= options.MaxPushBytes)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        if (total > options.MaxPushBytes)
        {
            return HubServer.Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {options.MaxPushBytes} bytes");
        }

        buffer.Position = 0;
        BinPush? push;
        try
        {
            push = string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), BinaryPush.MediaType, StringComparison.OrdinalIgnoreCase)
                ? BinaryPush.Decode(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), HubServer.Json)
                : await JsonSerializer.DeserializeAsync<BinPush>(buffer, HubServer.Json, ct);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 0 } p ? p.TrimStart('$').TrimStart('.') : "";
            return HubServer.Error(StatusCodes.Status400BadRequest, "malformed JSON: " + ex.Message, field.Length == 0 ? "$" : field);
        }
        catch (PushValidationException ex)
        {
            return HubServer.Error(StatusCodes.Status400BadRequest, ex.Message, ex.Field);
        }

        if (push is null)
        {
            return HubServer.Error(StatusCodes.Status400BadRequest, "the body must be a JSON object", "$");
        }

        try
        {
            var outcome = await ingest.IngestAsync(dataset, push, tokenId, ct);
            var body = new { dataset, bin = push.Bin, model = push.Model?.Id, created = outcome.Created, alerts = outcome.AlertsRaised };
            return outcome.Created
                ? Results.Json(body, HubServer.Json, statusCode: StatusCodes.Status201Created)
                : Results.Json(body, HubServer.Json, statusCode: StatusCodes.Status200OK);
        }
        catch (PushValidationException ex)
        {
            return HubServer.Error(StatusCodes.Status400BadRequest, ex.Message, ex.Field);
        }
    }
}
