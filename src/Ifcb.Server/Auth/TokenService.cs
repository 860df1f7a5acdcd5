using System.Security.Cryptography;
using System.Text;
using Ifcb.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Ifcb.Server.Auth;

/// <summary>API tokens: created once (the secret is shown once), stored as SHA-256, scoped to one dataset or "*".</summary>
public sealed class TokenService(HubDatabase database)
{
    /// <summary>The result of checking a bearer token against a dataset.</summary>
    public enum Check
    {
        /// <summary>Valid for the dataset.</summary>
        Allowed,

        /// <summary>No token, or not a token we know (401).</summary>
        Unknown,

        /// <summary>A valid token for another dataset (403).</summary>
        WrongDataset,
    }

    /// <summary>Creates a token for <paramref name="dataset"/> (creating the dataset row too) and returns the secret.</summary>
    public async Task<string> CreateAsync(string dataset, string? name, CancellationToken cancellationToken = default)
    {
        if (dataset != "*")
        {
            Ingest.PushValidator.CheckDatasetName(dataset);
        }

        var secret = "ifcb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var db = database.CreateContext();
        if (dataset != "*" && !await db.Datasets.AnyAsync(d => d.Name == dataset, cancellationToken))
        {
            db.Datasets.Add(new DatasetRow { Name = dataset, CreatedMs = now });
        }

        db.ApiTokens.Add(new ApiTokenRow { Hash = Hash(secret), Prefix = secret[..9], Dataset = dataset, Name = name, CreatedMs = now });
        db.Audit.Add(new AuditRow { TimeMs = now, Action = "token-create", Dataset = dataset, Detail = $"prefix={secret[..9]} name={name}" });
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    /// <summary>A token as listed: never its secret, only the first characters of it.</summary>
    public sealed record TokenInfo(int Id, string Prefix, string Dataset, string? Name, DateTimeOffset Created, DateTimeOffset? Revoked);

    /// <summary>Every token, oldest first, revoked ones included.</summary>
    public async Task<List<TokenInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.ApiTokens.OrderBy(t => t.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(t => new TokenInfo(t.Id, t.Prefix, t.Dataset, t.Name, DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedMs),
            t.RevokedMs is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null))];
    }

    /// <summary>Revokes token <paramref name="id"/>: from now on it gets 401. False when there is no such token; revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var token = await db.ApiTokens.AsTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null)
        {
            return false;
        }

        if (token.RevokedMs is null)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            token.RevokedMs = now;
            db.Audit.Add(new AuditRow { TimeMs = now, Action = "token-revoke", Dataset = token.Dataset, Detail = $"id={id} prefix={token.Prefix} name={token.Name}" });
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>Checks the Authorization header value against <paramref name="dataset"/>; returns the token id when allowed.</summary>
    public async Task<(Check Result, int? TokenId)> CheckAsync(string? authorization, string dataset, CancellationToken cancellationToken = default)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return (Check.Unknown, null);
        }

        var hash = Hash(authorization[scheme.Length..].Trim());
        await using var db = database.CreateContext();
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash && t.RevokedMs == null, cancellationToken);
        if (token is null)
        {
            return (Check.Unknown, null);
        }

        return token.Dataset == "*" || string.Equals(token.Dataset, dataset, StringComparison.Ordinal)
            ? (Check.Allowed, token.Id)
            : (Check.WrongDataset, token.Id);
    }

    /// <summary>True when the header carries any valid (unrevoked) token: the read gate when reads need a token.</summary>
    public async Task<bool> IsValidAsync(string? authorization, CancellationToken cancellationToken = default)
        => (await CheckAsync(authorization, "*", cancellationToken)).Result != Check.Unknown;

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
