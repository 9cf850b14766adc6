using System.Diagnostics;

namespace CompatHost.Tests.Support;

/// <summary>Runs a program to its end with its output captured; one that outlives its limit is killed.</summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, string Error, bool TimedOut);

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, TimeSpan limit, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

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
            return new Result(-1, await output, await error, true);
        }

        return new Result(process.ExitCode, await output, await error, false);
    }
}
