using CompatHost.Host.OAuth;
using CompatHost.Host.Startup;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.OAuth;

/// <summary><c>apps add</c> carries the product's mutual-TLS settings and the owner, and refuses what the API refuses.</summary>
public sealed class ApplicationsCliTests
{
    private static (int Exit, string Output) Run(HostCore core, params string[] args)
    {
        var output = new StringWriter();
        var exit = OperatorCommands.Run(core, args, output, output);
        return (exit, output.ToString());
    }

    [Fact]
    public void AppsAdd_StoresJwksUriSubjectDnBindingAndOwner()
    {
        using var home = new TestHome();
        var core = HostCore.Open(home.Home, NullLoggerFactory.Instance);
        RunningHost.SeedMatrixUsers(core.Store);

        var (exit, output) = Run(core, "apps", "add", "jwks-app", "--jwks-uri", "https://keys.example.com/jwks",
            "--subject-dn", "CN=alice, O=WSO2", "--token-binding", "certificate", "--owner", "alice");

        Assert.Equal(0, exit);
        var clientId = output.Split('\n')[0]["client_id:".Length..].Trim();
        var application = core.OAuth.FindApplication(clientId)!;
        Assert.Equal(new Uri("https://keys.example.com/jwks"), application.JwksUri);
        Assert.Equal("CN=alice, O=WSO2", application.TlsClientAuthSubjectDn);
        Assert.Equal(TokenBindingType.Certificate, application.TokenBinding);
        Assert.Equal(QualifiedUserName.Parse("alice"), application.Owner);
        Assert.Contains("binding=certificate", Run(core, "apps", "list").Output, StringComparison.Ordinal);
        Assert.Equal(QualifiedUserName.Parse("admin"), core.OAuth.FindApplication(
            Run(core, "apps", "add", "plain").Output.Split('\n')[0]["client_id:".Length..].Trim())!.Owner);
    }

    [Theory]
    [InlineData("--jwks-uri", "http://keys.example.com/jwks")]
    [InlineData("--token-binding", "sso-session")]
    [InlineData("--owner", "nobody")]
    public void AppsAdd_RefusesWhatTheProductCouldNotHold(string flag, string value)
    {
        using var home = new TestHome();
        var core = HostCore.Open(home.Home, NullLoggerFactory.Instance);

        var (exit, output) = Run(core, "apps", "add", "bad", flag, value);

        Assert.Equal(1, exit);
        Assert.StartsWith("error: ", output, StringComparison.Ordinal);
        Assert.Empty(core.OAuth.ListApplications(QualifiedUserName.SuperTenant));
    }
}
