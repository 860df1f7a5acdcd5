using Ifcb.Data;
using Ifcb.Imaging;

namespace Ifcb.Training.Data;

/// <summary>Gathers class-per-folder image sets into a <see cref="Dataset"/> (class config, priorities, class-min/max).</summary>
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
        var unlisted = new SortedSet<string>(StringComparer.Ordinal);
        var skipped = new SortedSet<string>(StringComparer.Ordinal);
        var overridden = 0;
        foreach (var source in sources.OrderBy(s => s.Priority))
        {
            foreach (var classDir in Directory.EnumerateDirectories(source.Root).Order(StringComparer.Ordinal))
            {
                var sourceClass = Path.GetFileName(classDir);
                var label = sourceClass;
                if (options.ClassConfig is { } config)
                {
                    if (!config.Lists(sourceClass))
                    {
                        unlisted.Add(sourceClass);
                        continue;
                    }

                    if (config.Map(sourceClass) is not { } mapped)
                    {
                        skipped.Add(sourceClass);
                        continue;
                    }

                    if (mapped != sourceClass)
                    {
                        notes.Add($"class '{sourceClass}' trained as '{mapped}'");
                    }

                    label = mapped;
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

        if (unlisted.Count > 0)
        {
            notes.Add($"classes not in the class config, skipped: {string.Join(", ", unlisted)}");
        }

        if (skipped.Count > 0)
        {
            notes.Add($"classes skipped by the class config: {string.Join(", ", skipped)}");
        }

        if (overridden > 0)
        {
            notes.Add($"{overridden} ROIs taken from a higher-priority root instead of a lower one");
        }

        return Finish([.. byName.Values.Select(v => v.Image)], options, notes);
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
}
