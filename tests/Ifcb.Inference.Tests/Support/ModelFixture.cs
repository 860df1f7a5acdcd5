namespace Ifcb.Inference.Tests.Support;

/// <summary>Builds the tiny ONNX models once per test class (python3-onnx takes a moment).</summary>
public sealed class ModelFixture : IDisposable
{
    public const int Size = 16;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ifcb-infer-models-");

    public ModelFixture()
    {
        Whoi = TinyModel.Write(_folder.FullName, "whoi", Size);
        FixedBatch = TinyModel.Write(_folder.FullName, "fixed4", Size, fixedBatch: 4, withFeatures: false);
        var card = Ifcb.Models.ModelCardJson.Serialize(new Ifcb.Models.ModelCard
        {
            ModelId = "tiny-card-1",
            Architecture = "tiny",
            InputSize = Size,
            InputChannels = 3,
            Preprocessing = new Ifcb.Models.PreprocessingSpec { ResizeMode = "stretch", Mean = [0f], Std = [1f] },
            ClassLabels = TinyModel.DefaultLabels,
            Thresholds = [0.9, 0.5, 0.6, 0.7],
            Temperature = 2.0,
        });
        var run = Directory.CreateDirectory(Path.Combine(_folder.FullName, "run"));
        Card = TinyModel.Write(run.FullName, "model", Size, cardJson: card, writeClasses: false);
        RunFolder = run.FullName;
    }

    /// <summary>A WHOI-style model with a <c>.classes</c> sidecar, dynamic batch, with a <c>features</c> output.</summary>
    public string Whoi { get; }

    /// <summary>A model whose batch dimension is fixed at 4.</summary>
    public string FixedBatch { get; }

    /// <summary>Our model with a card (temperature 2, thresholds) and no sidecar.</summary>
    public string Card { get; }

    /// <summary>The run folder holding <see cref="Card"/> as model.onnx.</summary>
    public string RunFolder { get; }

    public void Dispose() => _folder.Delete(recursive: true);
}
