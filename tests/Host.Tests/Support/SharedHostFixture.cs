namespace CompatHost.Tests.Support;

/// <summary>One running host with the matrix users, shared by a test class; tests reconfigure it as they need.</summary>
public class SharedHostFixture : IAsyncLifetime
{
    public TestHome Home { get; } = new();

    public RunningHost Host { get; private set; } = null!;

    /// <summary>Extra deployment.toml keys the host starts with.</summary>
    protected virtual string InitialToml => "";

    public async Task InitializeAsync()
    {
        Home.WriteToml(InitialToml);
        Host = await RunningHost.StartAsync(Home, SeedAsync);
    }

    /// <summary>The users every test of the class may use: the matrices' admin, alice and bob.</summary>
    protected virtual Task SeedAsync(CompatHost.Host.Users.IUserStore store) => RunningHost.SeedMatrixUsers(store);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Home.Dispose();
    }
}
