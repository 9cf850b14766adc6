using CompatHost.Host.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Security;

/// <summary>
/// Reloads the keystore, truststore and CRLs when one of their files changes, without a restart.
/// It polls (size and write time, four times a second) instead of using a FileSystemWatcher:
/// these files are typically replaced by renames or by symlink flips (Kubernetes secret
/// mounts), which inotify on the directory does not always report, and a stat of three files
/// costs nothing. A change is read once it has stayed put for one poll, so a half-written file
/// is not judged.
/// </summary>
public sealed class TrustMaterialWatcher(TrustMaterialStore trust, SettingsStore settings, ILogger<TrustMaterialWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loaded = Stamp(settings.Current);
        var seen = loaded;
        using var timer = new PeriodicTimer(Poll);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = Stamp(settings.Current);
                if (now != loaded && now == seen)
                {
                    // Whether or not the reload succeeds, this state has been judged; a broken
                    // file is reported once, not four times a second.
                    trust.TryReload(settings.Current, logger);
                    loaded = now;
                }

                seen = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private static string Stamp(HostSettings settings) => string.Join('|', TrustMaterial.Files(settings).Select(path =>
    {
        var file = new FileInfo(path);
        return file.Exists ? $"{path}:{file.Length}:{file.LastWriteTimeUtc.Ticks}" : $"{path}:missing";
    }));
}
