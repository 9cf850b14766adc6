using System.Runtime.InteropServices;

namespace CompatHost.Host.Startup;

/// <summary>
/// glibc gives threads that allocate natively (OpenSSL in handshakes, the JIT, SQLite) arenas of
/// their own, up to eight per core, and each keeps the high-water mark of what passed through
/// it. After the bench/Speed load that was ~18 MiB of the host's resident memory in a dozen
/// arenas; one arena per core (at least two) took 9 MiB of it off (README: Performance, RSS).
/// Set before the server starts its threads; an operator's own <c>MALLOC_ARENA_MAX</c> wins.
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
