using Ifcb.Server.Auth;
using Microsoft.AspNetCore.Http;

namespace Ifcb.Server.Hosting;

/// <summary>
/// With <see cref="HubOptions.ReadsNeedToken"/>, every request needs a valid token: in the Authorization header, or
/// the <c>ifcb_token</c> cookie that a page visit with <c>?token=</c> sets (browsers cannot send headers on image loads),
/// or a logged-in page account's session.
/// </summary>
internal sealed class ReadGate(RequestDelegate next, HubOptions options, TokenService tokens)
{
    public const string Cookie = "ifcb_token";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!options.ReadsNeedToken || HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method))
        {
            // Writes check their own dataset-scoped token.
            await next(context);
            return;
        }

        // A logged-in account reads; the login page, its scripts and the session endpoints stay open so one can log in.
        var path = context.Request.Path;
        if (context.User.Identity?.IsAuthenticated == true || path.StartsWithSegments("/login", StringComparison.Ordinal)
            || path.StartsWithSegments("/api/v1/auth", StringComparison.Ordinal) || path.StartsWithSegments("/assets", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        string? header = context.Request.Headers.Authorization;
        if (context.Request.Query.TryGetValue("token", out var fromQuery) && fromQuery.Count > 0)
        {
            header = "Bearer " + fromQuery[0];
            context.Response.Cookies.Append(Cookie, fromQuery[0]!, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict });
        }
        else if (header is null && context.Request.Cookies.TryGetValue(Cookie, out var cookie))
        {
            header = "Bearer " + cookie;
        }

        if (!await tokens.IsValidAsync(header, context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { error = "this hub needs a token to read: Authorization: Bearer <token>, or ?token= once in a browser" });
            return;
        }

        await next(context);
    }
}
