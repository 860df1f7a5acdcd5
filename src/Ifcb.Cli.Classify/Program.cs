using Ifcb.Cli;

// The classify-only host: every command that runs without Training (libtorch), nothing else.
return CliHost.Run("ifcb-classify", CoreCommands.Register, args);
