using System.Net;
using System.Security.Cryptography;
using System.ServiceModel;
using System.Text;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// The admin chain: Carbon's order (highest priority first), checked with the sample plugin as a
/// second authenticator; the login session as the first fallback; the XML safety gate.
/// </summary>
public sealed class AdminChainTests(AdminChainTests.Fixture fixture) : IClassFixture<AdminChainTests.Fixture>
{
    private const string AliceKey = "alice-admin-key-42";
    private const string Endpoint = "/services/RemoteUserStoreManagerService";

    private RunningHost Host => fixture.Host;

    private static string Toml(int apiKeyPriority) => $"""
        [admin_console.authenticator.mutual_ssl_authenticator]
        enable = true
        priority = 5
        [admin_console.authenticator.mutual_ssl_authenticator.config]
        allowed_issuers = "{TestPki.AdvisoryDn}"
        "issuer_{TestPki.AdvisoryDn}" = "*"
        [event.default_listener.api_key_handler]
        enable = true
        priority = {apiKeyPriority}
        [event.default_listener.api_key_handler.config]
        alice = "{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(AliceKey)))}"
        """;

    [Theory]
    [InlineData(50, "alice")]
    [InlineData(1, "admin")]
    public async Task HigherPriorityAuthenticator_RunsFirst(int apiKeyPriority, string actingUser)
    {
        Host.Reconfigure(fixture.Home, Toml(apiKeyPriority));
        var before = await Host.SettledAuditCountAsync();
        using var factory = AdminServiceClients.Factory<IRemoteUserStoreManagerClient>(Host.Port, "RemoteUserStoreManagerService", TestPki.Instance.Client("bob"));
        var channel = factory.CreateChannel();
        var headers = new Dictionary<string, string>
        {
            ["UserName"] = Convert.ToBase64String("admin"u8.ToArray()),
            ["X-API-Key"] = AliceKey,
        };

        Assert.True(AdminServiceClients.Call(channel, c => c.isExistingUser("bob"), headers, []));
        ((IClientChannel)channel).Close();

        var record = await Host.AuditRecordAsync(r => r.GetProperty("operation").GetString() == "isExistingUser", before);
        Assert.Equal(actingUser, record.GetProperty("user").GetString());
    }

    [Fact]
    public async Task Login_ThenACallOnTheSameSession_FromWcfWithACookieContainer()
    {
        var cookies = new CookieContainer();
        using var login = AdminServiceClients.Factory<IAuthenticationAdminClient>(Host.Port, "AuthenticationAdmin", null, cookies);
        var admin = login.CreateChannel();
        Assert.False(admin.login("admin", "wrong", "127.0.0.1"));
        Assert.True(admin.login("admin", "admin", "127.0.0.1"));
        ((IClientChannel)admin).Close();

        var before = await Host.SettledAuditCountAsync();
        using var users = AdminServiceClients.Factory<IRemoteUserStoreManagerClient>(Host.Port, "RemoteUserStoreManagerService", null, cookies);
        var channel = users.CreateChannel();
        Assert.True(channel.isExistingUser("alice"));
        ((IClientChannel)channel).Close();

        Assert.Equal(("AdminSession", "admin"), await ActingAsync(before));
    }

    [Fact]
    public async Task MutualSslSuccess_StartsASession_TheCookieThenAuthenticatesAlone()
    {
        Host.Reconfigure(fixture.Home, Toml(50));
        var envelope = await File.ReadAllTextAsync(GoldenEnvelopeTests.FixtureFile("isExistingUser.request.xml"));
        using var client = Host.Client(TestPki.Instance.Client("alice"));
        using var first = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new StringContent(envelope, Encoding.UTF8, "text/xml") };
        first.Headers.Add("UserName", Convert.ToBase64String("bob"u8.ToArray()));
        using var answered = await client.SendAsync(first);
        Assert.Equal(200, (int)answered.StatusCode);
        var cookie = answered.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("JSESSIONID=")).Split(';')[0];

        var before = await Host.SettledAuditCountAsync();
        var second = await Host.PostSoapAsync(Endpoint, envelope, "isExistingUser", ("Cookie", cookie));
        Assert.Equal(200, second.Status);
        Assert.Equal(("AdminSession", "bob"), await ActingAsync(before));
    }

    [Fact]
    public async Task DeadSession_WithValidBasic_IsAuthenticatedByBasic()
    {
        var envelope = await File.ReadAllTextAsync(GoldenEnvelopeTests.FixtureFile("isExistingUser.request.xml"));
        var before = await Host.SettledAuditCountAsync();

        var reply = await Host.PostSoapAsync(Endpoint, envelope, "isExistingUser", ("Cookie", "JSESSIONID=expired-or-never-issued"), Basic.Header("bob", "bobpw"));

        Assert.Equal(200, reply.Status);
        Assert.Equal(("BasicAuthentication", "bob"), await ActingAsync(before));
    }

    [Fact]
    public async Task LiveSession_Decides_EvenBesideOtherBasicCredentials()
    {
        var cookie = await LoginAsync("admin", "admin");
        var envelope = await File.ReadAllTextAsync(GoldenEnvelopeTests.FixtureFile("isExistingUser.request.xml"));
        var before = await Host.SettledAuditCountAsync();

        var reply = await Host.PostSoapAsync(Endpoint, envelope, "isExistingUser", ("Cookie", cookie), Basic.Header("bob", "wrong"));

        Assert.Equal(200, reply.Status);
        var record = await Host.AuditRecordAsync(r => r.GetProperty("operation").GetString() == "isExistingUser", before);
        Assert.Equal("admin", record.GetProperty("user").GetString());
    }

    [Fact]
    public async Task FailedAuthentication_EndsTheSessionItNamed()
    {
        var cookie = await LoginAsync("admin", "admin");
        var envelope = await File.ReadAllTextAsync(GoldenEnvelopeTests.FixtureFile("isExistingUser.request.xml"));

        var refused = await Host.PostSoapAsync(Endpoint, envelope, "isExistingUser", ("Cookie", cookie), ("Authorization", "Bearer not-a-token"));
        Assert.Equal(500, refused.Status);
        Assert.Contains("Access Denied. Please login first.", refused.Body);
        Assert.Contains(refused.SetCookies, c => c.StartsWith("JSESSIONID=;", StringComparison.Ordinal));

        var after = await Host.PostSoapAsync(Endpoint, envelope, "isExistingUser", ("Cookie", cookie));
        Assert.Equal(500, after.Status);
        Assert.Contains("Access Denied. Please login first.", after.Body);
    }

    /// <summary>The handler and user of the first isExistingUser audit record after <paramref name="before"/>.</summary>
    private async Task<(string? Handler, string? User)> ActingAsync(int before)
    {
        var record = await Host.AuditRecordAsync(r => r.GetProperty("operation").GetString() == "isExistingUser", before);
        return (record.GetProperty("handler").GetString(), record.GetProperty("user").GetString());
    }

    private async Task<string> LoginAsync(string user, string password)
    {
        var login = $"""
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:aut="http://authentication.services.core.carbon.wso2.org">
              <soapenv:Body><aut:login><aut:username>{user}</aut:username><aut:password>{password}</aut:password><aut:remoteAddress>127.0.0.1</aut:remoteAddress></aut:login></soapenv:Body>
            </soapenv:Envelope>
            """;
        var reply = await Host.PostSoapAsync("/services/AuthenticationAdmin", login, "login");
        Assert.Equal(200, reply.Status);
        return reply.SetCookies.Single(c => c.StartsWith("JSESSIONID=", StringComparison.Ordinal)).Split(';')[0];
    }

    [Theory]
    [InlineData("""<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x>&lol3;</x></soapenv:Body></soapenv:Envelope>""")]
    [InlineData("""<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ser:isExistingUser xmlns:ser="http://service.ws.um.carbon.wso2.org"><ser:userName>&xxe;</ser:userName></ser:isExistingUser></soapenv:Body></soapenv:Envelope>""")]
    [InlineData("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>")]
    [InlineData("not xml at all")]
    public async Task HostileEnvelope_IsAFault_NotAHangOrATrace(string envelope)
    {
        var reply = await PostAsync(envelope);

        Assert.Equal(400, reply.Status);
        Assert.Contains("Fault", reply.Body);
        Assert.DoesNotContain("root:", reply.Body);
        Assert.DoesNotContain("   at ", reply.Body);
    }

    [Fact]
    public async Task OversizedEnvelope_IsRefusedBeforeParsing()
    {
        var padding = new string(' ', 2 * 1024 * 1024);
        var reply = await PostAsync($"<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">{padding}<soapenv:Body/></soapenv:Envelope>");

        Assert.Equal(413, reply.Status);
    }

    private async Task<(int Status, string Body)> PostAsync(string envelope)
    {
        using var client = Host.Client();
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.PostAsync(Endpoint, new StringContent(envelope, Encoding.UTF8, "text/xml"));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), "a hostile envelope must not hold the host");
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public sealed class Fixture : SharedHostFixture
    {
        public Fixture() => Home.DropPlugin(Repo.SamplePluginDll);

        /// <summary>
        /// These tests are about who acts, so the acting users may call the service: it asks
        /// every caller for /permission/admin/manage/identity, as the product does.
        /// </summary>
        protected override async Task SeedAsync(CompatHost.Host.Users.IUserStore store)
        {
            await base.SeedAsync(store);
            await store.AddRoleAsync(CompatHost.Sdk.Identity.QualifiedUserName.SuperTenant, "identity-admin",
                [CompatHost.Sdk.Identity.QualifiedUserName.Parse("alice"), CompatHost.Sdk.Identity.QualifiedUserName.Parse("bob")],
                ["/permission/admin/manage/identity"]);
        }
    }
}
