using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(RiskRegister.Benchmarks.SummaryBenchmarks).Assembly).Run(args);
