using Ifcb.Data;
using Ifcb.Datasets;

namespace Ifcb.Training.Tests.Data;

public sealed class ClassConfigTests
{
    [Fact]
    public void Keep_skip_rename_and_merge_follow_the_named_column()
    {
        // Given class folders and a config whose column "v2" keeps one, skips one and merges two into "round"
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 4, 1, ["bar", "disc", "ring", "blob"]);
        var csv = dir.Combine("classes.csv");
        File.WriteAllText(csv, "class,v1,v2\nbar,1,1\ndisc,1,round\nring,0,round\nblob,1,0\n");

        // When
        var dataset = DatasetBuilder.Build([dir.Combine("data")], new DatasetOptions { ClassConfig = ClassConfig.Load(csv, "v2") });

        // Then
        Assert.Equal(["bar", "round"], dataset.ClassLabels);
        Assert.Equal([4, 8], dataset.CountsPerClass());
        Assert.Contains(dataset.Notes, n => n.Contains("blob", StringComparison.Ordinal));
    }

    [Fact]
    public void Classes_missing_from_the_config_are_skipped_and_reported()
    {
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 3, 1);
        var csv = dir.Combine("classes.csv");
        File.WriteAllText(csv, "class,only\nbar,1\ndisc,1\n");

        var dataset = DatasetBuilder.Build([dir.Combine("data")], new DatasetOptions { ClassConfig = ClassConfig.Load(csv, "only") });

        Assert.Equal(["bar", "disc"], dataset.ClassLabels);
        Assert.Contains(dataset.Notes, n => n.Contains("not in the class config", StringComparison.Ordinal) && n.Contains("ring", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_column_is_an_error_naming_the_file_and_columns()
    {
        using var dir = new TempDir();
        var csv = dir.Combine("classes.csv");
        File.WriteAllText(csv, "class,v1\nbar,1\n");

        var e = Assert.Throws<IfcbDataException>(() => ClassConfig.Load(csv, "v9"));

        Assert.Contains("classes.csv", e.Message);
        Assert.Contains("v1", e.Message);
    }

    [Fact]
    public void Class_min_drops_small_classes_and_class_max_subsamples_by_seed()
    {
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 10, 1, ["bar", "disc"]);
        ShapeImages.Write(dir.Combine("data"), 1, 2, ["ring"]);

        var a = DatasetBuilder.Build([dir.Combine("data")], new DatasetOptions { ClassMin = 2, ClassMax = 6, Seed = 5 });
        var b = DatasetBuilder.Build([dir.Combine("data")], new DatasetOptions { ClassMin = 2, ClassMax = 6, Seed = 5 });
        var c = DatasetBuilder.Build([dir.Combine("data")], new DatasetOptions { ClassMin = 2, ClassMax = 6, Seed = 6 });

        Assert.Equal(["bar", "disc"], a.ClassLabels);
        Assert.Equal([6, 6], a.CountsPerClass());
        Assert.Equal(a.Images, b.Images);
        Assert.NotEqual(a.Images.Select(i => i.Path), c.Images.Select(i => i.Path));
        Assert.Contains(a.Notes, n => n.Contains("ring", StringComparison.Ordinal));
    }

    [Fact]
    public void Higher_priority_root_wins_for_the_same_ROI()
    {
        // Given the same ROIs labelled "disc" in a bulk root and relabelled "ring" in a curated root
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("bulk"), 3, 1, ["disc"]);
        Directory.CreateDirectory(dir.Combine("curated", "ring"));
        foreach (var f in Directory.GetFiles(dir.Combine("bulk", "disc")))
        {
            File.Copy(f, dir.Combine("curated", "ring", Path.GetFileName(f)));
        }

        ShapeImages.Write(dir.Combine("bulk"), 3, 2, ["bar"]);
        var config = dir.Combine("datasets.csv");
        File.WriteAllText(config, "2:bulk\n1:curated\n");

        // When
        var dataset = DatasetBuilder.Build([config], new DatasetOptions());

        // Then the curated labels win and every ROI appears once
        Assert.Equal(["bar", "ring"], dataset.ClassLabels);
        Assert.Equal([3, 3], dataset.CountsPerClass());
    }
}
