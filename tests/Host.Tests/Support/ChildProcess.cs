using System.Diagnostics;

namespace CompatHost.Tests.Support;

/// <summary>Runs a program to its end: the exit code and what it printed. One that outlives its limit is killed and fails the test.</summary>
public static class ChildProcess
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(string file, IEnumerable<string> args, TimeSpan limit,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {limit}:\n{await output}{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
