using CompatHost.Host.OAuth;
using CompatHost.Host.Startup;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.OAuth;

/// <summary><c>apps add</c> carries the product's mutual-TLS settings and the owner, and refuses what the API refuses.</summary>
public sealed class ApplicationsCliTests
{
    private static async Task<(int Exit, string Output)> Run(HostCore core, params string[] args)
    {
        var output = new StringWriter();
        var exit = await OperatorCommands.RunAsync(core, args, output, output);
        return (exit, output.ToString());
    }

    [Fact]
    public async Task AppsAdd_StoresJwksUriSubjectDnBindingAndOwner()
    {
        using var home = new TestHome();
        var core = await HostCore.OpenAsync(home.Home, NullLoggerFactory.Instance, CancellationToken.None);
        await RunningHost.SeedMatrixUsers(core.Store);

        var (exit, output) = await Run(core, "apps", "add", "jwks-app", "--jwks-uri", "https://keys.example.com/jwks",
            "--subject-dn", "CN=alice, O=WSO2", "--token-binding", "certificate", "--owner", "alice");

        Assert.Equal(0, exit);
        var clientId = output.Split('\n')[0]["client_id:".Length..].Trim();
        var application = (await core.OAuth.FindApplicationAsync(clientId))!;
        Assert.Equal(new Uri("https://keys.example.com/jwks"), application.JwksUri);
        Assert.Equal("CN=alice, O=WSO2", application.TlsClientAuthSubjectDn);
        Assert.Equal(TokenBindingType.Certificate, application.TokenBinding);
        Assert.Equal(QualifiedUserName.Parse("alice"), application.Owner);
        Assert.Contains("binding=certificate", (await Run(core, "apps", "list")).Output, StringComparison.Ordinal);
        var plain = (await Run(core, "apps", "add", "plain")).Output.Split('\n')[0]["client_id:".Length..].Trim();
        Assert.Equal(QualifiedUserName.Parse("admin"), (await core.OAuth.FindApplicationAsync(plain))!.Owner);
    }

    [Theory]
    [InlineData("--jwks-uri", "http://keys.example.com/jwks")]
    [InlineData("--token-binding", "sso-session")]
    [InlineData("--owner", "nobody")]
    public async Task AppsAdd_RefusesWhatTheProductCouldNotHold(string flag, string value)
    {
        using var home = new TestHome();
        var core = await HostCore.OpenAsync(home.Home, NullLoggerFactory.Instance, CancellationToken.None);

        var (exit, output) = await Run(core, "apps", "add", "bad", flag, value);

        Assert.Equal(1, exit);
        Assert.StartsWith("error: ", output, StringComparison.Ordinal);
        Assert.Empty(await core.OAuth.ListApplicationsAsync(QualifiedUserName.SuperTenant));
    }
}
