using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Support;

/// <summary>The real host on 127.0.0.1 with a free port, over real TLS, for one test class or test.</summary>
public sealed class RunningHost : HostClient, IAsyncDisposable
{
    private readonly HostCore _core;
    private readonly WebApplication _app;

    private RunningHost(HostCore core, WebApplication app, int port)
        : base(port)
    {
        _core = core;
        _app = app;
    }

    public IUserStore Store => _core.Store;

    public HostCore Core => _core;

    public SettingsStore Settings => _app.Services.GetRequiredService<SettingsStore>();

    public IServiceProvider Services => _app.Services;

    public static async Task<RunningHost> StartAsync(TestHome home, Func<IUserStore, Task>? seed = null)
    {
        var core = await HostCore.OpenAsync(home.Home, NullLoggerFactory.Instance, CancellationToken.None);
        if (seed is not null)
        {
            await seed(core.Store);
        }

        var app = CompatHostApp.Build(core, 0, b => b.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return new RunningHost(core, app, CompatHostApp.ListeningAddress(app, core.Settings).Port);
    }

    /// <summary>The matrices' users: admin (super admin), alice and bob in role viewer.</summary>
    public static async Task SeedMatrixUsers(IUserStore store)
    {
        await store.AddRoleAsync(QualifiedUserName.SuperTenant, "viewer", [],
            ["/permission/admin/login", "/permission/admin/manage/identity/usermgt/view"]);
        await store.AddUserAsync(QualifiedUserName.Parse("alice"), "alicepw", ["viewer"], new Dictionary<string, string>());
        await store.AddUserAsync(QualifiedUserName.Parse("bob"), "bobpw", ["viewer"], new Dictionary<string, string>());
    }

    /// <summary>The audit log's records written so far (JSON lines).</summary>
    public IReadOnlyList<System.Text.Json.JsonElement> AuditRecords()
    {
        var file = _core.Settings.Home.AuditLog;
        if (!File.Exists(file))
        {
            return [];
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = new StreamReader(stream).ReadToEnd();
        // The writer may be part-way through a record while this reads: only lines it has
        // finished (ended by a newline) are records yet.
        return text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
    }

    /// <summary>
    /// How many audit records there are once the writer has caught up: the log gathers records
    /// for a moment before writing, so a count taken right after an answer can miss that
    /// request's record, and a later search would then find it instead of the one it wants.
    /// </summary>
    public async Task<int> SettledAuditCountAsync()
    {
        var count = AuditRecords().Count;
        for (var stable = 0; stable < 3;)
        {
            await Task.Delay(100);
            var now = AuditRecords().Count;
            stable = now == count ? stable + 1 : 0;
            count = now;
        }

        return count;
    }

    /// <summary>Waits briefly for the background writer until a record after the first <paramref name="skip"/> matches.</summary>
    public async Task<System.Text.Json.JsonElement> AuditRecordAsync(Func<System.Text.Json.JsonElement, bool> match, int skip = 0)
    {
        for (var i = 0; i < 50; i++)
        {
            var found = AuditRecords().Skip(skip).Where(match).ToList();
            if (found.Count > 0)
            {
                return found[^1];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the expected audit record was not written");
    }

    /// <summary>Rewrites deployment.toml and reloads synchronously (the watcher would too, a moment later).</summary>
    public void Reconfigure(TestHome home, string extraToml)
    {
        home.WriteToml(extraToml);
        if (!Settings.TryReload())
        {
            throw new InvalidOperationException("reload rejected");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
