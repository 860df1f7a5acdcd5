using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ifcb.Server.Tests;

/// <summary>A browser-like client of the hub: a cookie jar, a login through the JSON endpoint, and the antiforgery header on writes.</summary>
internal sealed class HubSession : IDisposable
{
    private HubSession(HttpClient client) => Client = client;

    public HttpClient Client { get; }

    /// <summary>The antiforgery token for the current identity (a new one is needed after login).</summary>
    public string Csrf { get; private set; } = "";

    /// <summary>An anonymous session (cookies kept, redirects not followed).</summary>
    public static async Task<HubSession> AnonymousAsync(TestHub hub)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var session = new HubSession(new HttpClient(handler) { BaseAddress = new Uri(hub.Address), Timeout = TimeSpan.FromSeconds(60) });
        await session.RefreshAsync();
        return session;
    }

    /// <summary>A session logged in as <paramref name="name"/>.</summary>
    public static async Task<HubSession> LoginAsync(TestHub hub, string name, string password)
    {
        var session = await AnonymousAsync(hub);
        var response = await session.SendAsync(HttpMethod.Post, "/api/v1/auth/login", new { name, password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await session.RefreshAsync();
        return session;
    }

    /// <summary>Reads who is logged in and a fresh antiforgery token.</summary>
    public async Task<JsonElement> RefreshAsync()
    {
        var me = await Client.GetFromJsonAsync<JsonElement>("/api/v1/auth/me");
        Csrf = me.GetProperty("csrfToken").GetString()!;
        return me;
    }

    /// <summary>Sends JSON with the antiforgery header (or without it when <paramref name="csrf"/> is false).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? body = null, bool csrf = true)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (csrf)
        {
            request.Headers.Add("X-CSRF-TOKEN", Csrf);
        }

        return await Client.SendAsync(request);
    }

    public void Dispose() => Client.Dispose();
}
