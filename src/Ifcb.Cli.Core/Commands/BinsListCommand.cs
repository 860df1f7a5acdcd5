using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb bins list</c>: one row per bin with its counts, volume, size and problems.</summary>
public sealed class BinsListCommand(IAnsiConsole console, ErrorWriter errors) : Command<BinsListCommand.Settings>
{
    /// <summary>Options of <c>bins list</c>.</summary>
    public sealed class Settings : BinsFilterSettings
    {
        [CommandOption("--json")]
        [Description("Write a JSON array instead of a table.")]
        public bool Json { get; set; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var found = BinsInputs.Resolve(settings.Paths, settings.ToFilter(), errors, out var clean);
        var rows = new List<BinsSummary>(found.Count);
        foreach (var bin in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = BinsSummary.Of(bin);
            foreach (var problem in row.Problems)
            {
                errors.Failure(bin.BasePath, problem);
                clean = false;
            }

            rows.Add(row);
        }

        if (settings.Json)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartArray();
                foreach (var row in rows)
                {
                    row.WriteJson(w);
                }

                w.WriteEndArray();
            }

            // Straight to the output writer: JSON must not be wrapped or parsed as markup.
            console.Profile.Out.Writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            var table = new Table().Border(TableBorder.Simple);
            foreach (var h in new[] { "id", "time", "instrument", "schema", "triggers", "images", "ml_analyzed", "size", "problems" })
            {
                // Only the problems column may wrap: ids and numbers stay readable on narrow terminals.
                table.AddColumn(h == "problems" ? new TableColumn(h) : new TableColumn(h).NoWrap());
            }

            var inv = CultureInfo.InvariantCulture;
            foreach (var r in rows)
            {
                table.AddRow(
                    Markup.Escape(r.Id), r.TimeText, r.Instrument, r.Schema.ToString(inv),
                    r.Triggers?.ToString(inv) ?? "-", r.Images?.ToString(inv) ?? "-",
                    r.MlAnalyzed?.ToString("0.######", inv) ?? "-", r.Size.ToString(inv),
                    Markup.Escape(string.Join("; ", r.Problems)));
            }

            console.Write(table);
            console.WriteLine($"{rows.Count} bins");
        }

        return clean ? ExitCodes.Success : ExitCodes.SomeFailed;
    }
}
