using System.Net;
using System.ServiceModel;
using System.Xml.Linq;
using CompatHost.Tests.OAuth;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// OAuthAdminService over real TLS: a WCF client declared from the WSDL runs every operation on a
/// login session, and raw envelopes as field scripts post them (SOAP 1.1 with SOAPAction, SOAP 1.2
/// with the action in the content type) register an application that then gets a token at
/// <c>/oauth2/token</c>. Refusals are the product's faults and leave nothing written.
/// </summary>
public sealed class OAuthAdminServiceTests(OAuthAdminServiceTests.Fixture fixture) : IClassFixture<OAuthAdminServiceTests.Fixture>
{
    private const string Service = "OAuthAdminService";
    private static readonly XNamespace Ns = "http://oauth.identity.carbon.wso2.org";
    private static readonly XNamespace Dto = "http://dto.oauth.identity.carbon.wso2.org/xsd";
    private static readonly (string, string) Admin = Basic.Header("admin", "admin");

    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task WcfClient_EveryOperation_AndTheTokenEndpointHonoursWhatItRegisters()
    {
        var cookies = new CookieContainer();
        using var login = AdminServiceClients.Factory<IAuthenticationAdminClient>(Host.Port, "AuthenticationAdmin", null, cookies);
        Assert.True(login.CreateChannel().login("admin", "admin", "127.0.0.1"));
        using var factory = AdminServiceClients.Factory<IOAuthAdminClient>(Host.Port, Service, null, cookies);
        var admin = factory.CreateChannel();
        var calls = new OAuthCalls(Host);

        var created = admin.registerAndRetrieveOAuthApplicationData(new OAuthConsumerAppDTO { applicationName = "wcf-app", grantTypes = "client_credentials password" });
        Assert.Equal(("wcf-app", "ACTIVE", "OAuth-2.0", "admin"), (created.applicationName, created.state, created.OAuthVersion, created.username));
        Assert.Equal(200, (await ClientCredentialsAsync(calls, created.oauthConsumerKey!, created.oauthConsumerSecret!)).Status);

        var read = admin.getOAuthApplicationData(created.oauthConsumerKey!);
        Assert.Equal(("wcf-app", "client_credentials password"), (read.applicationName, read.grantTypes));
        // Kept only hashed: a read never carries the secret.
        Assert.True(string.IsNullOrEmpty(read.oauthConsumerSecret));
        Assert.Equal(created.oauthConsumerKey, admin.getOAuthApplicationDataByAppName("wcf-app").oauthConsumerKey);
        Assert.Contains(admin.getAllOAuthApplicationData(new()).@return!, a => a.oauthConsumerKey == created.oauthConsumerKey);
        Assert.Equal(["password", "client_credentials", "refresh_token"], admin.getAllowedGrantTypes(new()).@return ?? []);

        admin.updateConsumerApplication(new OAuthConsumerAppDTO
        {
            oauthConsumerKey = created.oauthConsumerKey, applicationName = "wcf-app-2", grantTypes = "client_credentials", callbackUrl = "https://app.example/cb",
        });
        var updated = admin.getOAuthApplicationDataByAppName("wcf-app-2");
        Assert.Equal(("client_credentials", "https://app.example/cb"), (updated.grantTypes, updated.callbackUrl));

        var renewed = admin.updateAndRetrieveOauthSecretKey(created.oauthConsumerKey!);
        Assert.NotEqual(created.oauthConsumerSecret, renewed.oauthConsumerSecret);
        Assert.Equal(401, (await ClientCredentialsAsync(calls, created.oauthConsumerKey!, created.oauthConsumerSecret!)).Status);
        Assert.Equal(200, (await ClientCredentialsAsync(calls, created.oauthConsumerKey!, renewed.oauthConsumerSecret!)).Status);
        admin.updateOauthSecretKey(created.oauthConsumerKey!);
        Assert.Equal(401, (await ClientCredentialsAsync(calls, created.oauthConsumerKey!, renewed.oauthConsumerSecret!)).Status);

        admin.registerOAuthApplicationData(new OAuthConsumerAppDTO
        {
            applicationName = "wcf-chosen", oauthConsumerKey = "wcf-chosen-key", oauthConsumerSecret = "wcf-chosen-secret-0123456789",
        });
        Assert.Equal(200, (await ClientCredentialsAsync(calls, "wcf-chosen-key", "wcf-chosen-secret-0123456789")).Status);

        admin.removeOAuthApplicationData(created.oauthConsumerKey!);
        admin.removeOAuthApplicationData("wcf-chosen-key");
        var gone = Assert.Throws<FaultException>(() => admin.getOAuthApplicationData(created.oauthConsumerKey!));
        Assert.Contains("Cannot find a valid OAuth client", gone.Message);
        ((IClientChannel)admin).Abort();
    }

    [Fact]
    public async Task FieldScript_RegistersOverSoap11_ReadsOverSoap12_AndGetsAToken()
    {
        var name = "script-" + Guid.NewGuid().ToString("N")[..8];
        var register = await PostAsync(Body("registerOAuthApplicationData",
            new XElement(Ns + "application", new XElement(Dto + "applicationName", name), new XElement(Dto + "grantTypes", "client_credentials"),
                new XElement(Dto + "oauthConsumerSecret", "script-chosen-secret-123456"))), soap12: false, Admin);
        Assert.Equal(200, register.Status);
        Assert.NotNull(XDocument.Parse(register.Body).Descendants(Ns + "registerOAuthApplicationDataResponse").SingleOrDefault());

        var read = await PostAsync(Body("getOAuthApplicationDataByAppName", new XElement(Ns + "appName", name)), soap12: true, Admin);
        Assert.Equal((200, "application/soap+xml"), (read.Status, read.ContentType));
        Assert.Contains("<ns:return", read.Body);
        var key = XDocument.Parse(read.Body).Descendants(Dto + "oauthConsumerKey").Single().Value;

        var (status, token) = await ClientCredentialsAsync(new OAuthCalls(Host), key, "script-chosen-secret-123456");
        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task RestAndSoap_ShareOneApplicationStore()
    {
        var (clientId, _) = await new OAuthCalls(Host).RegisterAsync();
        var read = await PostAsync(Body("getOAuthApplicationData", new XElement(Ns + "consumerKey", clientId)), soap12: false, Admin);
        Assert.Equal(clientId, XDocument.Parse(read.Body).Descendants(Dto + "oauthConsumerKey").Single().Value);

        await PostAsync(Body("removeOAuthApplicationData", new XElement(Ns + "consumerKey", clientId)), soap12: false, Admin);
        Assert.Equal(404, (await Host.GetAsync($"/api/server/v1/applications/{clientId}", null, Admin)).Status);
    }

    [Fact]
    public async Task BadInput_IsTheProductsFault_AndWritesNothing()
    {
        var unknown = await PostAsync(Body("getOAuthApplicationDataByAppName", new XElement(Ns + "appName", "no-such-app")), soap12: false, Admin);
        Assert.Equal(500, unknown.Status);
        Assert.Contains("Cannot find a valid OAuth client with application name: no-such-app", unknown.Body);

        var remove = await PostAsync(Body("removeOAuthApplicationData", new XElement(Ns + "consumerKey", "no-such-key")), soap12: false, Admin);
        Assert.Equal(500, remove.Status);

        var duplicate = Body("registerOAuthApplicationData", new XElement(Ns + "application", new XElement(Dto + "applicationName", "dup-app")));
        Assert.Equal(200, (await PostAsync(duplicate, soap12: false, Admin)).Status);
        var count = (await Host.Core.OAuth.ListApplicationsAsync("carbon.super")).Count;
        var again = await PostAsync(duplicate, soap12: false, Admin);
        Assert.Equal(500, again.Status);
        Assert.Contains("already exists", again.Body);
        Assert.Equal(count, (await Host.Core.OAuth.ListApplicationsAsync("carbon.super")).Count);

        var grant = await PostAsync(Body("registerOAuthApplicationData", new XElement(Ns + "application",
            new XElement(Dto + "applicationName", "implicit-app"), new XElement(Dto + "grantTypes", "implicit"))), soap12: false, Admin);
        Assert.Contains("'implicit' grant type is not allowed.", grant.Body);
        Assert.Equal(count, (await Host.Core.OAuth.ListApplicationsAsync("carbon.super")).Count);
        Assert.DoesNotContain("   at ", grant.Body);
    }

    [Fact]
    public async Task MissingPermission_IsAccessDenied_AndAudited()
    {
        var before = await Host.SettledAuditCountAsync();
        var refused = await PostAsync(Body("getAllOAuthApplicationData"), soap12: true,
            Basic.Header("bob", "bobpw"));

        Assert.Equal(500, refused.Status);
        Assert.Contains("Access Denied", refused.Body);
        var record = await Host.AuditRecordAsync(r => r.GetProperty("outcome").GetString() == "denied", before);
        Assert.Equal(("bob", "getAllOAuthApplicationData"), (record.GetProperty("user").GetString(), record.GetProperty("operation").GetString()));
    }

    private Task<(int Status, string Body, string? ContentType)> PostAsync(XElement body, bool soap12, params (string, string)[] headers) =>
        RawSoap.PostAsync(Host, Service, soap12 ? RawSoap.Soap12(body) : RawSoap.Soap11(body), body.Name.LocalName, soap12, headers);

    private static XElement Body(string operation, params object[] content) => new(Ns + operation, content);

    private static Task<(int Status, System.Text.Json.JsonElement Body)> ClientCredentialsAsync(OAuthCalls calls, string clientId, string secret) =>
        calls.TokenAsync(new() { ["grant_type"] = "client_credentials" }, null, (clientId, secret));

    public sealed class Fixture : SharedHostFixture
    {
        protected override string InitialToml => "[admin_service.wsdl]\nenable = true\n";
    }
}
