using System.Text.Json;
using Ifcb.Server.Alerts;
using Ifcb.Server.Api;
using Ifcb.Server.Auth;
using Ifcb.Server.Data;
using Ifcb.Server.Ingest;
using Ifcb.Server.Raw;
using Ifcb.Server.Validation;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ifcb.Server.Hosting;

/// <summary>Builds and runs the hub: database, ingest, alerts, read API, Dashboard-compatible endpoints and pages.</summary>
public static class HubServer
{
    /// <summary>camelCase JSON, as the push contract says.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Migrates the database and builds the web application (not started).</summary>
    public static async Task<WebApplication> BuildAsync(HubOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var database = HubDatabase.Resolve(options.DataDir, options.Db);
        await database.MigrateAsync(cancellationToken);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxPushBytes);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<WebhookSignal>();
        builder.Services.AddSingleton<IngestService>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<HubQueries>();
        builder.Services.AddSingleton<UserService>();
        builder.Services.AddSingleton<ValidationService>();
        AddLogins(builder.Services, database.DataDir);
        builder.Services.AddSingleton(new RawArchive(options.RawDirs));
        builder.Services.AddHttpClient("webhooks");
        builder.Services.AddHostedService<WebhookSender>();
        builder.Services.AddHostedService<SqliteCheckpointer>();
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.Use(ReportUnreadableScores);
        // Sessions first: on a private hub a logged-in account may read too.
        app.UseAuthentication();
        app.UseMiddleware<ReadGate>();
        app.MapOpenApi();
        PushEndpoints.Map(app);
        TelemetryEndpoints.Map(app);
        ReadEndpoints.Map(app);
        AlertEndpoints.Map(app);
        DashboardEndpoints.Map(app);
        PageEndpoints.Map(app);
        AccountEndpoints.Map(app);
        ValidationEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// Page accounts: a cookie session (HttpOnly, SameSite=Lax, 12 h sliding) and antiforgery tokens for every write
    /// made with it (a form field, or the X-CSRF-TOKEN header for JSON). The API answers 401/403 instead of redirecting.
    /// Bearer tokens for the push API are separate and unchanged.
    /// </summary>
    private static void AddLogins(IServiceCollection services, string dataDir)
    {
        // The keys that sign session and antiforgery cookies live beside the data (hub-data by default), so a restart
        // or a new machine account does not log everybody out; several servers sharing one PostgreSQL database share
        // them by pointing --data at one folder.
        var keys = Path.Combine(dataDir, "keys");
        // The key files are protected by the folder's permissions (owner only), as on any Linux server without a
        // key vault; DataProtection's warning that they are stored unencrypted is silenced in BuildAsync.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(keys);
        }
        else
        {
            Directory.CreateDirectory(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        services.AddDataProtection().SetApplicationName("ifcb-hub").PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "ifcb_session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/login";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = c => Refuse(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Refuse(c, StatusCodes.Status403Forbidden);
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-TOKEN";
            o.FormFieldName = "__RequestVerificationToken";
            o.Cookie.Name = "ifcb_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
    }

    private static Task Refuse(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>A missing or damaged score file answers 500 with a message, and the details go to the log.</summary>
    private static async Task ReportUnreadableScores(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (ScoreFileException ex) when (!context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Ifcb.Server.Scores").LogError(ex, "{Path}: {Message}", context.Request.Path, ex.Message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new { error = "the stored per-ROI scores of this bin cannot be read: the server's data folder is missing or has a damaged score file (its log names it)" }, Json);
        }
    }

    /// <summary>Runs the hub until <paramref name="cancellationToken"/> or Ctrl+C/SIGTERM; reports the database and address once started.</summary>
    public static async Task RunAsync(HubOptions options, Action<string> started, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(started);
        await using var app = await BuildAsync(options, cancellationToken);
        await app.StartAsync(cancellationToken);
        started($"ifcb hub: {app.Services.GetRequiredService<HubDatabase>().Describe()}; open {Address(app)}/");
        await app.WaitForShutdownAsync(cancellationToken);
    }

    /// <summary>The address the started server listens on (the port Kestrel chose for port 0).</summary>
    public static string Address(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return addresses?.Addresses.FirstOrDefault() ?? app.Urls.First();
    }

    /// <summary>Writes a JSON error: <c>{"error": ..., "field": ...}</c>.</summary>
    internal static IResult Error(int status, string message, string? field = null)
        => Results.Json(field is null ? new { error = message } : (object)new { error = message, field }, Json, statusCode: status);
}
