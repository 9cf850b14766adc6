using CompatHost.Host.Startup;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Startup;

/// <summary>The operator CLI sets up the matrix users without SOAP, against the home's store.</summary>
public sealed class OperatorCommandsTests
{
    [Fact]
    public async Task UsersAndRoles_CanBeSetUpFromTheCommandLine()
    {
        using var home = new TestHome();
        {
            var core = await HostCore.OpenAsync(home.Home, NullLoggerFactory.Instance, CancellationToken.None);
            Assert.Equal(0, await Run(core, "roles", "add", "viewer", "--permission", "/permission/admin/login"));
            Assert.Equal(0, await Run(core, "users", "add", "alice", "--password", "alicepw", "--role", "viewer"));
            Assert.Equal(0, await Run(core, "roles", "grant", "viewer", "--permission", "/permission/admin/manage/identity/usermgt/list"));
            Assert.Equal(1, await Run(core, "users", "add", "ALICE", "--password", "x"));
            Assert.Equal(2, await Run(core, "users", "frobnicate"));
            var list = new StringWriter();
            await OperatorCommands.RunAsync(core, ["users", "list"], list, TextWriter.Null);
            Assert.Equal(["admin", "alice"], list.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        await using var host = await RunningHost.StartAsync(home);
        Assert.Equal(200, (await host.GetAsync("/scim2/Users", null, Basic.Header("alice", "alicepw"))).Status);
        var account = await host.Store.FindAsync(QualifiedUserName.Parse("alice"), CancellationToken.None);
        Assert.Contains("viewer", account!.Roles);
    }

    private static Task<int> Run(HostCore core, params string[] args) => OperatorCommands.RunAsync(core, args, TextWriter.Null, TextWriter.Null);
}
