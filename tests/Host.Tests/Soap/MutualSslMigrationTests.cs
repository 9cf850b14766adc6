using System.ServiceModel;
using System.Text;
using CompatHost.Host.Startup;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Soap;

/// <summary>
/// A pre-advisory authenticators.xml (enabled, <c>WhiteListEnabled=false</c>, nothing else):
/// MutualSSL refuses as the patched product does, and the config audit names the exact lines
/// to add; pasting them in lets the certificate act again.
/// </summary>
public sealed class MutualSslMigrationTests
{
    private const string JavaFormCa = "EMAILADDRESS=ca@wso2.com, CN=RootCA, OU=IAM, O=WSO2, L=Colombo, ST=Northern, C=AU";

    [Fact]
    public void PreAdvisoryXml_AuditNamesTheParameterLinesToAdd()
    {
        using var home = new TestHome();
        home.WriteAuthenticatorsXml(Repo.ConformanceConfig("authenticators-enabled.xml"));
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        var warning = Assert.Single(core.Settings.Warnings, w => w.Key == "mutual_ssl_authenticator");
        Assert.Equal(home.Home.AuthenticatorsXml, warning.File);
        Assert.Contains("refuses every request", warning.Message);
        Assert.Contains($"<Parameter name=\"allowed_issuers\">{JavaFormCa}</Parameter>", warning.Message);
        Assert.Contains($"<Parameter name=\"issuer_{JavaFormCa}\">admin</Parameter>", warning.Message);
    }

    [Fact]
    public void PreAdvisoryToml_AuditNamesTheTomlKeysToAdd()
    {
        using var home = new TestHome();
        home.WriteToml("""
            [admin_console.authenticator.mutual_ssl_authenticator]
            enable = true
            [admin_console.authenticator.mutual_ssl_authenticator.config]
            WhiteListEnabled = "false"
            TrustedIssuers = "CN=RootCA"
            """);
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        var warnings = core.Settings.Warnings.Where(w => w.Key == "mutual_ssl_authenticator").Select(w => w.Message).ToList();
        Assert.Contains(warnings, m => m.Contains($"allowed_issuers = \"{JavaFormCa}\"") && m.Contains($"\"issuer_{JavaFormCa}\" = \"admin\""));
        Assert.Contains(warnings, m => m.Contains("TrustedIssuers is not a parameter"));
    }

    [Theory]
    [InlineData("allowed_issuers = \"RootCA\"", "allowed_issuers")]
    [InlineData("WhiteListEnabled = \"true\"\nWhiteList = \"not-a-thumbprint\"", "WhiteList")]
    public void MalformedParameter_IsAStartupError_NamingFileAndKey(string parameters, string key)
    {
        using var home = new TestHome();
        home.WriteToml($"""
            [admin_console.authenticator.mutual_ssl_authenticator]
            enable = true
            [admin_console.authenticator.mutual_ssl_authenticator.config]
            {parameters}
            """);

        var error = Assert.Throws<CompatHost.Host.Configuration.ConfigException>(() => HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance));

        var found = Assert.Single(error.Errors);
        Assert.Equal(home.Home.DeploymentToml, found.File);
        Assert.StartsWith(key + ":", found.Message);
    }

    [Fact]
    public async Task PreAdvisoryXml_Refuses_UntilTheAdvisedLinesAreAdded()
    {
        using var home = new TestHome();
        home.WriteAuthenticatorsXml(Repo.ConformanceConfig("authenticators-enabled.xml"));
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        Assert.Null(CallAsAdminWithAliceCertificate(host));

        var advice = host.Settings.Current.Warnings.Single(w => w.Key == "mutual_ssl_authenticator").Message;
        var lines = advice.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("<Parameter", StringComparison.Ordinal));
        var xml = File.ReadAllText(home.Home.AuthenticatorsXml).Replace("<Parameter name=\"WhiteList\"/>", string.Join("\n", lines));
        File.WriteAllText(home.Home.AuthenticatorsXml, xml);
        Assert.True(host.Settings.TryReload());

        Assert.True(CallAsAdminWithAliceCertificate(host));
        Assert.DoesNotContain(host.Settings.Current.Warnings, w => w.Key == "mutual_ssl_authenticator");
        var record = await host.AuditRecordAsync(r => r.GetProperty("outcome").GetString() == "success"
            && r.GetProperty("operation").GetString() == "isExistingUser");
        Assert.Equal("admin", record.GetProperty("user").GetString());
        Assert.Equal("MutualSSLAuthenticator", record.GetProperty("handler").GetString());
    }

    /// <summary>isExistingUser("alice") over mutual TLS with alice's certificate, acting as admin; null when refused.</summary>
    private static bool? CallAsAdminWithAliceCertificate(RunningHost host)
    {
        using var factory = AdminServiceClients.Factory<IRemoteUserStoreManagerClient>(host.Port, "RemoteUserStoreManagerService", TestPki.Instance.Client("alice"));
        var channel = factory.CreateChannel();
        try
        {
            return AdminServiceClients.Call(channel, c => c.isExistingUser("alice"),
                new Dictionary<string, string> { ["UserName"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("admin")) }, []);
        }
        catch (FaultException)
        {
            return null;
        }
        finally
        {
            ((IClientChannel)channel).Abort();
        }
    }
}
