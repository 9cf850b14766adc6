using Microsoft.Extensions.Hosting;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Reloads settings when a file under repository/conf changes. Changes are debounced so an
/// editor's save-in-several-writes is read once, after it settles.
/// </summary>
public sealed class ConfigWatcher(SettingsStore store) : BackgroundService
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(store.Current.Home.ConfDir)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        FileSystemEventHandler onChange = (_, _) => changed.Release();
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Deleted += onChange;
        watcher.Renamed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await changed.WaitAsync(stoppingToken);
                // Swallow the burst of events one save produces, then read once.
                do
                {
                    await Task.Delay(Settle, stoppingToken);
                }
                while (changed.CurrentCount > 0 && Drain(changed));

                store.TryReload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private static bool Drain(SemaphoreSlim semaphore)
    {
        while (semaphore.Wait(0))
        {
        }

        return true;
    }
}
