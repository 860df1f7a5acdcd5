using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ifcb.Server.Api;

/// <summary>The pages: static HTML and scripts embedded in the assembly (no CDN, nothing fetched at run time) that read the JSON API.</summary>
internal static class PageEndpoints
{
    private static readonly Assembly Assembly = typeof(PageEndpoints).Assembly;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Page("index.html")).ExcludeFromDescription();
        app.MapGet("/series", () => Page("series.html")).ExcludeFromDescription();
        app.MapGet("/bin", () => Page("bin.html")).ExcludeFromDescription();
        app.MapGet("/alerts", () => Page("alerts.html")).ExcludeFromDescription();
        app.MapGet("/validate", () => Page("validate.html")).ExcludeFromDescription();
        app.MapGet("/validation/stats", () => Page("stats.html")).ExcludeFromDescription();
        app.MapGet("/assets/{file}", (string file) => Page(file)).ExcludeFromDescription();
    }

    private static IResult Page(string file)
    {
        if (file.Contains('/', StringComparison.Ordinal) || file.Contains("..", StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        var stream = Assembly.GetManifestResourceStream("wwwroot/" + file);
        if (stream is null)
        {
            return Results.NotFound();
        }

        var type = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, type);
    }
}
