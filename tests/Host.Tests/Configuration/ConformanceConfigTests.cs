using CompatHost.Handlers.ClientCertificate;
using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Handlers;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Configuration;

/// <summary>Each file in tests/Conformance/configs reads as the conformance README says.</summary>
public sealed class ConformanceConfigTests
{
    private const string AdvisoryThumbprint = "78:9B:25:49:5A:A6:DA:74:9C:F7:A8:90:CE:B9:21:EA:EC:C7:22:2A:B3:77:41:1B:6D:48:22:91:98:A9:FD:47";

    private static LoadedConfiguration LoadToml(string file) =>
        Load(home => home.WriteToml(File.ReadAllText(Repo.ConformanceConfig(file))));

    private static LoadedConfiguration LoadIdentityXml(string file) => Load(home => home.WriteIdentityXml(Repo.ConformanceConfig(file)));

    private static LoadedConfiguration LoadAuthenticatorsXml(string file) => Load(home => home.WriteAuthenticatorsXml(Repo.ConformanceConfig(file)));

    /// <summary>Config alone, as <c>check</c> reads it: no store is opened, no handler constructed.</summary>
    private static LoadedConfiguration Load(Action<TestHome> write)
    {
        using var home = new TestHome();
        write(home);
        return HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);
    }

    /// <summary>The names of the handlers a chain would try, in order, as the config orders them.</summary>
    private static IEnumerable<string> Chain(LoadedConfiguration config, HandlerChains kind) =>
        HandlerChain.Plan(kind, config.Catalog, config.Settings.Handlers).Select(p => p.Descriptor.Name);

    [Theory]
    [InlineData("advisory-system-mapping.toml")]
    [InlineData("identity-system-mapping.xml")]
    public void SystemMapping_ReadsTheAdvisoryIssuerThumbprintAndUser(string file)
    {
        var settings = file.EndsWith(".xml") ? LoadIdentityXml(file).Settings : LoadToml(file).Settings;

        Assert.True(settings.Section<ClientCertificateSettings>().Enabled);
        var mapping = Assert.Single(settings.Section<ClientCertificateSettings>().SystemMappings);
        Assert.Equal(DistinguishedName.Parse(TestPki.AdvisoryDn), mapping.Issuer);
        Assert.Equal(AdvisoryThumbprint, mapping.Thumbprint?.ToColonForm());
        Assert.Equal(["admin"], mapping.AllowedUsers);
        Assert.Empty(settings.Section<ClientCertificateSettings>().UserMappings);
    }

    [Theory]
    [InlineData("advisory-user-mapping.toml")]
    [InlineData("identity-user-mapping.xml")]
    public void UserMapping_ReadsTheAdvisoryIssuerThumbprintAndUsers(string file)
    {
        var settings = file.EndsWith(".xml") ? LoadIdentityXml(file).Settings : LoadToml(file).Settings;

        var mapping = Assert.Single(settings.Section<ClientCertificateSettings>().UserMappings);
        Assert.Equal(DistinguishedName.Parse(TestPki.AdvisoryDn), mapping.Issuer);
        Assert.Equal(AdvisoryThumbprint, mapping.Thumbprint?.ToColonForm());
        Assert.Equal(["admin", "user@tenant.com"], mapping.AllowedUsers);
    }

    [Fact]
    public void InternalUsage_IsAWildcardSystemCallerMapping()
    {
        var settings = LoadToml("advisory-internal-usage.toml").Settings;

        var mapping = Assert.Single(settings.Section<ClientCertificateSettings>().SystemMappings);
        Assert.True(mapping.IsWildcardThumbprint);
        Assert.True(mapping.AllowsAnyUser);
        Assert.Equal(DistinguishedName.Parse("C=US, S=CA, L=Mountain View, O=WSO2, CN=localhost"), mapping.Issuer);
    }

    [Fact]
    public void WrappedAdvisorySample_RefusesToStart_NamingFileAndLine6()
    {
        using var home = new TestHome();
        home.WriteToml("");
        File.WriteAllText(home.Home.DeploymentToml, File.ReadAllText(Repo.ConformanceConfig("advisory-wrapped.toml")));

        var ex = Assert.Throws<ConfigException>(() => HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(home.Home.DeploymentToml, error.File);
        Assert.Equal(6, error.Line);
        Assert.Contains("deployment.toml:6:", ex.Message);
    }

    [Theory]
    [InlineData("usecase2-disable.toml")]
    [InlineData("identity-usecase2.xml")]
    public void UseCase2_TurnsTheClientCertificateHandlerOff(string file)
    {
        var config = file.EndsWith(".xml") ? LoadIdentityXml(file) : LoadToml(file);
        var settings = config.Settings;

        var handler = settings.Handlers["client_certificate_authentication_handler"];
        Assert.False(handler.Enabled);
        Assert.Equal(file.EndsWith(".xml") ? SettingSource.Xml : SettingSource.Toml, handler.EnabledSource);
        Assert.DoesNotContain("ClientCertificate", Chain(config, HandlerChains.Rest));
        Assert.DoesNotContain("MutualSSLAuthenticator", Chain(config, HandlerChains.SoapAdmin));
    }

    [Fact]
    public void UseCase2Toml_TurnsMutualSslOff()
    {
        var settings = LoadToml("usecase2-disable.toml").Settings;

        Assert.False(settings.Handlers["mutual_ssl_authenticator"].Enabled);
        Assert.Equal(SettingSource.Toml, settings.Handlers["mutual_ssl_authenticator"].EnabledSource);
    }

    /// <summary>
    /// The IS docs sample loads as the product loads it (the conformance README's older reading,
    /// a startup error, was wrong: AuthConfigurationUtil does not check handler names): unknown
    /// handlers, the ignored singular `scope` and the glob-looking context are each a warning.
    /// </summary>
    [Fact]
    public void ResourceAccess_LoadsAsTheProductDoes_WithAWarningForEachSurprise()
    {
        using var home = new TestHome();
        home.WriteToml(File.ReadAllText(Repo.ConformanceConfig("resource-access.toml")));

        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        var warnings = core.Settings.Warnings;
        Assert.Contains(warnings, w => w.Key.EndsWith("allowed_auth_handlers") && w.Message.Contains("handler1") && w.Message.Contains("handler2"));
        Assert.Contains(warnings, w => w.Key.EndsWith(".scope"));
        Assert.Contains(warnings, w => w.Key.EndsWith(".context") && w.Message.Contains("covers nothing below"));
        var rule = core.Settings.AccessControl.Rules[0];
        Assert.True(rule.Matches("/api/identity/", "GET"));
        Assert.False(rule.Matches("/api/identity/user/v1/me", "GET"));
    }

    [Theory]
    [InlineData("authenticators-enabled.xml")]
    [InlineData("authenticators-flat-params.xml")]
    public void Authenticators_EnabledWithPriority5_InBothLayouts(string file)
    {
        var config = LoadAuthenticatorsXml(file);

        var mutualSsl = config.Settings.Handlers["mutual_ssl_authenticator"];
        Assert.True(mutualSsl.Enabled);
        Assert.Equal(5, mutualSsl.Priority);
        Assert.Contains("MutualSSLAuthenticator", Chain(config, HandlerChains.SoapAdmin));
    }

    [Fact]
    public void Authenticators_ParametersUnderConfig_AreRead()
    {
        var mutualSsl = LoadAuthenticatorsXml("authenticators-enabled.xml").Settings.Handlers["mutual_ssl_authenticator"];

        Assert.Equal("UserName", mutualSsl.Parameter("UsernameHeader"));
        Assert.Equal("false", mutualSsl.Parameter("WhiteListEnabled"));
    }

    /// <summary>
    /// The product wins over the conformance README here: AuthenticatorsConfiguration reads
    /// parameters only under &lt;Config&gt;, so the flat layout's are ignored, each with a warning.
    /// </summary>
    [Fact]
    public void Authenticators_FlatParameters_AreIgnoredWithAWarning_AsTheProductIgnoresThem()
    {
        var settings = LoadAuthenticatorsXml("authenticators-flat-params.xml").Settings;

        Assert.Null(settings.Handlers["mutual_ssl_authenticator"].Parameter("WhiteListEnabled"));
        Assert.Contains(settings.Warnings, w => w.Key.EndsWith("Parameter[name=UsernameHeader]") && w.Message.Contains("<Config>") && w.Line is not null);
    }

    [Fact]
    public void Authenticators_Disabled()
    {
        var config = LoadAuthenticatorsXml("authenticators-disabled.xml");
        var settings = config.Settings;

        Assert.False(settings.Handlers["mutual_ssl_authenticator"].Enabled);
        Assert.Equal(SettingSource.Xml, settings.Handlers["mutual_ssl_authenticator"].EnabledSource);
        Assert.DoesNotContain("MutualSSLAuthenticator", Chain(config, HandlerChains.SoapAdmin));
    }

    [Fact]
    public void IdentityMtlsOauth_TurnsMutualTlsClientAuthenticationOnAt158()
    {
        var settings = LoadIdentityXml("identity-mtls-oauth.xml").Settings;

        var mtls = settings.Handlers["mutual_tls_authenticator"];
        Assert.True(mtls.Enabled);
        Assert.Equal(158, mtls.Priority);
        Assert.Equal(SettingSource.Xml, mtls.EnabledSource);
    }

    [Fact]
    public void IntermediateCerts_ReadsCnsAndExemptContexts()
    {
        var settings = LoadToml("intermediate-certs.toml").Settings;

        Assert.True(settings.Section<IntermediateCertSettings>().Enabled);
        Assert.Equal(["wso2is.org", "abc.com"], settings.Section<IntermediateCertSettings>().CertCns);
        Assert.Equal(["dcr", "scim2"], settings.Section<IntermediateCertSettings>().ExemptContexts);
        Assert.False(settings.Section<IntermediateCertSettings>().AppliesTo("/scim2/Me"));
        Assert.True(settings.Section<IntermediateCertSettings>().AppliesTo("/api/users/v1/me"));
    }
}
