using System.Net;
using System.Security.Claims;
using Ifcb.Server.Auth;
using Ifcb.Server.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ifcb.Server.Api;

/// <summary>
/// Logging in and out: a server-rendered login form (with its antiforgery field), the same as JSON for scripts, and
/// <c>/api/v1/auth/me</c>, which tells a page who is logged in and hands it the antiforgery token for its writes.
/// </summary>
internal static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/login", LoginPage).ExcludeFromDescription();
        app.MapPost("/login", LoginFormAsync).ExcludeFromDescription();
        app.MapPost("/logout", LogoutFormAsync).ExcludeFromDescription();
        app.MapGet("/api/v1/auth/me", Me).WithSummary("Who is logged in (name, role, canAnnotate) and the antiforgery token for X-CSRF-TOKEN on writes.");
        app.MapPost("/api/v1/auth/login", LoginJsonAsync).WithSummary("Log in with {name, password} (X-CSRF-TOKEN from /api/v1/auth/me); sets the session cookie.");
        app.MapPost("/api/v1/auth/logout", LogoutJsonAsync).WithSummary("Log out (X-CSRF-TOKEN).");
    }

    /// <summary>The logged-in account: (id, name, role), or null for an anonymous visitor.</summary>
    public static (int Id, string Name, string Role)? Caller(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || !int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return null;
        }

        return (id, user.Identity.Name ?? "", user.FindFirstValue(ClaimTypes.Role) ?? HubRoles.Reader);
    }

    /// <summary>Checks the antiforgery token (form field or X-CSRF-TOKEN header); an error result when it is missing or wrong.</summary>
    public static async Task<IResult?> CheckCsrfAsync(HttpContext context, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return HubServer.Error(StatusCodes.Status400BadRequest, "missing or invalid antiforgery token: send X-CSRF-TOKEN from GET /api/v1/auth/me (or the form's hidden field)");
        }
    }

    private static IResult Me(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var caller = Caller(context);
        return Results.Json(new
        {
            name = caller?.Name,
            role = caller?.Role,
            canAnnotate = HubRoles.CanAnnotate(caller?.Role),
            csrfToken = tokens.RequestToken,
            csrfHeader = tokens.HeaderName,
        }, HubServer.Json);
    }

    private static IResult LoginPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl)
        => LoginHtml(context, antiforgery, returnUrl, error: null, StatusCodes.Status200OK);

    private static IResult LoginHtml(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        static string Enc(string? text) => WebUtility.HtmlEncode(text ?? "");
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Log in - IFCB hub</title>
            <link rel="stylesheet" href="/assets/hub.css"></head>
            <body data-ready="true"><header><a href="/">IFCB hub</a></header>
            <main class="login"><h1>Log in</h1>
            {{(error is null ? "" : $"<p class=\"error\" id=\"login-error\">{Enc(error)}</p>")}}
            <form method="post" action="/login" id="login-form">
            <input type="hidden" name="{{Enc(tokens.FormFieldName)}}" value="{{Enc(tokens.RequestToken ?? "")}}">
            <input type="hidden" name="returnUrl" value="{{Enc(LocalUrl(returnUrl))}}">
            <label>Name <input name="name" id="name" autocomplete="username" autofocus required></label>
            <label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label>
            <button type="submit" id="login">Log in</button>
            </form></main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static async Task<IResult> LoginFormAsync(HttpContext context, IAntiforgery antiforgery, UserService users, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return HubServer.Error(StatusCodes.Status415UnsupportedMediaType, "expected a form post");
        }

        if (await CheckCsrfAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }

        var form = await context.Request.ReadFormAsync(ct);
        var returnUrl = LocalUrl(form["returnUrl"]);
        var user = await users.VerifyAsync(form["name"].ToString(), form["password"].ToString(), ct);
        if (user is null)
        {
            return LoginHtml(context, antiforgery, returnUrl, "Unknown name or wrong password.", StatusCodes.Status401Unauthorized);
        }

        await SignInAsync(context, user);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> LogoutFormAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (await CheckCsrfAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/");
    }

    /// <summary>The JSON body of <c>POST /api/v1/auth/login</c>.</summary>
    internal sealed record LoginInput(string? Name, string? Password);

    private static async Task<IResult> LoginJsonAsync(HttpContext context, IAntiforgery antiforgery, UserService users, CancellationToken ct)
    {
        if (await CheckCsrfAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }

        LoginInput? input;
        try
        {
            input = await context.Request.ReadFromJsonAsync<LoginInput>(HubServer.Json, ct);
        }
        catch (System.Text.Json.JsonException)
        {
            return HubServer.Error(400, "expected {\"name\": ..., \"password\": ...}");
        }

        var user = input?.Name is null || input.Password is null ? null : await users.VerifyAsync(input.Name, input.Password, ct);
        if (user is null)
        {
            return HubServer.Error(StatusCodes.Status401Unauthorized, "unknown name or wrong password");
        }

        await SignInAsync(context, user);
        return Results.Json(new { name = user.Name, role = user.Role }, HubServer.Json);
    }

    private static async Task<IResult> LogoutJsonAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (await CheckCsrfAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.NoContent();
    }

    private static Task SignInAsync(HttpContext context, Data.UserRow user)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(ClaimTypes.Role, user.Role),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Only a path on this server (no open redirect); default the validation screen.</summary>
    private static string LocalUrl(string? url)
        => !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/validate";
}
