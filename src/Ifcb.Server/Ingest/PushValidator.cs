using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Ifcb.Data.Ids;

namespace Ifcb.Server.Ingest;

/// <summary>Checks a push field by field; the first problem throws <see cref="PushValidationException"/> naming the field.</summary>
internal static class PushValidator
{
    /// <summary>Dataset names appear in URLs and file names: letters, digits, '_', '-', '.'.</summary>
    public static void CheckDatasetName(string dataset)
    {
        if (dataset.Length is 0 or > 64 || dataset.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) || dataset[0] == '.')
        {
            throw new PushValidationException("dataset", $"dataset name '{dataset}' must be 1-64 characters of letters, digits, '_', '-', '.'");
        }
    }

    public static ValidatedPush Validate(BinPush push)
    {
        if (string.IsNullOrWhiteSpace(push.Bin))
        {
            throw new PushValidationException("bin", "bin is required");
        }

        if (!BinId.TryParse(push.Bin, out var id) || !string.Equals(id.Lid, push.Bin, StringComparison.Ordinal))
        {
            throw new PushValidationException("bin", $"'{push.Bin}' is not an IFCB bin id (like D20240101T000000_IFCB123)");
        }

        var sampleTime = push.SampleTime ?? id.Timestamp;
        var instrument = string.IsNullOrWhiteSpace(push.Instrument) ? id.Instrument : push.Instrument.Trim();
        // No volume (missing, or 0 as the instrument writes for a bin it did not sample): the bin is stored without
        // concentrations. A negative or non-finite volume is a broken payload.
        double? ml = push.MlAnalyzed;
        if (ml is { } volume && (!double.IsFinite(volume) || volume < 0))
        {
            throw new PushValidationException("mlAnalyzed", $"mlAnalyzed must be a finite number >= 0, or absent (got {volume.ToString(CultureInfo.InvariantCulture)})");
        }

        if (ml is 0)
        {
            ml = null;
        }

        if (push.RoiCount is not { } roiCount || roiCount < 0)
        {
            throw new PushValidationException("roiCount", "roiCount is required and must be >= 0");
        }

        CheckRange(push.Latitude, -90, 90, "latitude");
        CheckRange(push.Longitude, -180, 180, "longitude");
        CheckRange(push.Depth, -11000, 11000, "depth");
        if (push.QcFlags is { } flags)
        {
            for (var i = 0; i < flags.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(flags[i]) || flags[i].Contains(',', StringComparison.Ordinal) || flags[i].Length > 64)
                {
                    throw new PushValidationException($"qcFlags[{i}]", "a QC flag must be non-empty text without commas, at most 64 characters");
                }
            }
        }

        if (push.Model is null)
        {
            throw new PushValidationException("model", "model is required");
        }

        if (string.IsNullOrWhiteSpace(push.Model.Id) || push.Model.Id.Length > 200)
        {
            throw new PushValidationException("model.id", "model.id is required (at most 200 characters)");
        }

        var sha = push.Model.Sha256?.Trim().ToLowerInvariant() ?? "";
        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
        {
            throw new PushValidationException("model.sha256", "model.sha256 must be 64 hexadecimal digits");
        }

        string? card = null;
        if (push.Model.Card is { } c && c.ValueKind != System.Text.Json.JsonValueKind.Null)
        {
            if (c.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw new PushValidationException("model.card", "model.card must be a JSON object");
            }

            card = c.GetRawText();
        }

        if (push.Classes is not { Count: > 0 } classes)
        {
            throw new PushValidationException("classes", "classes must list every class of the model");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var winners = 0L;
        for (var i = 0; i < classes.Count; i++)
        {
            var k = classes[i] ?? throw new PushValidationException($"classes[{i}]", "class entry is null");
            if (string.IsNullOrWhiteSpace(k.Name) || k.Name.Length > 200)
            {
                throw new PushValidationException($"classes[{i}].name", "class name is required (at most 200 characters)");
            }

            if (!names.Add(k.Name))
            {
                throw new PushValidationException($"classes[{i}].name", $"class '{k.Name}' is listed twice");
            }

            if (k.WinnerCount is not { } w || w < 0)
            {
                throw new PushValidationException($"classes[{i}].winnerCount", $"winnerCount of '{k.Name}' must be an integer >= 0");
            }

            if (k.AboveThresholdCount is not { } a || a < 0 || a > w)
            {
                throw new PushValidationException($"classes[{i}].aboveThresholdCount", $"aboveThresholdCount of '{k.Name}' must be an integer between 0 and winnerCount");
            }

            if (k.Threshold is { } t && (!double.IsFinite(t) || t < 0 || t > 1))
            {
                throw new PushValidationException($"classes[{i}].threshold", $"threshold of '{k.Name}' must be between 0 and 1");
            }

            if (k.Corrected is { } corr)
            {
                var f = $"classes[{i}].corrected";
                if (string.IsNullOrWhiteSpace(corr.Method) || corr.Method.Length > 32)
                {
                    throw new PushValidationException(f + ".method", "corrected.method is required (at most 32 characters)");
                }

                if (corr.Count is not { } cc || !double.IsFinite(cc) || cc < 0)
                {
                    throw new PushValidationException(f + ".count", "corrected.count must be a finite number >= 0");
                }

                CheckRange(corr.Low, 0, double.MaxValue, f + ".low");
                CheckRange(corr.High, 0, double.MaxValue, f + ".high");
                if (corr.Low is { } lo && corr.High is { } hi && lo > hi)
                {
                    throw new PushValidationException(f + ".low", "corrected.low must not exceed corrected.high");
                }
            }

            winners += w;
        }

        if (winners > roiCount && roiCount > 0)
        {
            throw new PushValidationException("classes", $"the winner counts add up to {winners}, more than roiCount {roiCount}");
        }

        byte[]? roiBytes = null;
        byte[]? scores = null;
        var rows = 0;
        if (push.RawScores is { } raw)
        {
            rows = raw.RoiNumbers.Length / 4;
            roiBytes = raw.RoiNumbers;
            scores = raw.Scores;
            var previous = 0;
            for (var i = 0; i < rows; i++)
            {
                var roi = BinaryPrimitives.ReadInt32LittleEndian(roiBytes.AsSpan(i * 4));
                if (roi <= previous)
                {
                    throw new PushValidationException($"scores.roiNumbers[{i}]", "ROI numbers must be positive and increasing");
                }

                previous = roi;
            }
        }
        else if (push.Scores is { } s)
        {
            if (s.RoiNumbers is not { } rois)
            {
                throw new PushValidationException("scores.roiNumbers", "scores.roiNumbers is required with scores");
            }

            rows = rois.Count;
            roiBytes = new byte[rows * 4];
            var previous = 0;
            for (var i = 0; i < rows; i++)
            {
                if (rois[i] <= previous)
                {
                    throw new PushValidationException($"scores.roiNumbers[{i}]", "ROI numbers must be positive and increasing");
                }

                previous = rois[i];
                BinaryPrimitives.WriteInt32LittleEndian(roiBytes.AsSpan(i * 4), rois[i]);
            }

            try
            {
                scores = Convert.FromBase64String(s.Float32Base64 ?? throw new PushValidationException("scores.float32Base64", "scores.float32Base64 is required with scores"));
            }
            catch (FormatException)
            {
                throw new PushValidationException("scores.float32Base64", "scores.float32Base64 is not valid base64");
            }
        }

        if (scores is not null && roiBytes is not null)
        {
            var expected = (long)rows * classes.Count * 4;
            if (scores.Length != expected)
            {
                throw new PushValidationException("scores.float32Base64", $"scores hold {scores.Length} bytes; {rows} ROIs x {classes.Count} classes of float32 need {expected}");
            }

            var floats = MemoryMarshal.Cast<byte, float>(scores);
            for (var i = 0; i < floats.Length; i++)
            {
                var v = BitConverter.IsLittleEndian ? floats[i] : BinaryPrimitives.ReadSingleLittleEndian(scores.AsSpan(i * 4));
                if (!float.IsFinite(v))
                {
                    var roi = BinaryPrimitives.ReadInt32LittleEndian(roiBytes.AsSpan(i / classes.Count * 4));
                    throw new PushValidationException("scores.float32Base64", $"score of ROI {roi}, class '{classes[i % classes.Count].Name}' is not a finite number");
                }
            }
        }

        return new ValidatedPush(push, id, sampleTime, instrument, ml, roiCount, push.Model.Id.Trim(), sha, card, classes, roiBytes, scores, rows);
    }

    private static void CheckRange(double? value, double min, double max, string field)
    {
        if (value is { } v && (!double.IsFinite(v) || v < min || v > max))
        {
            throw new PushValidationException(field, $"{field} must be a finite number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
