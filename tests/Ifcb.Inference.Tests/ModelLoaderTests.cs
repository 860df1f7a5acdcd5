using Ifcb.Data;
using Ifcb.Inference.Models;
using Ifcb.Inference.Tests.Support;

namespace Ifcb.Inference.Tests;

[Trait("Category", "Reference")]
public sealed class ModelLoaderTests(ModelFixture models) : IClassFixture<ModelFixture>
{
    [Fact]
    public void A_model_without_a_card_is_read_as_a_WHOI_model_with_its_classes_sidecar()
    {
        // When the WHOI-style model is loaded
        var model = ModelLoader.Load(models.Whoi);

        // Then labels come from the sidecar, the input size from the graph, and preprocessing is WHOI's
        Assert.Equal(ModelKind.Whoi, model.Kind);
        Assert.Equal(TinyModel.DefaultLabels, model.Labels);
        Assert.Equal(ModelFixture.Size, model.InputSize);
        Assert.Equal(Ifcb.Imaging.ResizeMode.Stretch, model.Preprocessing.Resize);
        Assert.Equal([0f], model.Preprocessing.Mean);
        Assert.Equal([1f], model.Preprocessing.Std);
        Assert.Equal(1f, model.Temperature);
        Assert.Null(model.Thresholds);
        Assert.Equal("whoi", model.ModelId);
    }

    [Fact]
    public void A_run_folder_resolves_to_its_model_onnx_and_its_card()
    {
        // When the run folder is loaded
        var model = ModelLoader.Load(models.RunFolder);

        // Then the card in the ONNX metadata gives id, labels, thresholds and temperature
        Assert.Equal(ModelKind.IfcbCard, model.Kind);
        Assert.Equal("tiny-card-1", model.ModelId);
        Assert.Equal(TinyModel.DefaultLabels, model.Labels);
        Assert.Equal([0.9f, 0.5f, 0.6f, 0.7f], model.Thresholds);
        Assert.Equal(2f, model.Temperature);
        Assert.Equal("tiny", model.Card!.Architecture);
    }

    [Fact]
    public void A_WHOI_model_without_its_classes_file_is_an_error_naming_the_missing_file()
    {
        // Given a WHOI-style model with no sidecar
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            var path = TinyModel.Write(folder.FullName, "lonely", 8, writeClasses: false);

            // When it is loaded, Then the error names the sidecar it looked for
            var error = Assert.Throws<IfcbDataException>(() => ModelLoader.Load(path));
            Assert.Contains("lonely.classes", error.Message);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    [Fact]
    public void A_classes_file_with_the_wrong_number_of_labels_is_an_error()
    {
        // Given a 4-class model whose sidecar lists 3 labels
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            var path = TinyModel.Write(folder.FullName, "short", 8);
            File.WriteAllText(Path.ChangeExtension(path, ".classes"), "a\nb\nc\n");

            // When it is loaded, Then the mismatch is named
            var error = Assert.Throws<IfcbDataException>(() => ModelLoader.Load(path));
            Assert.Contains("4 outputs but 3 class labels", error.Message);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    [Fact]
    public void Non_ASCII_labels_are_refused_with_the_line()
    {
        // Given a sidecar with a non-ASCII label on line 2
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "m.classes");
        File.WriteAllText(file, "ok\nCeratium_fusus_\u00e9\n");

        // When it is read, Then the error names the line
        var error = Assert.Throws<IfcbDataException>(() => ClassesFile.Read(file));
        Assert.Equal(2, error.Line);
    }
}
