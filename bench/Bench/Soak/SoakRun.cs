using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CompatHost.Bench.Soak;

/// <summary>
/// A bounded soak on loopback: the host and its clients in this process; the peak of the
/// <see cref="SoakMix"/> is measured closed-loop first, then the mix is paced at
/// <c>--load</c> of it (default 80 %) while deployment.toml and the truststore are rewritten
/// every <c>--reload</c> seconds (each rewrite is a reload). Prints throughput, p50/p99,
/// errors, RSS and GC heap every <c>--sample</c> seconds; exits 1 on any error or when RSS grew
/// by 10 % or more after the warm-up.
/// Usage: <c>soak [--seconds 60] [--warmup 15] [--calibrate 10] [--sample 5] [--reload 3] [--workers 16] [--load 0.8] [--json FILE]</c>.
/// </summary>
public static class SoakRun
{
    public const double RssGrowthLimit = 0.10;

    public static async Task<int> RunAsync(string[] args)
    {
        double Option(string name, double fallback) =>
            Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

        var seconds = Math.Clamp(Option("seconds", 60), 10, 3600);
        var warmup = Math.Clamp(Option("warmup", 15), 0, seconds / 2);
        var sample = Math.Clamp(Option("sample", 5), 1, 60);
        var workers = (int)Math.Clamp(Option("workers", 16), 1, 256);
        var json = Array.IndexOf(args, "--json") is var j and >= 0 && j + 1 < args.Length ? args[j + 1] : null;

        var clientBasic = "";
        var applied = new ReloadCounter();
        await using var host = await BenchHost.StartAsync(seed: async core => clientBasic = await SoakMix.RegisterApplicationAsync(core),
            configure: b => b.Logging.AddProvider(applied));
        using var mix = new SoakMix(host, clientBasic);
        await mix.StartAsync();
        var operations = mix.Operations;

        var calibration = new SoakRecorder();
        await DriveAsync(operations, calibration, workers, TimeSpan.FromSeconds(Math.Clamp(Option("calibrate", 10), 3, 60)), null);
        var peak = calibration.Succeeded / calibration.Elapsed.TotalSeconds;
        var target = peak * Math.Clamp(Option("load", 0.8), 0.1, 1);
        Console.WriteLine($"soak: peak {peak:F0} req/s closed-loop with {workers} workers; pacing at {target:F0} req/s for {seconds:F0} s, warm-up {warmup:F0} s");
        Console.WriteLine("  time   req/s    p50 ms   p99 ms   errors   RSS MB   GC heap MB   reloads");

        var recorder = new SoakRecorder();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var reloads = ReloadAsync(host, TimeSpan.FromSeconds(Math.Clamp(Option("reload", 3), 1, 60)), stop.Token);
        var samples = SampleAsync(recorder, reloads.Counter, TimeSpan.FromSeconds(sample), stop.Token);
        await DriveAsync(operations, recorder, workers, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(workers / target));
        await reloads.Task;
        var report = SoakReport.From(peak, target, recorder, await samples, warmup, applied);
        Console.WriteLine(report.Summary());
        if (json is not null)
        {
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, SoakReport.Json));
        }

        return report.Passed ? 0 : 1;
    }

    /// <summary>
    /// <paramref name="workers"/> loops taking turns over the operations for <paramref name="length"/>;
    /// closed-loop when <paramref name="interval"/> is null, else each worker starts a call every interval
    /// (catching up without bursts beyond one call in flight per worker).
    /// </summary>
    private static async Task DriveAsync(IReadOnlyList<(string Name, int Weight, Func<Task<string?>> Call)> operations, SoakRecorder recorder, int workers,
        TimeSpan length, TimeSpan? interval)
    {
        // Each operation's index repeated by its weight, interleaved so a worker's turns mix them.
        var cycle = Enumerable.Range(0, operations.Count)
            .SelectMany(o => Enumerable.Range(0, operations[o].Weight).Select(k => (o, k)))
            .OrderBy(e => e.k).ThenBy(e => e.o).Select(e => e.o).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            var next = (interval ?? TimeSpan.Zero) * w / workers;
            for (var i = w; clock.Elapsed < length; i++)
            {
                if (interval is { } pace)
                {
                    if (next > clock.Elapsed)
                    {
                        await Task.Delay(next - clock.Elapsed);
                    }

                    next += pace;
                }

                var operation = cycle[i % cycle.Length];
                var started = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    error = await operations[operation].Call();
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or JsonException)
                {
                    error = ex is TaskCanceledException ? "timeout (30 s)" : ex.GetType().Name;
                }

                recorder.Record(operations[operation].Name, error, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        recorder.Elapsed = clock.Elapsed;
    }

    /// <summary>Rewrites deployment.toml (a changed comment) and the truststore (same anchors, new write time) in turn: each is a full reload in the host.</summary>
    private static (Task Task, StrongBox<int> Counter) ReloadAsync(BenchHost host, TimeSpan every, CancellationToken stop)
    {
        var counter = new StrongBox<int>();
        var toml = host.Core.Settings.Home.DeploymentToml;
        var original = File.ReadAllText(toml);
        var anchors = File.ReadAllBytes(host.Files.Truststore);
        var task = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(every);
            try
            {
                while (await timer.WaitForNextTickAsync(stop))
                {
                    var n = Interlocked.Increment(ref counter.Value);
                    if (n % 2 == 1)
                    {
                        await File.WriteAllTextAsync(toml, original + $"\n# soak reload {n}\n", CancellationToken.None);
                    }
                    else
                    {
                        await File.WriteAllBytesAsync(host.Files.Truststore, anchors, CancellationToken.None);
                        File.SetLastWriteTimeUtc(host.Files.Truststore, DateTime.UtcNow);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The run is over.
            }
        }, CancellationToken.None);
        return (task, counter);
    }

    private static async Task<List<SoakSample>> SampleAsync(SoakRecorder recorder, StrongBox<int> reloads, TimeSpan every, CancellationToken stop)
    {
        var samples = new List<SoakSample>();
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(every);
        var last = TimeSpan.Zero;
        bool more;
        do
        {
            more = await Tick(timer, stop);
            var (window, errors) = recorder.TakeWindow();
            var now = clock.Elapsed;
            var memory = GC.GetGCMemoryInfo();
            var taken = new SoakSample(Math.Round(now.TotalSeconds, 1), window.Count / (now - last).TotalSeconds, window.Percentile(0.5), window.Percentile(0.99),
                errors, Environment.WorkingSet / 1048576.0, memory.HeapSizeBytes / 1048576.0, Volatile.Read(ref reloads.Value));
            // The stop can land just after a tick: an empty sliver of a window is no sample.
            if (more || now - last > every / 2)
            {
                samples.Add(taken);
                Console.WriteLine(taken.Line());
            }

            last = now;
        }
        while (more);

        return samples;
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
