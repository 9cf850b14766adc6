using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CompatHost.Bench;

if (args is ["load", ..])
{
    return await LoadRun.RunAsync(args[1..]);
}

if (args is ["soak", ..])
{
    return await CompatHost.Bench.Soak.SoakRun.RunAsync(args[1..]);
}

// In-process: the benchmarks share the host's own assemblies, and nothing is rebuilt per run.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(LoadRun).Assembly).Run(args, config);
return 0;
