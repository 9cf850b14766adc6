using System.Diagnostics;

namespace CompatHost.Speed;

/// <summary>
/// One server under test as its own process (<c>dotnet app.dll ...</c>), so the host and each
/// baseline get the same machine, runtime and GC settings. Cold start is process start to the
/// first 200 from <c>GET /api/health</c> (or a listening socket when the app has no such path).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, TimeSpan coldStart)
    {
        _process = process;
        ColdStart = coldStart;
    }

    public TimeSpan ColdStart { get; }

    /// <summary>Resident set size now, from /proc (what the footprint target counts).</summary>
    public long ResidentBytes =>
        File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) is var line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024
            : 0;

    public int Id => _process.Id;

    /// <summary>CPU time (user + system) the process has used so far, from /proc/PID/stat (clock ticks of 10 ms).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
        }
    }

    public static async Task<ServerProcess> StartAsync(string dll, IEnumerable<string> args, Uri ready, HttpClient probe)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {dll}");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{dll} exited {process.ExitCode}:\n{output}");
            }

            try
            {
                using var response = await probe.GetAsync(ready);
                if (response.IsSuccessStatusCode)
                {
                    return new ServerProcess(process, clock.Elapsed);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(5);
        }

        process.Kill(true);
        throw new TimeoutException($"{dll} did not answer {ready} within 60 s:\n{output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
