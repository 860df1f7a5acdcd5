using Ifcb.Cli;

return CliApp.Run(args);
