namespace CompatHost.Host.Storage;

/// <summary>
/// Keeps the thread pool's floor at one worker per core plus the threads that are blocked right
/// now: a SQLite connection (whose statements may sit in busy_timeout) or a PBKDF2 derivation.
/// A pool that misses a blocked worker only adds threads by starvation detection (about two a
/// second), so 32 writes queued on another process's lock once stalled /api/health for 9 s
/// (SlowStoreTests). A fixed floor of 16 did cover them, but kept 16 runnable workers on two cores
/// under every load: SOAP calls cost 180-195 µs of CPU at the default floor against 290-384 µs at
/// 16 in interleaved runs (README, Performance). The floor is raised only while blocking work is
/// held, and both kinds are bounded where they are taken.
/// </summary>
public static class BlockingWork
{
    private static readonly Lock Gate = new();
    // The runtime's own floor (one per core, or what DOTNET_ThreadPool_ForceMinWorkerThreads says).
    private static readonly int Baseline = MinWorkers();
    private static int _held;

    /// <summary>One more thread may block until the matching <see cref="Exit"/>.</summary>
    public static void Enter() => Adjust(+1);

    /// <summary>Ends one <see cref="Enter"/>; call it exactly once per enter.</summary>
    public static void Exit() => Adjust(-1);

    // Under one lock, so concurrent enters and exits cannot leave a stale floor behind.
    private static void Adjust(int delta)
    {
        lock (Gate)
        {
            _held += delta;
            ThreadPool.GetMinThreads(out _, out var completionPorts);
            ThreadPool.SetMinThreads(Baseline + _held, completionPorts);
        }
    }

    private static int MinWorkers()
    {
        ThreadPool.GetMinThreads(out var workers, out _);
        return workers;
    }
}
