using Microsoft.EntityFrameworkCore.Design;

namespace Ifcb.Server.Data;

/// <summary>For <c>dotnet ef migrations add</c>: migrations are generated against SQLite, then given the PostgreSQL annotations too.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<HubDbContext>
{
    public HubDbContext CreateDbContext(string[] args)
        => HubDatabase.Resolve(null, Path.Combine(Path.GetTempPath(), "ifcb-hub-design.db")).CreateContext();
}
