using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CompatHost.Tests.Support;

/// <summary>The host as its own OS process (`dotnet CompatHost.dll --home DIR --port 0`), for multi-node tests.</summary>
public sealed partial class HostProcess : HostClient, IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private HostProcess(Process process)
        : base(0) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<HostProcess> StartAsync(TestHome home)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "CompatHost.dll"), "--home", home.Root, "--port", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        var host = new HostProcess(Process.Start(start)!);
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (host._output)
            {
                host._output.Add(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value));
            }
        };
        host._process.OutputDataReceived += collect;
        host._process.ErrorDataReceived += collect;
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        var finished = await Task.WhenAny(listening.Task, host._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (finished != listening.Task)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException("host did not start:\n" + host.Output);
        }

        host.Port = await listening.Task;
        return host;
    }

    /// <summary>SIGKILL, as a crash or an OOM kill ends the process: no shutdown code runs.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"^Listening on https://[^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}
