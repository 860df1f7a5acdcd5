using Ifcb.Data;
using Ifcb.Evaluation.IO;

namespace Ifcb.Evaluation.Tests.IO;

public sealed class CsvReaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ifcb-csv-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Validation_predictions_round_trip()
    {
        // Given an input written as validation_predictions.csv (a label with a comma needs quoting)
        var input = Inputs.FromScores([1, 0], [[0.25f, 0.75f], [0.6f, 0.4f]], ["Chaetoceros, chain", "detritus"]);
        var path = Path.Combine(_dir.FullName, "validation_predictions.csv");
        ValidationPredictionsCsv.Write(path, input);

        // When read back
        var read = ValidationPredictionsCsv.Read(path);

        // Then labels, truth and scores survive
        Assert.Equal(input.ClassLabels, read.ClassLabels);
        Assert.Equal([1, 0], read.TrueClasses);
        Assert.Equal(input.Scores, read.Scores);
        Assert.StartsWith("image,true_class,predicted_class,\"Chaetoceros, chain\",detritus\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_bad_probability_is_reported_with_file_line_and_column()
    {
        // Given a file whose third line has a non-number
        var path = Path.Combine(_dir.FullName, "bad.csv");
        File.WriteAllText(path, "image,true_class,predicted_class,a,b\nx1,a,a,0.9,0.1\nx2,b,a,oops,0.1\n");

        // When reading, Then the error names file, line and column
        var ex = Assert.Throws<IfcbDataException>(() => ValidationPredictionsCsv.Read(path));
        Assert.Equal(3, ex.Line);
        Assert.Contains("'a'", ex.Reason);
    }

    [Fact]
    public void An_unknown_true_class_is_reported()
    {
        // Given a row whose true class is not a column
        var path = Path.Combine(_dir.FullName, "unknown.csv");
        File.WriteAllText(path, "image,true_class,predicted_class,a,b\nx1,zzz,a,0.9,0.1\n");

        // When reading, Then the error says so
        var ex = Assert.Throws<IfcbDataException>(() => ValidationPredictionsCsv.Read(path));
        Assert.Equal(2, ex.Line);
        Assert.Contains("zzz", ex.Reason);
    }

    [Fact]
    public void Epochs_csv_reads_by_column_name_and_accepts_whois_shorter_file()
    {
        // Given our full layout and WHOI's (no accuracy, lr, seconds)
        var full = Path.Combine(_dir.FullName, "epochs.csv");
        File.WriteAllText(full, "epoch,train_loss,val_loss,accuracy,f1_macro,f1_weighted,lr,seconds\n1,2.5,2.1,0.4,0.3,0.35,0.001,61.5\n2,1.5,1.4,0.6,0.5,0.55,0.001,60\n");
        var whoi = Path.Combine(_dir.FullName, "whoi.csv");
        File.WriteAllText(whoi, "epoch,train_loss,val_loss,f1_macro,f1_weighted\n1,2.5,2.1,0.3,0.35\n");

        // When read
        var a = EpochsCsv.Read(full);
        var b = EpochsCsv.Read(whoi);

        // Then values land in the right fields and missing columns are NaN
        Assert.Equal(new EpochRecord(2, 1.5, 1.4, 0.6, 0.5, 0.55, 0.001, 60), a[1]);
        Assert.Equal(0.35, b[0].F1Weighted);
        Assert.True(double.IsNaN(b[0].Accuracy));
    }
}
