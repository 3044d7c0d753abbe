using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/ExposureWeb.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(ExposureWeb.Benchmarks.RiskBenchmarks).Assembly).Run(args);
