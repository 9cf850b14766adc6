using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace CompatHost.Host.Startup;

/// <summary>
/// glibc gives threads that allocate natively (OpenSSL in handshakes, the JIT, SQLite) arenas of
/// their own, up to eight per core, and each keeps the high-water mark of what passed through
/// it: ~20 MiB of the host's resident memory after the bench/Speed load, in nine arenas. With
/// one arena per core (at least two) for the threads started from here on, the host ended that
/// load at 156-160 MiB instead of 165-166 (README: Performance, RSS). The runtime's own threads
/// keep the arenas they made before this runs; an operator's own <c>MALLOC_ARENA_MAX</c> wins.
/// </summary>
internal static class NativeHeap
{
    private const int ArenaMaxParameter = -8;

    public static void LimitArenas()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            return;
        }

        try
        {
            _ = SetMallocOption(ArenaMaxParameter, Math.Max(2, Environment.ProcessorCount));
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no arenas to limit): nothing to tune.
        }
    }

    /// <summary>
    /// Hands the free pages inside glibc's arenas back to the system (<c>malloc_trim</c>): free()
    /// only returns memory at an arena's top, so a burst of handshakes leaves the peak resident.
    /// False where there is no glibc to ask.
    /// </summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            _ = TrimMalloc(0);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int SetMallocOption(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int TrimMalloc(nuint pad);
}

/// <summary>
/// Trims the native heap every <see cref="Interval"/>, as the JDK's <c>TrimNativeHeapInterval</c>
/// does for the same glibc behaviour. After the bench/Speed new-connection shape one trim took
/// 5.4 MiB off the host's resident memory (147.7 to 142.2 MiB). A trim holds each arena's lock
/// while it walks it: 7.3 ms with 50 MiB to give back, 0.1 ms with nothing (NativeHeapTests).
/// Every 10 s rather than 30: under the SOAP and new-connection shapes the arenas held 8-9 MiB
/// instead of 10-13, for a few milliseconds of trimming a minute.
/// </summary>
internal sealed class NativeHeapTrimmer : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!NativeHeap.Trim())
            {
                return;
            }
        }
    }
}
