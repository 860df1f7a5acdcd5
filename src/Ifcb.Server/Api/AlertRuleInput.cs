namespace Ifcb.Server.Api;

/// <summary>The body of a rule create/update: taxon classes, level (cells/L), optional model, minimum score and webhook.</summary>
public sealed class AlertRuleInput
{
    public string? Name { get; set; }
    public List<string>? Classes { get; set; }
    public double? LevelPerL { get; set; }
    public string? Model { get; set; }
    public double? MinScore { get; set; }
    public string? WebhookUrl { get; set; }
    public bool? Enabled { get; set; }
}
