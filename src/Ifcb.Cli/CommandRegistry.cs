using Spectre.Console.Cli;

namespace Ifcb.Cli;

/// <summary>
/// The full <c>ifcb</c>: every command without Training (<see cref="CoreCommands"/>), then the ones that need it;
/// only this host references Ifcb.Training (libtorch). One line per command or branch keeps merges easy.
/// </summary>
internal static class CommandRegistry
{
    public static void RegisterAll(IConfigurator config)
    {
        config.AddCommand<Commands.DemoCommand>("demo").WithDescription("Run the main job end to end on built-in synthetic data.");
        CoreCommands.Register(config);
        config.AddCommand<Commands.ExportCommand>("export").WithDescription("Export a trained model to ONNX (model card embedded, .classes sidecar).");
        config.AddCommand<Commands.TrainCommand>("train").WithDescription("Train a classifier on labelled images into a run folder.");
    }
}
