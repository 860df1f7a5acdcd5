using Ifcb.Datasets;

namespace Ifcb.Training.Tests.Data;

public sealed class SplitTests
{
    [Theory]
    [InlineData(10, 8)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]   // 2.4 -> 2
    [InlineData(13, 10)] // 10.4 -> 10
    [InlineData(8, 6)]   // 6.4 -> 6
    [InlineData(1, 1)]   // a single image stays in training
    [InlineData(4, 3)]   // 3.2 -> 3
    [InlineData(5, 4)]   // 4.0
    public void Train_counts_round_per_class_and_keep_both_sides(int count, int expected)
    {
        Assert.Equal(expected, Split.TrainCount(count, 0.8));
    }

    [Fact]
    public void Split_is_stratified_deterministic_and_seed_dependent()
    {
        using var dir = new TempDir();
        ShapeImages.Write(dir.Path, 10, 1);
        ShapeImages.Write(dir.Path, 3, 2, ["tiny"]);
        var dataset = DatasetBuilder.Build([dir.Path], new DatasetOptions());

        var a = Split.Create(dataset, 0.8, 42);
        var b = Split.Create(dataset, 0.8, 42);
        var c = Split.Create(dataset, 0.8, 43);

        Assert.Equal(a.Training, b.Training);
        Assert.NotEqual(a.Validation.Select(i => i.Path), c.Validation.Select(i => i.Path));
        foreach (var label in dataset.ClassLabels)
        {
            var n = dataset.Images.Count(i => i.Label == label);
            Assert.Equal(Split.TrainCount(n, 0.8), a.Training.Count(i => i.Label == label));
            Assert.Contains(a.Validation, i => i.Label == label);
        }

        Assert.Empty(a.Training.Select(i => i.Path).Intersect(a.Validation.Select(i => i.Path)));
        Assert.Equal(dataset.Images.Count, a.Training.Count + a.Validation.Count);
    }

    [Theory]
    [InlineData(GroupSplit.Bin)]
    [InlineData(GroupSplit.Day)]
    public void Group_split_never_puts_one_group_on_both_sides(GroupSplit mode)
    {
        using var dir = new TempDir();
        ShapeImages.Write(dir.Path, 30, 1);
        var dataset = DatasetBuilder.Build([dir.Path], new DatasetOptions());

        var split = Split.Create(dataset, 0.8, 3, mode);

        var trainGroups = split.Training.Select(i => Split.GroupKey(i, mode)).ToHashSet();
        var valGroups = split.Validation.Select(i => Split.GroupKey(i, mode)).ToHashSet();
        Assert.Empty(trainGroups.Intersect(valGroups));
        Assert.NotEmpty(split.Validation);
        Assert.All(dataset.ClassLabels, l => Assert.Contains(split.Validation, i => i.Label == l));
        Assert.Equal(dataset.Images.Count, split.Training.Count + split.Validation.Count);
    }

    [Fact]
    public void Group_keys_come_from_IFCB_ROI_names()
    {
        var newStyle = new LabelledImage("/x/D20230312T003037_IFCB134_00130.png", "a");
        var oldStyle = new LabelledImage("/x/IFCB5_2010_201_002345_00007.png", "a");

        Assert.Equal("D20230312T003037_IFCB134", Split.GroupKey(newStyle, GroupSplit.Bin));
        Assert.Equal("D20230312", Split.GroupKey(newStyle, GroupSplit.Day));
        Assert.Equal("IFCB5_2010_201_002345", Split.GroupKey(oldStyle, GroupSplit.Bin));
        Assert.Equal("IFCB5_2010_201", Split.GroupKey(oldStyle, GroupSplit.Day));
    }

    [Fact]
    public void Written_lists_reproduce_the_split()
    {
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 6, 1);
        var dataset = DatasetBuilder.Build([dir.Combine("data")], new DatasetOptions());
        var split = Split.Create(dataset, 0.8, 9);

        split.Write(dir.Path);
        var back = Split.FromRunFolder(dir.Path, dataset, out var missing);

        Assert.Equal(0, missing);
        Assert.Equal(split.Training, back.Training);
        Assert.Equal(split.Validation, back.Validation);
    }
}
