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
        config.AddBranch("slurm", b => { b.SetDescription("Classify an archive on a SLURM cluster: job array, resume, reduce, plan."); b.AddCommand<Commands.SlurmClassifyCommand>("classify").WithDescription("Write (and --submit) a job array over ROI-balanced shards plus a reduce job after it."); b.AddCommand<Commands.SlurmResumeCommand>("resume").WithDescription("Resubmit only the shards whose bins are not all done."); b.AddCommand<Commands.SlurmReduceCommand>("reduce").WithDescription("One summary and failures report for the archive; exit 1 listing bins without a valid output."); b.AddCommand<Commands.SlurmPlanCommand>("plan").WithDescription("Bins and ROIs per shard, balanced by ROI count, and estimated wall time per task."); });
        config.AddBranch<Commands.ServeSettings>("serve", b =>
        {
            b.SetDescription("Run the HAB hub: push API, read API, alerts, pages, validation (ifcb serve token create: a push token).");
            b.SetDefaultCommand<Commands.ServeCommand>();
            b.AddBranch<Commands.ServeSettings>("token", t =>
            {
                t.SetDescription("API tokens.");
                t.AddCommand<Commands.TokenCreateCommand>("create").WithDescription("Create a push token for a dataset (printed once, stored hashed).");
                t.AddCommand<Commands.TokenListCommand>("list").WithDescription("List the tokens: id, first characters, dataset, label, created, revoked.");
                t.AddCommand<Commands.TokenRevokeCommand>("revoke").WithDescription("Revoke a token by id: it gets 401 from then on.");
            });
            b.AddCommand<Commands.ServeImportCommand>("import").WithDescription("Store a classify run straight into the hub's database.");
            b.AddCommand<Commands.ServeCheckCommand>("check").WithDescription("Check the per-ROI score files against the database: missing or damaged ones (exit 1), unreferenced ones (--remove-unreferenced).");
            b.AddBranch<Commands.ServeSettings>("user", u =>
            {
                u.SetDescription("Page accounts (reader, annotator, admin).");
                u.AddCommand<Commands.UserAddCommand>("add").WithDescription("Add a page account, or reset its password and role (stored hashed).");
            });
            b.AddBranch<Commands.ServeSettings>("labels", l =>
            {
                l.SetDescription("Manual annotations.");
                l.AddCommand<Commands.LabelsImportCommand>("import").WithDescription("Import ifcb-analysis .mat folders or pid,class CSV as validation decisions.");
            });
        });
    }
}
