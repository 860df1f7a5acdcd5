namespace Ifcb.Edge.Tests;

/// <summary>The tiny WHOI-style model (input [N,3,24,24], 3 logits) of <see cref="Ifcb.Testing.TinyOnnxModel"/>.</summary>
internal static class TinyModel
{
    public static string Write(string folder) => Ifcb.Testing.TinyOnnxModel.Write(folder);
}
