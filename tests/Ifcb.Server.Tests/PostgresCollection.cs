namespace Ifcb.Server.Tests;

/// <summary>Tests that share one private PostgreSQL cluster (each test makes its own database in it).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
