using CompatHost.Host.Startup;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Support;

/// <summary>Tests against a fresh home's opened store (SQLite), without a server.</summary>
public abstract class StoreTests : IAsyncLifetime
{
    protected TestHome Home { get; } = new();

    protected HostCore Core { get; private set; } = null!;

    public async Task InitializeAsync() => Core = await HostCore.OpenAsync(Home.Home, NullLoggerFactory.Instance, CancellationToken.None);

    public Task DisposeAsync()
    {
        Home.Dispose();
        return Task.CompletedTask;
    }
}
