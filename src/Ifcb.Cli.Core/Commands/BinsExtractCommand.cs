using System.ComponentModel;
using Ifcb.Data;
using Ifcb.Data.Writing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb bins extract</c>: one PNG per image (<c>{out}/{roi id}.png</c>) or one pyifcb zip per bin (<c>{out}/{LID}.zip</c>).</summary>
public sealed class BinsExtractCommand(IAnsiConsole console, ErrorWriter errors) : Command<BinsExtractCommand.Settings>
{
    /// <summary>Options of <c>bins extract</c>.</summary>
    public sealed class Settings : BinsFilterSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Output directory (created if needed).")]
        public string? Out { get; set; }

        [CommandOption("--format <FORMAT>")]
        [Description("png (one file per image) or zip (pyifcb bin zip). Default png.")]
        [DefaultValue("png")]
        public string Format { get; set; } = "png";

        [CommandOption("--stretch")]
        [Description("Min-max stretch each PNG to 0..255 (png format only).")]
        public bool Stretch { get; set; }

        /// <inheritdoc/>
        public override ValidationResult Validate()
        {
            var baseResult = base.Validate();
            if (!baseResult.Successful)
            {
                return baseResult;
            }

            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out <DIR> is required");
            }

            if (Format is not ("png" or "zip"))
            {
                return ValidationResult.Error($"--format must be png or zip, not '{Format}'");
            }

            if (Stretch && Format == "zip")
            {
                return ValidationResult.Error("--stretch applies to --format png only (the zip keeps raw pixels, as pyifcb)");
            }

            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var found = BinsInputs.Resolve(settings.Paths, settings.ToFilter(), errors, out var clean);
        var outDir = settings.Out!;
        Directory.CreateDirectory(outDir);
        int images = 0, bins = 0;
        foreach (var item in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!item.IsComplete)
            {
                errors.Failure(item.BasePath, string.Join("; ", item.Problems));
                clean = false;
                continue;
            }

            try
            {
                using var bin = Bin.Open(item.Files);
                if (settings.Format == "zip")
                {
                    BinZipWriter.WriteTo(bin, outDir);
                    images += bin.ImageCount;
                }
                else
                {
                    images += PngExport.Export(bin, outDir, settings.Stretch).Count;
                }

                bins++;
            }
            catch (IfcbDataException ex)
            {
                errors.Failure(item.BasePath, ex.Message);
                clean = false;
            }
        }

        console.WriteLine($"extracted {images} images from {bins} bins to {outDir} ({settings.Format})");
        return clean ? ExitCodes.Success : ExitCodes.SomeFailed;
    }
}
