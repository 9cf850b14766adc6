using CompatHost.Handlers.ClientCertificate;
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
        return Assert.Throws<ConfigException>(() => HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance));
    }

    private static IReadOnlyList<ConfigError> Warnings(string toml)
    {
        using var home = new TestHome();
        home.WriteToml(toml);
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);
        return core.Settings.Warnings;
    }

    [Fact]
    public void ProductListenerIds_AreWarnings_AndAStringPriorityIsANumber()
    {
        using var home = new TestHome();
        home.WriteToml("""
            [event.default_listener.identity_mgt]
            priority = "50"
            enable = false
            [event.default_listener.governance_identity_mgt]
            enable = "true"
            [event.default_listener.basic_authentication_handler]
            priority = "50"
            enable = "true"
            """);
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        Assert.Contains(core.Settings.Warnings, w => w.Key == "event.default_listener.identity_mgt" && w.Line is not null);
        Assert.Contains(core.Settings.Warnings, w => w.Key == "event.default_listener.governance_identity_mgt");
        Assert.Equal(50, core.Settings.Handlers["basic_authentication_handler"].Priority);
        Assert.True(core.Settings.Handlers["basic_authentication_handler"].Enabled);
    }

    [Fact]
    public void MisspeltHandlerId_IsAWarning_ThatSaysWhichOneItProbablyMeant()
    {
        var warnings = Warnings("[event.default_listener.client_certificate_authentication_handlr]\nenable = false\n");

        var warning = Assert.Single(warnings, w => w.Key == "event.default_listener.client_certificate_authentication_handlr");
        Assert.Contains("Did you mean 'client_certificate_authentication_handler'", warning.Message);
    }

    [Fact]
    public void MappingFieldsTheProductDefaults_DefaultToWildcards_AndEachIsFlagged()
    {
        using var home = new TestHome();
        home.WriteToml($$"""
            [client_certificate_based_authentication]
            enable = true
            [[client_certificate_based_authentication.system_thumbprint_mapping]]
            trusted_issuer = "{{TestPki.AdvisoryDn}}"
            [[client_certificate_based_authentication.user_thumbprint_mapping]]
            trusted_issuer = "{{TestPki.AdvisoryDn}}"
            cert_thumbprint = "*"
            [[client_certificate_based_authentication.user_thumbprint_mapping]]
            trusted_issuer = "*"
            allowed_username = ["alice"]
            """);
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        var system = Assert.Single(core.Settings.Section<ClientCertificateSettings>().SystemMappings);
        Assert.True(system.IsWildcardThumbprint);
        Assert.True(system.AllowsAnyUser);
        // The mapping with a "*" issuer is skipped, as AuthConfigurationUtil does.
        var user = Assert.Single(core.Settings.Section<ClientCertificateSettings>().UserMappings);
        Assert.True(user.AllowsAnyUser);
        var warnings = core.Settings.Warnings;
        Assert.Contains(warnings, w => w.Key.EndsWith("system_thumbprint_mapping[0].cert_thumbprint") && w.Message.Contains("wildcard"));
        Assert.Contains(warnings, w => w.Key.EndsWith("system_thumbprint_mapping[0].allowed_system_user") && w.Message.Contains("system caller"));
        Assert.Contains(warnings, w => w.Key.EndsWith("user_thumbprint_mapping[0].allowed_username") && w.Message.Contains("any user"));
        Assert.Contains(warnings, w => w.Key.EndsWith("user_thumbprint_mapping[1].trusted_issuer") && w.Message.Contains("skips"));
    }

    [Fact]
    public void HostOnlyLeniencies_AreNamedWithTheirLine()
    {
        var fingerprint = CompatHost.Sdk.Certificates.Thumbprint.Sha256(TestPki.Instance.Client("alice"));
        var warnings = Warnings($$"""
            [client_certificate_based_authentication]
            enable = true
            [[client_certificate_based_authentication.user_thumbprint_mapping]]
            trusted_issuer = "{{TestPki.AdvisoryDnAliases}}"
            cert_thumbprint = "{{fingerprint.Hex}}"
            allowed_username = ["alice@carbon.super", "bob,carol"]
            """);

        Assert.Contains(warnings, w => w.Key.EndsWith("trusted_issuer") && w.Message.StartsWith("host extension") && w.Line is not null);
        Assert.Contains(warnings, w => w.Key.EndsWith("cert_thumbprint") && w.Message.StartsWith("host extension"));
        Assert.Contains(warnings, w => w.Key.EndsWith("allowed_username") && w.Message.Contains("alice@carbon.super"));
        Assert.Contains(warnings, w => w.Key.EndsWith("allowed_username") && w.Message.Contains("\"bob,carol\" is one name"));
    }

    [Theory]
    [InlineData("(.*)/scim2/Users(.*", "not a valid regular expression")]
    [InlineData("/api/a*+", "possessive")]
    [InlineData("", "Java regular expression")]
    public void BadContext_IsAStartupError_NamingFileLineAndKey(string context, string expected)
    {
        var ex = Refused($$"""
            [[resource.access_control]]
            context = "{{context}}"
            secure = true
            """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal("resource.access_control[0].context", error.Key);
        Assert.Equal(TestHome.BaseToml.Count(c => c == '\n') + 1, error.Line);
        Assert.EndsWith("deployment.toml", error.File);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void SingularScope_IsIgnoredAsTheTemplateDoes_WithAWarning()
    {
        using var home = new TestHome();
        home.WriteToml("""
            [[resource.access_control]]
            context = "(.*)/api/x(.*)"
            secure = true
            scope = ["internal_x"]
            """);
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        Assert.Empty(core.Settings.AccessControl.Rules[0].Scopes);
        Assert.Contains(core.Settings.Warnings, w => w.Key == "resource.access_control[0].scope" && w.Message.Contains("scopes"));
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
    public async Task MissingKeystore_IsAStartupError_NamingTheFile()
    {
        using var home = new TestHome();
        home.WriteToml("");
        File.Delete(Path.Combine(home.Home.SecurityDir, "server.p12"));
        var core = await HostCore.OpenAsync(home.Home, NullLoggerFactory.Instance, CancellationToken.None);

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
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

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
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        Assert.Contains(core.Settings.Warnings, w => w.Key == "client_certificate_based_authentication.enabel");
    }
}
