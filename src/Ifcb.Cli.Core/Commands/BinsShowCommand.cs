using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ifcb.Data;
using Ifcb.Data.Hdr;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb bins show</c>: a bin's header values and its ROI table.</summary>
public sealed class BinsShowCommand(IAnsiConsole console, ErrorWriter errors) : Command<BinsShowCommand.Settings>
{
    /// <summary>Options of <c>bins show</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<BIN>")]
        [Description("A bin: a path with or without .hdr/.adc/.roi.")]
        public string Bin { get; set; } = "";

        [CommandOption("--json")]
        [Description("Write JSON instead of tables.")]
        public bool Json { get; set; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        BinFiles files;
        try
        {
            files = BinFiles.FromPath(settings.Bin);
        }
        catch (IfcbDataException ex)
        {
            throw new UsageException(ex.Message);
        }

        if (!File.Exists(files.HdrPath) && !File.Exists(files.AdcPath) && !File.Exists(files.RoiPath))
        {
            throw new UsageException($"no such bin: {settings.Bin}");
        }

        Bin bin;
        try
        {
            bin = Bin.Open(files);
        }
        catch (IfcbDataException ex)
        {
            errors.Failure(ex.FilePath, ex.Message);
            return ExitCodes.SomeFailed;
        }

        using (bin)
        {
            if (settings.Json)
            {
                WriteJson(bin);
            }
            else
            {
                WriteTables(bin);
            }

            foreach (var p in bin.Problems)
            {
                errors.Failure(bin.Files.BasePath, p);
            }

            return bin.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.SomeFailed;
        }
    }

    private void WriteTables(Bin bin)
    {
        var inv = CultureInfo.InvariantCulture;
        console.WriteLine($"{bin.Id.Lid}  {bin.Id.Timestamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}  {bin.Id.Instrument}  schema v{bin.Id.SchemaVersion}");
        console.WriteLine($"triggers {bin.TriggerCount}, images {bin.ImageCount}, ml_analyzed {bin.MlAnalyzed.ToString("0.######", inv)}, size {bin.FileSize}");
        var header = new Table().Border(TableBorder.Simple).AddColumn("key").AddColumn("value");
        foreach (var (key, value) in bin.Header.Entries)
        {
            header.AddRow(Markup.Escape(key), Markup.Escape(HeaderFile.FormatValue(value)));
        }

        console.Write(header);
        var rois = new Table().Border(TableBorder.Simple);
        foreach (var h in new[] { "target", "trigger", "x", "y", "width", "height", "start_byte" })
        {
            rois.AddColumn(new TableColumn(h).RightAligned());
        }

        foreach (var r in bin.Adc.Rows)
        {
            rois.AddRow(r.Target.ToString(inv), r.Trigger.ToString(inv), r.X.ToString(inv), r.Y.ToString(inv),
                r.Width.ToString(inv), r.Height.ToString(inv), r.StartByte.ToString(inv));
        }

        console.Write(rois);
    }

    private void WriteJson(Bin bin)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("id", bin.Id.Lid);
            w.WriteString("time", bin.Id.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteString("instrument", bin.Id.Instrument);
            w.WriteNumber("schema", bin.Id.SchemaVersion);
            w.WriteNumber("triggers", bin.TriggerCount);
            w.WriteNumber("images", bin.ImageCount);
            if (double.IsFinite(bin.MlAnalyzed))
            {
                w.WriteNumber("ml_analyzed", bin.MlAnalyzed);
            }
            else
            {
                w.WriteNull("ml_analyzed");
            }

            w.WriteNumber("size", bin.FileSize);
            w.WriteStartObject("header");
            foreach (var (key, value) in bin.Header.Entries)
            {
                switch (value)
                {
                    case long l:
                        w.WriteNumber(key, l);
                        break;
                    case double d when double.IsFinite(d):
                        w.WriteNumber(key, d);
                        break;
                    case bool b:
                        w.WriteBoolean(key, b);
                        break;
                    case null:
                        w.WriteNull(key);
                        break;
                    default:
                        w.WriteString(key, HeaderFile.FormatValue(value));
                        break;
                }
            }

            w.WriteEndObject();
            w.WriteStartArray("rois");
            foreach (var r in bin.Adc.Rows)
            {
                w.WriteStartObject();
                w.WriteNumber("target", r.Target);
                w.WriteNumber("trigger", r.Trigger);
                w.WriteNumber("x", r.X);
                w.WriteNumber("y", r.Y);
                w.WriteNumber("width", r.Width);
                w.WriteNumber("height", r.Height);
                w.WriteNumber("start_byte", r.StartByte);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("problems");
            foreach (var p in bin.Problems)
            {
                w.WriteStringValue(p);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        console.Profile.Out.Writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
