using System.Runtime.InteropServices;

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

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int SetMallocOption(int parameter, int value);
}
