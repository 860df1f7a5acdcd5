namespace Ifcb.Training.Data;

/// <summary>One labelled training example: where its pixels come from and its (final) class name.</summary>
/// <param name="Path">The image file, or for ROIs inside bins a <c>bin path#target</c> reference.</param>
/// <param name="Label">Class name after class-config renames and merges.</param>
public sealed record LabelledImage(string Path, string Label)
{
    /// <summary>The ROI id (file name without extension, or the pid for bin ROIs): what reports and lists show.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path.Contains('#', StringComparison.Ordinal) ? Path[(Path.LastIndexOf('#') + 1)..] : Path);
}
