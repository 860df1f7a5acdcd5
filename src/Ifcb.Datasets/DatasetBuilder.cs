using Ifcb.Data;
using Ifcb.Formats.Labels;
using Ifcb.Imaging;

namespace Ifcb.Datasets;

/// <summary>
/// Gathers labelled images into a <see cref="Dataset"/>: class-per-folder image sets (with priorities) or labelled ROIs
/// inside raw bins; class config, class-min and class-max apply to both.
/// </summary>
public static class DatasetBuilder
{
    /// <summary>
    /// Builds a dataset from <paramref name="inputs"/>: folders with one sub-folder per class, or dataset-config
    /// files (any file argument) listing such folders with priorities.
    /// </summary>
    public static Dataset Build(IEnumerable<string> inputs, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        var sources = new List<DatasetSource>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                sources.Add(new DatasetSource(Path.GetFullPath(input), 1));
            }
            else if (File.Exists(input))
            {
                sources.AddRange(DatasetSource.LoadConfig(input));
            }
            else
            {
                throw new IfcbDataException(input, "training data not found (expected a folder of class folders or a dataset-config file)");
            }
        }

        return Build(sources, options);
    }

    /// <summary>Builds a dataset from explicit sources.</summary>
    public static Dataset Build(IReadOnlyList<DatasetSource> sources, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        var notes = new List<string>();

        // Highest priority first; stable, so ties keep the order given.
        var byName = new Dictionary<string, (LabelledImage Image, int Priority)>(StringComparer.Ordinal);
        var classes = new ClassMapping(options.ClassConfig);
        var overridden = 0;
        foreach (var source in sources.OrderBy(s => s.Priority))
        {
            foreach (var classDir in Directory.EnumerateDirectories(source.Root).Order(StringComparer.Ordinal))
            {
                if (classes.Map(Path.GetFileName(classDir)) is not { } label)
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(classDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    if (!ImageLoader.IsImageFile(file))
                    {
                        continue;
                    }

                    var image = new LabelledImage(file, label);
                    if (byName.TryGetValue(image.Name, out var existing))
                    {
                        if (existing.Priority < source.Priority)
                        {
                            overridden++;
                        }

                        // Same priority duplicates (the same ROI twice) keep the first.
                        continue;
                    }

                    byName[image.Name] = (image, source.Priority);
                }
            }
        }

        notes.AddRange(classes.Notes());
        if (overridden > 0)
        {
            notes.Add($"{overridden} ROIs taken from a higher-priority root instead of a lower one");
        }

        return Finish([.. byName.Values.Select(v => v.Image)], options, notes);
    }

    /// <summary>
    /// Builds a dataset of ROIs inside raw bins: <paramref name="labelSources"/> are <c>pid,class</c> CSV files,
    /// ifcb-analysis <c>{bin id}.mat</c> annotation files or folders of them; <paramref name="binInputs"/> are folders
    /// of bins or bin paths. Labels that name no image in the bins are counted and named in the notes; when none
    /// matches at all, an <see cref="IfcbDataException"/> says so. Class config, class-min and class-max apply as for folders.
    /// </summary>
    public static Dataset BuildFromBins(IReadOnlyList<string> labelSources, IReadOnlyList<string> binInputs, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(labelSources);
        ArgumentNullException.ThrowIfNull(binInputs);
        ArgumentNullException.ThrowIfNull(options);
        var labels = RoiLabelSet.Load(labelSources);
        var notes = new List<string>(labels.Notes);
        var where = string.Join(", ", labelSources);
        if (labels.Labels.Count == 0)
        {
            throw new IfcbDataException(where, "no labelled ROIs in the label files");
        }

        var match = BinLabelMatcher.Match(labels.Labels, binInputs);
        notes.AddRange(match.Notes);
        notes.AddRange(BinLabelMatcher.Describe(match.Misses));
        if (match.Matches.Count == 0)
        {
            var first = match.Misses[0];
            throw new IfcbDataException(where,
                $"none of the {labels.Labels.Count} labels names an image in the {match.Bins} bins found in {string.Join(", ", binInputs)} (first: {first.Label.Pid} from {first.Label.Source}: {first.Reason})");
        }

        notes.Add($"{match.Matches.Count} of {labels.Labels.Count} labels matched ROIs in {match.Matches.Select(m => m.BinPath).Distinct(StringComparer.Ordinal).Count()} of {match.Bins} bins");
        var classes = new ClassMapping(options.ClassConfig);
        var images = new List<LabelledImage>(match.Matches.Count);
        foreach (var (label, binPath) in match.Matches)
        {
            if (classes.Map(label.Class) is { } mapped)
            {
                images.Add(LabelledImage.FromBin(binPath, label.Target, mapped));
            }
        }

        notes.AddRange(classes.Notes());
        return Finish(images, options, notes);
    }

    /// <summary>Applies class-min and class-max to gathered images and sorts everything deterministically.</summary>
    public static Dataset Finish(IReadOnlyList<LabelledImage> images, DatasetOptions options, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(notes);
        var kept = new List<LabelledImage>();
        foreach (var group in images.GroupBy(i => i.Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Path, StringComparer.Ordinal).ToList();
            if (members.Count < options.ClassMin)
            {
                notes.Add($"class '{group.Key}' dropped: {members.Count} images < class-min {options.ClassMin}");
                continue;
            }

            if (options.ClassMax is { } max && members.Count > max)
            {
                // Seeded per class (seed mixed with the label) so adding a class does not change another's sample.
                var random = new Random(Seeds.Mix(options.Seed, Seeds.StableHash(group.Key)));
                var sample = members.ToArray();
                random.Shuffle(sample);
                notes.Add($"class '{group.Key}' subsampled: {members.Count} -> {max} images (class-max)");
                members = [.. sample.Take(max).OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Path, StringComparer.Ordinal)];
            }

            kept.AddRange(members);
        }

        return new Dataset(kept, notes);
    }

    /// <summary>Applies the class config to source class names, remembering what it skipped and renamed for the notes.</summary>
    private sealed class ClassMapping(ClassConfig? config)
    {
        private readonly SortedSet<string> _unlisted = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _skipped = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, string> _renamed = new(StringComparer.Ordinal);

        /// <summary>The class to train <paramref name="sourceClass"/> as, or null to skip it.</summary>
        public string? Map(string sourceClass)
        {
            if (config is null)
            {
                return sourceClass;
            }

            if (!config.Lists(sourceClass))
            {
                _unlisted.Add(sourceClass);
                return null;
            }

            if (config.Map(sourceClass) is not { } mapped)
            {
                _skipped.Add(sourceClass);
                return null;
            }

            if (mapped != sourceClass)
            {
                _renamed[sourceClass] = mapped;
            }

            return mapped;
        }

        public IEnumerable<string> Notes()
        {
            foreach (var (from, to) in _renamed)
            {
                yield return $"class '{from}' trained as '{to}'";
            }

            if (_unlisted.Count > 0)
            {
                yield return $"classes not in the class config, skipped: {string.Join(", ", _unlisted)}";
            }

            if (_skipped.Count > 0)
            {
                yield return $"classes skipped by the class config: {string.Join(", ", _skipped)}";
            }
        }
    }
}
