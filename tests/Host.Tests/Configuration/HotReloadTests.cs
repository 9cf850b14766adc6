using CompatHost.Tests.Support;

namespace CompatHost.Tests.Configuration;

/// <summary>
/// An operator flips a switch in deployment.toml during an incident: the file watcher picks it
/// up without a restart; a change that fails validation leaves the last good settings in force.
/// </summary>
public sealed class HotReloadTests
{
    [Fact]
    public async Task GoodChange_IsPickedUpWithoutRestart_BadChange_KeepsTheLastGoodSettings()
    {
        using var home = new TestHome();
        home.WriteToml(TestToml.AnyCertificateFromTheCaActsAs("admin"));
        await using var host = await RunningHost.StartAsync(home);
        var certificate = TestPki.Instance.Client("alice");
        Assert.Equal(200, (await host.GetAsync("/scim2/Me", certificate)).Status);

        // Good change, through the file watcher only: the advisory's use case 2.
        home.WriteToml(TestToml.AnyCertificateFromTheCaActsAs("admin") + "\n[event.default_listener.client_certificate_authentication_handler]\nenable = false\n");
        Assert.True(await Eventually(async () => (await host.GetAsync("/scim2/Me", certificate)).Status == 401));

        // Bad change (a switch that is no boolean): rejected, the switch stays off.
        var before = host.Settings.Current;
        home.WriteToml(TestToml.AnyCertificateFromTheCaActsAs("admin") + "\n[event.default_listener.client_certificate_authentication_handler]\nenable = \"maybe\"\n");
        await Task.Delay(1500);
        Assert.Same(before, host.Settings.Current);
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", certificate)).Status);
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
