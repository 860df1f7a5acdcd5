namespace Ifcb.Training.Loop;

/// <summary>One row of <c>epochs.csv</c>.</summary>
public sealed record EpochResult(int Epoch, double TrainLoss, double ValLoss, double Accuracy, double F1Macro, double F1Weighted, double Lr, double Seconds)
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "epoch,train_loss,val_loss,accuracy,f1_macro,f1_weighted,lr,seconds";

    /// <summary>The CSV line (invariant culture, round-trip precision).</summary>
    public string ToCsv() => string.Join(',', Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        F(TrainLoss), F(ValLoss), F(Accuracy), F(F1Macro), F(F1Weighted), F(Lr), Seconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));

    private static string F(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
