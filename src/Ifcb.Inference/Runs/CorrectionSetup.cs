using Ifcb.Data;
using Ifcb.Formats.Labels;
using Ifcb.Inference.Models;
using Ifcb.Inference.Summary;
using Ifcb.Quantification;

namespace Ifcb.Inference.Runs;

/// <summary>
/// Turns <c>--correct</c>, <c>--estimates</c> and <c>--validated</c> into a <see cref="CountCorrection"/>, and after the
/// pipeline applies the validated method (it needs every bin's predictions first). Without <c>--correct</c> the run
/// uses <see cref="DefaultMethod"/> when the model carries validation estimates and falls back to none, with a note,
/// when it does not (a WHOI model, an old card); an explicit method the model cannot support is an error.
/// </summary>
public static class CorrectionSetup
{
    /// <summary>The method used when <c>--correct</c> is not given.</summary>
    public const QuantificationMethod DefaultMethod = QuantificationMethod.Pacc;

    /// <summary>Parses a window span (30m, 6h, 1d ...); null for null; throws <see cref="FormatException"/> otherwise.</summary>
    public static TimeSpan? ParseWindow(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var unit = text.Length > 0 ? text[^1] : ' ';
        if (!int.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            throw new FormatException($"--correct-window: '{text}' is not a span like 30m, 6h or 1d");
        }

        return unit switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => throw new FormatException($"--correct-window: '{text}' is not a span like 30m, 6h or 1d"),
        };
    }

    /// <summary>Resolves the request against the model; throws <see cref="ArgumentException"/> or <see cref="IfcbDataException"/> for unusable choices.</summary>
    public static CountCorrection Resolve(ClassifyRequest request, ModelDescription model, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(notes);
        QuantificationMethod method;
        try
        {
            method = request.Correction is null ? DefaultMethod : QuantificationMethods.Parse(request.Correction);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"--correct: {ex.Message}");
        }

        var options = new QuantificationOptions { Bootstrap = request.CorrectionBootstrap };
        options.Validate();
        if (method == QuantificationMethod.Validated)
        {
            if (request.ValidatedPath is null)
            {
                throw new ArgumentException("--correct validated needs --validated <pid,class CSV> with human-validated ROIs of these bins");
            }

            var pids = RoiLabelSet.Load([request.ValidatedPath]).Labels.Select(l => l.Pid).ToHashSet(StringComparer.Ordinal);
            return new CountCorrection { Method = method, Options = options, ValidatedPids = pids };
        }

        if (request.ValidatedPath is not null)
        {
            throw new ArgumentException("--validated goes with --correct validated");
        }

        if (!method.NeedsEstimates())
        {
            return new CountCorrection { Method = method, Options = options };
        }

        var estimates = request.EstimatesPath is not null ? EstimatesFile.Read(request.EstimatesPath, model.Labels) : model.Card?.Quantification;
        if (estimates is null)
        {
            var why = model.Card is null ? "this model has no model card" : "this model's card has no validation estimates (trained before count correction existed)";
            if (request.Correction is not null)
            {
                throw new ArgumentException($"--correct {method.Name()}: {why}; refit them with `ifcb evaluate --model MODEL DATA --out DIR` and pass --estimates DIR/{EstimatesFile.FileName}, or use --correct pcc or none");
            }

            notes.Add($"counts not corrected: {why}; see `ifcb evaluate --model` and --estimates to correct them");
            return CountCorrection.None;
        }

        var correctionModel = new CorrectionModel(estimates, request.MinSupport);
        var flagged = Enumerable.Range(0, model.Labels.Count).Where(c => correctionModel.LowSupport[c]).Select(c => $"{model.Labels[c]} (n={estimates.Support[c]})").ToList();
        if (flagged.Count > 0 && method != QuantificationMethod.Em)
        {
            notes.Add($"{flagged.Count} classes have fewer than {request.MinSupport} validation items and are flagged, not corrected: {string.Join(", ", flagged)}");
        }

        var window = method == QuantificationMethod.Em ? request.CorrectionWindow : null;
        if (request.CorrectionWindow is not null && window is null)
        {
            throw new ArgumentException("--correct-window goes with --correct em");
        }

        notes.Add($"counts corrected with {method.Name()}{(window is { } w ? $" per {w:c} window" : string.Empty)} ({estimates.Source}, {estimates.Support.Sum()} validation items; 95% intervals from {options.Bootstrap} bootstrap replicates)");
        return new CountCorrection { Method = method, Model = correctionModel, Options = options, Window = window };
    }

    /// <summary>The summaries with the validated method applied (unchanged for every other method).</summary>
    public static IReadOnlyList<BinSummary> Finish(ClassifyRequest request, ModelDescription model, CountCorrection correction, IReadOnlyList<BinSummary> summaries, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(correction);
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(notes);
        if (correction.Window is { } span)
        {
            return FinishWindows(model, correction, span, summaries, notes);
        }

        if (correction.Method != QuantificationMethod.Validated)
        {
            return summaries;
        }

        var index = model.Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var sample = new ValidatedSample(model.Labels.Count);
        var unknown = 0;
        foreach (var label in RoiLabelSet.Load([request.ValidatedPath!]).Labels)
        {
            if (!correction.ValidatedPredictions.TryGetValue(label.Pid, out var predicted))
            {
                continue;
            }

            if (!index.TryGetValue(label.Class, out var validated))
            {
                unknown++;
                continue;
            }

            sample.Add(predicted, validated);
        }

        notes.Add($"validated sample: {sample.Total} ROIs of this run matched{(unknown > 0 ? $", {unknown} of classes the model does not know left out" : string.Empty)}");
        if (sample.Total == 0)
        {
            throw new ArgumentException($"--validated: none of its ROIs were classified in this run ({request.ValidatedPath})");
        }

        var classCount = model.Labels.Count;
        return [.. summaries.Select(s =>
        {
            // The method uses only the winners: one-hot rows stand for the bin's ROIs.
            var rows = new float[s.RoiCount * classCount];
            var k = 0;
            for (var c = 0; c < classCount; c++)
            {
                for (var r = 0; r < s.WinnerCounts[c]; r++)
                {
                    rows[(k++ * classCount) + c] = 1;
                }
            }

            return s with { Corrected = BinQuantifier.Quantify(rows, classCount, QuantificationMethod.Validated, null, correction.Options, s.Lid, sample) };
        })];
    }

    // EM per window: the prior from every ROI of the window's bins, applied to each bin (docs/quantification.md).
    private static List<BinSummary> FinishWindows(ModelDescription model, CountCorrection correction, TimeSpan span, IReadOnlyList<BinSummary> summaries, List<string> notes)
    {
        var classCount = model.Labels.Count;
        var result = summaries.ToList();
        var windows = result.Select((s, i) => (Summary: s, Index: i))
            .Where(p => correction.WindowScores.ContainsKey(p.Summary.Lid))
            .GroupBy(p => p.Summary.Timestamp.UtcTicks - (p.Summary.Timestamp.UtcTicks % span.Ticks))
            .OrderBy(g => g.Key)
            .ToList();
        foreach (var window in windows)
        {
            var members = window.OrderBy(p => p.Summary.Lid, StringComparer.Ordinal).ToList();
            var corrected = WindowQuantifier.QuantifyEm([.. members.Select(p => correction.WindowScores[p.Summary.Lid])], classCount, correction.Model!, correction.Options, members[0].Summary.Lid);
            for (var k = 0; k < members.Count; k++)
            {
                result[members[k].Index] = members[k].Summary with { Corrected = corrected[k] };
            }
        }

        notes.Add($"em prior estimated over {windows.Count} window(s) of {span:c}, {result.Count} bins");
        correction.WindowScores.Clear();
        return result;
    }
}
