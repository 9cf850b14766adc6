using CompatHost.Host.Chain;
using CompatHost.Host.Startup;
using CompatHost.Sdk.Handlers;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Chain;

/// <summary>
/// A handler's folder declares what the catalog knows of it (SDK 1.3 <see cref="HandlerDefaultsAttribute"/>);
/// the host finds its own handlers by type and names none of them.
/// </summary>
public sealed class HandlerDefaultsTests
{
    [Fact]
    public void BuiltIns_AreFoundByType_WithTheDefaultsTheirFoldersDeclare()
    {
        using var home = new TestHome();
        var catalog = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance).Catalog;

        Assert.Equal(
            ["basic_authentication_handler", "client_certificate_authentication_handler", "mutual_ssl_authenticator", "mutual_tls_authenticator", "oauth_authentication_handler"],
            catalog.All.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal("mutual_ssl_authenticator", catalog.FindByLegacyName("org.wso2.carbon.identity.authenticator.mutualssl.MutualSSLAuthenticator")?.Id);
        Assert.False(catalog.FindById("mutual_ssl_authenticator")!.EnabledByDefault);
        Assert.True(catalog.FindById("basic_authentication_handler")!.EnabledByDefault);
        // The session cookie is only ever a fallback: first among them, with no switch of its own.
        Assert.Equal(["admin_session_authenticator", "basic_authentication_handler"], catalog.AdminFallbacks.Select(d => d.Id));
        Assert.Null(catalog.FindById("admin_session_authenticator"));
    }

    [Fact]
    public void DroppedInHandler_DeclaringItselfOn_IsStillOffUntilConfigured_ButKeepsItsLegacyNames()
    {
        var descriptor = HandlerCatalog.Plugin(typeof(EagerPluginHandler), "eager.dll");

        Assert.False(descriptor.EnabledByDefault);
        Assert.Contains("LegacyApiKeyValve", descriptor.LegacyNames);
        Assert.Contains("EagerPlugin", descriptor.LegacyNames);
    }

    [HandlerDefaults(EnabledByDefault = true, LegacyNames = ["LegacyApiKeyValve"])]
    private sealed class EagerPluginHandler : StubHandler
    {
        public override string Id => "eager_plugin";

        public override string Name => "EagerPlugin";
    }
}
