using Microsoft.EntityFrameworkCore;

namespace Ifcb.Server.Data;

/// <summary>
/// The hub's schema. One model and one set of migrations serve SQLite and PostgreSQL: column types are left to
/// each provider (no HasColumnType), table and column names are snake_case so psql users need no quoting.
/// </summary>
public sealed class HubDbContext(DbContextOptions<HubDbContext> options) : DbContext(options)
{
    public DbSet<DatasetRow> Datasets => Set<DatasetRow>();
    public DbSet<BinRow> Bins => Set<BinRow>();
    public DbSet<ModelRow> Models => Set<ModelRow>();
    public DbSet<ModelClassRow> ModelClasses => Set<ModelClassRow>();
    public DbSet<BinResultRow> BinResults => Set<BinResultRow>();
    public DbSet<ClassResultRow> ClassResults => Set<ClassResultRow>();
    public DbSet<RoiScoresRow> RoiScores => Set<RoiScoresRow>();
    public DbSet<SeriesBucketRow> SeriesBuckets => Set<SeriesBucketRow>();
    public DbSet<AlertRuleRow> AlertRules => Set<AlertRuleRow>();
    public DbSet<AlertEventRow> AlertEvents => Set<AlertEventRow>();
    public DbSet<WebhookOutboxRow> WebhookOutbox => Set<WebhookOutboxRow>();
    public DbSet<ApiTokenRow> ApiTokens => Set<ApiTokenRow>();
    public DbSet<AuditRow> Audit => Set<AuditRow>();
    public DbSet<UserRow> Users => Set<UserRow>();
    public DbSet<ValidationDecisionRow> ValidationDecisions => Set<ValidationDecisionRow>();

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DatasetRow>(e =>
        {
            e.ToTable("datasets");
            e.HasIndex(x => x.Name).IsUnique();
        });
        modelBuilder.Entity<BinRow>(e =>
        {
            e.ToTable("bins");
            e.HasIndex(x => new { x.DatasetId, x.Lid }).IsUnique();
            e.HasIndex(x => new { x.DatasetId, x.SampleTimeMs });
            e.HasOne<DatasetRow>().WithMany().HasForeignKey(x => x.DatasetId);
        });
        modelBuilder.Entity<ModelRow>(e =>
        {
            e.ToTable("models");
            e.HasIndex(x => x.Key).IsUnique();
        });
        modelBuilder.Entity<ModelClassRow>(e =>
        {
            e.ToTable("model_classes");
            e.HasKey(x => new { x.ModelId, x.ClassIndex });
            e.HasOne<ModelRow>().WithMany().HasForeignKey(x => x.ModelId);
        });
        modelBuilder.Entity<BinResultRow>(e =>
        {
            e.ToTable("bin_results");
            e.HasIndex(x => new { x.BinId, x.ModelId }).IsUnique();
            e.HasIndex(x => new { x.DatasetId, x.ModelId, x.SampleTimeMs });
            e.HasOne<BinRow>().WithMany().HasForeignKey(x => x.BinId);
            e.HasOne<ModelRow>().WithMany().HasForeignKey(x => x.ModelId);
        });
        modelBuilder.Entity<ClassResultRow>(e =>
        {
            e.ToTable("class_results");
            e.HasKey(x => new { x.BinResultId, x.ClassIndex });
            // The per-bin series: one range scan per class over time (hours and days read series_buckets).
            e.HasIndex(x => new { x.DatasetId, x.ModelId, x.ClassIndex, x.SampleTimeMs })
                .HasDatabaseName("IX_class_results_series");
            e.HasOne<BinResultRow>().WithMany().HasForeignKey(x => x.BinResultId);
        });
        modelBuilder.Entity<SeriesBucketRow>(e =>
        {
            e.ToTable("series_buckets");
            // The key is the series index: (dataset, model, class, width, start) is one range scan per class.
            e.HasKey(x => new { x.DatasetId, x.ModelId, x.ClassIndex, x.WidthMs, x.StartMs });
        });
        modelBuilder.Entity<RoiScoresRow>(e =>
        {
            e.ToTable("roi_scores");
            e.HasKey(x => x.BinResultId);
            e.HasOne<BinResultRow>().WithOne().HasForeignKey<RoiScoresRow>(x => x.BinResultId);
        });
        modelBuilder.Entity<AlertRuleRow>(e =>
        {
            e.ToTable("alert_rules");
            e.HasIndex(x => x.DatasetId);
            e.HasOne<DatasetRow>().WithMany().HasForeignKey(x => x.DatasetId);
        });
        modelBuilder.Entity<AlertEventRow>(e =>
        {
            e.ToTable("alert_events");
            e.HasIndex(x => new { x.RuleId, x.BinResultId }).IsUnique();
            e.HasIndex(x => new { x.DatasetId, x.SampleTimeMs });
            e.HasOne<AlertRuleRow>().WithMany().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<WebhookOutboxRow>(e =>
        {
            e.ToTable("webhook_outbox");
            e.HasIndex(x => new { x.DeliveredMs, x.NextAttemptMs });
        });
        modelBuilder.Entity<ApiTokenRow>(e =>
        {
            e.ToTable("api_tokens");
            e.HasIndex(x => x.Hash).IsUnique();
        });
        modelBuilder.Entity<AuditRow>(e =>
        {
            e.ToTable("audit");
            e.HasIndex(x => x.TimeMs);
        });

        modelBuilder.Entity<UserRow>(e =>
        {
            e.ToTable("users");
            e.HasIndex(x => x.Name).IsUnique();
        });
        modelBuilder.Entity<ValidationDecisionRow>(e =>
        {
            e.ToTable("validation_decisions");
            e.HasIndex(x => new { x.DatasetId, x.BinLid, x.Roi, x.UserId }).IsUnique();
            e.HasIndex(x => new { x.DatasetId, x.ModelId, x.PredictedClass });
            e.HasIndex(x => x.UserId);
            e.HasOne<DatasetRow>().WithMany().HasForeignKey(x => x.DatasetId);
            e.HasOne<UserRow>().WithMany().HasForeignKey(x => x.UserId);
            e.HasOne<ModelRow>().WithMany().HasForeignKey(x => x.ModelId);
        });

        // snake_case columns on both providers.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    private static string SnakeCase(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
