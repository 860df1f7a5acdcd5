using Ifcb.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ifcb.Server.Auth;

/// <summary>
/// Page accounts. Passwords are hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2 with
/// HMAC-SHA512, a random salt and 100,000 iterations in its v3 format); nothing here is home-made crypto.
/// </summary>
public sealed class UserService(HubDatabase database)
{
    private static readonly PasswordHasher<UserRow> Hasher = new();

    /// <summary>Creates an account, or changes the password and role of an existing one; returns true when created.</summary>
    public async Task<bool> AddOrUpdateAsync(string name, string role, string password, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        if (!HubRoles.All.Contains(role))
        {
            throw new ArgumentException($"role '{role}' is not one of {string.Join(", ", HubRoles.All)}");
        }

        if (password.Length < 8)
        {
            throw new ArgumentException("the password needs at least 8 characters");
        }

        await using var db = database.CreateContext();
        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.Name == name, cancellationToken);
        var created = user is null;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        user ??= db.Users.Add(new UserRow { Name = name, CreatedMs = now }).Entity;
        user.Role = role;
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.Audit.Add(new AuditRow { TimeMs = now, Action = created ? "user-add" : "user-update", Detail = $"name={name} role={role}" });
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    /// <summary>The account when the password matches, else null (the same answer for an unknown name and a wrong password).</summary>
    public async Task<UserRow?> VerifyAsync(string name, string password, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (user is null || user.PasswordHash.Length == 0)
        {
            // Hash anyway, so an unknown name takes as long as a wrong password.
            Hasher.HashPassword(new UserRow(), password);
            return null;
        }

        var result = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = Hasher.HashPassword(user, password);
            await db.SaveChangesAsync(cancellationToken);
        }

        return user;
    }

    /// <summary>The account that imported annotations are recorded under (created without a password: it cannot log in).</summary>
    public async Task<int> ImportAccountAsync(string name, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        await using var db = database.CreateContext();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (user is not null)
        {
            return user.Id;
        }

        var row = db.Users.Add(new UserRow { Name = name, Role = HubRoles.Annotator, CreatedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    /// <summary>Names are 1-64 letters, digits, '.', '_', '-' or '@'.</summary>
    public static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
        {
            throw new ArgumentException($"user name '{name}' must be 1-64 letters, digits, '.', '_', '-' or '@'");
        }
    }
}
