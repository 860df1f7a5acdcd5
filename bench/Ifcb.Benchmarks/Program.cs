using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Ifcb.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
