using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using CompatHost.Sdk.Handlers;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Configuration;

/// <summary>Operators get every error at once, each naming file, key and line; TOML wins over XML.</summary>
public sealed class ConfigValidationTests
{
    private static ConfigException Refused(string toml)
    {
        using var home = new TestHome();
        home.WriteToml(toml);
        return Assert.Throws<ConfigException>(() => HostCore.Open(home.Home, NullLoggerFactory.Instance));
    }

    [Fact]
    public void UnknownHandlerId_IsAStartupError_ListingKnownIds()
    {
        var ex = Refused("[event.default_listener.basic_auth_handler]\nenable = false\n");

        var error = Assert.Single(ex.Errors);
        Assert.Equal("event.default_listener.basic_auth_handler", error.Key);
        Assert.Contains("basic_authentication_handler", error.Message);
    }

    [Fact]
    public void WrongTypes_AreAllReported_WithKeyAndLine()
    {
        var ex = Refused("""
            [event.default_listener.basic_authentication_handler]
            enable = "yes"
            priority = "first"
            """);

        Assert.Contains(ex.Errors, e => e.Key == "event.default_listener.basic_authentication_handler.enable" && e.Message.Contains("true or false") && e.Line == TestHome.BaseToml.Count(c => c == '\n') + 2);
        Assert.Contains(ex.Errors, e => e.Key == "event.default_listener.basic_authentication_handler.priority" && e.Message.Contains("integer"));
    }

    [Fact]
    public void MalformedMapping_IsAnError_NotAWildcard()
    {
        var ex = Refused("""
            [client_certificate_based_authentication]
            enable = true
            [[client_certificate_based_authentication.system_thumbprint_mapping]]
            trusted_issuer = "not a dn"
            cert_thumbprint = "12:34"
            allowed_system_user = "admin"
            """);

        Assert.Contains(ex.Errors, e => e.Key.EndsWith("trusted_issuer"));
        Assert.Contains(ex.Errors, e => e.Key.EndsWith("cert_thumbprint") && e.Message.Contains("fingerprint"));
    }

    [Fact]
    public void MissingKeystore_IsAStartupError_NamingTheFile()
    {
        using var home = new TestHome();
        home.WriteToml("");
        File.Delete(Path.Combine(home.Home.SecurityDir, "server.p12"));
        using var core = HostCore.Open(home.Home, NullLoggerFactory.Instance);

        var ex = Assert.Throws<ConfigException>(() => CompatHostApp.Build(core, 0));

        Assert.Contains("server.p12", ex.Message);
        Assert.Contains("not found", ex.Message);
    }

    [Fact]
    public void TomlWinsOverXml_AndTheSourceIsRecorded()
    {
        using var home = new TestHome();
        home.WriteAuthenticatorsXml(Repo.ConformanceConfig("authenticators-enabled.xml"));
        home.WriteToml("[admin_console.authenticator.mutual_ssl_authenticator]\nenable = false\n");
        using var core = HostCore.Open(home.Home, NullLoggerFactory.Instance);

        var mutualSsl = core.Settings.Handlers["mutual_ssl_authenticator"];
        Assert.False(mutualSsl.Enabled);
        Assert.Equal(SettingSource.Toml, mutualSsl.EnabledSource);
        Assert.Equal(5, mutualSsl.Priority);
        Assert.Equal(SettingSource.Xml, mutualSsl.PrioritySource);
    }

    [Fact]
    public void UnknownKeyInOurSection_IsAWarningNamingIt()
    {
        using var home = new TestHome();
        home.WriteToml("[client_certificate_based_authentication]\nenable = false\nenabel = true\n");
        using var core = HostCore.Open(home.Home, NullLoggerFactory.Instance);

        Assert.Contains(core.Settings.Warnings, w => w.Key == "client_certificate_based_authentication.enabel");
    }
}
