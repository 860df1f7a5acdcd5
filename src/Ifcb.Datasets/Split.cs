using System.Text.RegularExpressions;
using Ifcb.Data;
using Ifcb.Data.IO;

namespace Ifcb.Datasets;

/// <summary>A training / validation split of a <see cref="Dataset"/>.</summary>
public sealed partial class Split
{
    /// <summary>File name of the training list in a run folder.</summary>
    public const string TrainingListFile = "training_images.txt";

    /// <summary>File name of the validation list in a run folder.</summary>
    public const string ValidationListFile = "validation_images.txt";

    /// <summary>Creates a split.</summary>
    public Split(IReadOnlyList<LabelledImage> training, IReadOnlyList<LabelledImage> validation)
    {
        Training = training;
        Validation = validation;
    }

    /// <summary>Training images.</summary>
    public IReadOnlyList<LabelledImage> Training { get; }

    /// <summary>Validation images.</summary>
    public IReadOnlyList<LabelledImage> Validation { get; }

    /// <summary>
    /// Training images of a class of <paramref name="count"/> for fraction <paramref name="trainFraction"/>:
    /// round(count x fraction), halves away from zero, then clamped so that a class of 2 or more images has
    /// at least one image on each side (WHOI's split is a per-class percentage cut; the clamp is ours, so no
    /// class is missing from validation or training).
    /// </summary>
    public static int TrainCount(int count, double trainFraction)
    {
        var n = (int)Math.Round(count * trainFraction, MidpointRounding.AwayFromZero);
        return count >= 2 ? Math.Clamp(n, 1, count - 1) : count;
    }

    /// <summary>Seeded, stratified split; with a group mode, no bin/day has ROIs on both sides.</summary>
    public static Split Create(Dataset dataset, double trainFraction, int seed, GroupSplit groups = GroupSplit.None)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!(trainFraction > 0 && trainFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "must lie strictly between 0 and 1");
        }

        return groups == GroupSplit.None ? Stratified(dataset, trainFraction, seed) : Grouped(dataset, trainFraction, seed, groups);
    }

    private static Split Stratified(Dataset dataset, double trainFraction, int seed)
    {
        var training = new List<LabelledImage>();
        var validation = new List<LabelledImage>();
        foreach (var label in dataset.ClassLabels)
        {
            var members = dataset.Images.Where(i => i.Label == label).ToArray();
            new Random(Seeds.Mix(seed, Seeds.StableHash(label))).Shuffle(members);
            var nTrain = TrainCount(members.Length, trainFraction);
            training.AddRange(members.Take(nTrain));
            validation.AddRange(members.Skip(nTrain));
        }

        return new Split(Sorted(training), Sorted(validation));
    }

    private static Split Grouped(Dataset dataset, double trainFraction, int seed, GroupSplit mode)
    {
        // Groups are visited in seeded random order; a group goes to validation while it helps a class that is
        // still short of its validation target and does not push any class over it by more than the group's
        // own share. Stratification is therefore approximate, but no group ever crosses.
        var groups = dataset.Images.GroupBy(i => GroupKey(i, mode), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToArray();
        new Random(Seeds.Mix(seed, 17)).Shuffle(groups);
        var counts = dataset.CountsPerClass();
        var target = new int[counts.Length];
        for (var c = 0; c < counts.Length; c++)
        {
            target[c] = counts[c] - TrainCount(counts[c], trainFraction);
        }

        var inValidation = new int[counts.Length];
        var training = new List<LabelledImage>();
        var validation = new List<LabelledImage>();
        foreach (var group in groups)
        {
            var perClass = group.GroupBy(i => dataset.ClassIndex[i.Label]).ToDictionary(g => g.Key, g => g.Count());
            var helps = perClass.Any(kv => inValidation[kv.Key] < target[kv.Key]);
            var overshoot = perClass.Any(kv => inValidation[kv.Key] + kv.Value > Math.Max(target[kv.Key], 1) * 2 && inValidation[kv.Key] > 0);
            if (helps && !overshoot)
            {
                validation.AddRange(group);
                foreach (var kv in perClass)
                {
                    inValidation[kv.Key] += kv.Value;
                }
            }
            else
            {
                training.AddRange(group);
            }
        }

        return new Split(Sorted(training), Sorted(validation));
    }

    /// <summary>The bin (or day) an image belongs to, from its IFCB ROI name; the image itself when unrecognised.</summary>
    public static string GroupKey(LabelledImage image, GroupSplit mode)
    {
        ArgumentNullException.ThrowIfNull(image);
        var name = image.Name;
        var m = NewStyle().Match(name);
        if (m.Success)
        {
            return mode == GroupSplit.Day ? m.Groups["day"].Value : m.Groups["bin"].Value;
        }

        m = OldStyle().Match(name);
        if (m.Success)
        {
            return mode == GroupSplit.Day ? m.Groups["day"].Value : m.Groups["bin"].Value;
        }

        return image.Path;
    }

    /// <summary>Writes both lists (one image path per line) into <paramref name="folder"/>, atomically.</summary>
    public void Write(string folder)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, TrainingListFile), string.Concat(Training.Select(i => i.Path + "\n")));
        AtomicFile.WriteAllText(Path.Combine(folder, ValidationListFile), string.Concat(Validation.Select(i => i.Path + "\n")));
    }

    /// <summary>
    /// Re-creates the split written in <paramref name="runFolder"/> for <paramref name="dataset"/>: images are
    /// matched by path; dataset images in neither list are an error (the data changed), listed images no
    /// longer in the dataset are ignored and counted in <paramref name="missing"/>.
    /// </summary>
    public static Split FromRunFolder(string runFolder, Dataset dataset, out int missing)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var trainFile = Path.Combine(runFolder, TrainingListFile);
        var valFile = Path.Combine(runFolder, ValidationListFile);
        foreach (var f in new[] { trainFile, valFile })
        {
            if (!File.Exists(f))
            {
                throw new IfcbDataException(f, "split list not found");
            }
        }

        var byPath = dataset.Images.ToDictionary(i => i.Path, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var lost = 0;
        List<LabelledImage> Read(string file)
        {
            var list = new List<LabelledImage>();
            foreach (var line in File.ReadLines(file))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                if (byPath.TryGetValue(line, out var image) && used.Add(line))
                {
                    list.Add(image);
                }
                else
                {
                    lost++;
                }
            }

            return list;
        }

        var training = Read(trainFile);
        var validation = Read(valFile);
        var unassigned = dataset.Images.FirstOrDefault(i => !used.Contains(i.Path));
        if (unassigned is not null)
        {
            throw new IfcbDataException(runFolder, $"'{unassigned.Path}' is in the data but in neither split list; the data changed since that split");
        }

        missing = lost;
        return new Split(training, validation);
    }

    private static List<LabelledImage> Sorted(List<LabelledImage> images) =>
        [.. images.OrderBy(i => i.Label, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Path, StringComparer.Ordinal)];

    [GeneratedRegex(@"^(?<bin>(?<day>D\d{8})T\d{6}_IFCB\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex NewStyle();

    [GeneratedRegex(@"^(?<bin>(?<day>IFCB\d+_\d{4}_\d{3})_\d{6})", RegexOptions.CultureInvariant)]
    private static partial Regex OldStyle();
}
