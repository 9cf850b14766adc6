using System.Net;
using System.ServiceModel;
using System.Xml.Linq;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// TenantMgtAdminService over real TLS: super tenant administrators add, read, list, deactivate
/// and activate tenants; a deactivated tenant's administrator is refused until it is active
/// again; bad input is a fault that adds nothing; a tenant's own administrator is refused.
/// </summary>
public sealed class TenantMgtAdminServiceTests(TenantMgtAdminServiceTests.Fixture fixture) : IClassFixture<TenantMgtAdminServiceTests.Fixture>
{
    private const string Service = "TenantMgtAdminService";
    private static readonly XNamespace Ns = "http://services.mgt.tenant.carbon.wso2.org";
    private static readonly XNamespace Bean = "http://beans.common.stratos.carbon.wso2.org/xsd";
    private static readonly (string, string) Admin = Basic.Header("admin", "admin");

    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task WcfClient_AddsReadsListsDeactivatesAndActivates_AndDeactivationLocksTheTenantOut()
    {
        var cookies = new CookieContainer();
        using var login = AdminServiceClients.Factory<IAuthenticationAdminClient>(Host.Port, "AuthenticationAdmin", null, cookies);
        Assert.True(login.CreateChannel().login("admin", "admin", "127.0.0.1"));
        using var factory = AdminServiceClients.Factory<ITenantMgtAdminClient>(Host.Port, Service, null, cookies);
        var tenants = factory.CreateChannel();

        Assert.False(string.IsNullOrEmpty(tenants.addTenant(new TenantBean
        {
            tenantDomain = "wcf.example", admin = "boss", adminPassword = "Boss-pw-1", email = "boss@wcf.example", firstname = "Bea", lastname = "Boss",
        })));
        var read = tenants.getTenant("wcf.example");
        Assert.Equal((true, "boss", "boss@wcf.example", "Bea", "Boss"), (read.active, read.admin, read.email, read.firstname, read.lastname));
        Assert.NotNull(read.createdDate);
        Assert.Contains(tenants.retrieveTenants(new()).@return ?? [], t => t.tenantDomain == "wcf.example" && t.admin == "boss");
        var boss = Basic.Header("boss@wcf.example", "Boss-pw-1");
        Assert.Equal(200, (await IsExistingUserAsync("/t/wcf.example", boss)).Status);

        tenants.deactivateTenant("wcf.example");
        Assert.False(tenants.getTenant("wcf.example").active);
        Assert.Equal(500, (await IsExistingUserAsync("/t/wcf.example", boss)).Status);
        tenants.activateTenant("wcf.example");
        Assert.Equal(200, (await IsExistingUserAsync("/t/wcf.example", boss)).Status);

        var unknown = Assert.Throws<FaultException>(() => tenants.deactivateTenant("no-such.example"));
        Assert.Contains("does not exist", unknown.Message);
        ((IClientChannel)tenants).Abort();
    }

    [Fact]
    public async Task FieldScript_AddsATenantOverSoap12_AndADuplicateIsAFault()
    {
        var add = Body("addTenant", new XElement(Ns + "tenantInfoBean",
            new XElement(Bean + "active", "true"), new XElement(Bean + "admin", "root"), new XElement(Bean + "adminPassword", "Root-pw-1"),
            new XElement(Bean + "email", "root@script.example"), new XElement(Bean + "firstname", "Ro"), new XElement(Bean + "lastname", "Ot"),
            new XElement(Bean + "tenantDomain", "script.example")));

        var first = await PostAsync(add, soap12: true, Admin);
        Assert.Equal((200, "application/soap+xml"), (first.Status, first.ContentType));
        Assert.False(string.IsNullOrEmpty(XDocument.Parse(first.Body).Descendants(Ns + "return").Single().Value));
        Assert.True(await Host.Store.TenantExistsAsync("script.example", CancellationToken.None));

        var again = await PostAsync(add, soap12: false, Admin);
        Assert.Equal(500, again.Status);
        Assert.Contains("A tenant with same domain already exist", again.Body);

        var get = await PostAsync(Body("getTenant", new XElement(Ns + "tenantDomain", "script.example")), soap12: false, Admin);
        Assert.Equal("root", XDocument.Parse(get.Body).Descendants(Bean + "admin").Single().Value);
    }

    [Theory]
    [InlineData("bad-email.example", "root", "Root-pw-1", "not-an-email", "Invalid email is provided.")]
    [InlineData("nodot", "root", "Root-pw-1", "root@x.example", "Invalid domain")]
    [InlineData("bad*chars.example", "root", "Root-pw-1", "root@x.example", "Invalid domain")]
    [InlineData("no-password.example", "root", "", "root@x.example", "Credential is not valid")]
    [InlineData("bad-admin.example", "ro@ot", "Root-pw-1", "root@x.example", "Invalid admin user name")]
    public async Task BadInput_IsAFault_AndNoTenantIsAdded(string domain, string admin, string password, string email, string fault)
    {
        var reply = await PostAsync(Body("addTenant", new XElement(Ns + "tenantInfoBean",
            new XElement(Bean + "admin", admin), new XElement(Bean + "adminPassword", password),
            new XElement(Bean + "email", email), new XElement(Bean + "tenantDomain", domain))), soap12: false, Admin);

        Assert.Equal(500, reply.Status);
        Assert.Contains(fault, reply.Body);
        Assert.DoesNotContain("   at ", reply.Body);
        Assert.False(await Host.Store.TenantExistsAsync(domain, CancellationToken.None));
    }

    [Fact]
    public async Task OnlySuperTenantAdministrators_MayCall_AsTheProductsSuperTenantService()
    {
        await Host.Store.AddTenantWithAdminAsync("other.example", CompatHost.Sdk.Identity.QualifiedUserName.Create("chief", null, "other.example"),
            "Chief-pw-1", new Dictionary<string, string>(), CancellationToken.None);
        var before = await Host.SettledAuditCountAsync();

        // The tenant's administrator holds /permission in their own tenant, which covers the
        // operation's permission path; the service is still not theirs.
        var tenantAdmin = await RawSoap.PostToAsync(Host, $"/t/other.example{RawSoap.Endpoint(Service, false)}", RawSoap.Soap11(Body("retrieveTenants")),
            "retrieveTenants", false, Basic.Header("chief@other.example", "Chief-pw-1"));
        Assert.Equal(500, tenantAdmin.Status);
        Assert.Contains("Access Denied", tenantAdmin.Body);
        var record = await Host.AuditRecordAsync(r => r.GetProperty("outcome").GetString() == "denied", before);
        Assert.Equal("retrieveTenants", record.GetProperty("operation").GetString());
        Assert.Contains("super tenant", record.GetProperty("reason").GetString());

        var bob = await PostAsync(Body("retrieveTenants"), soap12: true, Basic.Header("bob", "bobpw"));
        Assert.Equal(500, bob.Status);
        Assert.Contains("Access Denied", bob.Body);
    }

    private Task<(int Status, string Body, string? ContentType)> IsExistingUserAsync(string tenantPath, (string, string) credentials) =>
        RawSoap.PostToAsync(Host, tenantPath + RawSoap.Endpoint("RemoteUserStoreManagerService", false),
            RawSoap.Soap11(new XElement((XNamespace)"http://service.ws.um.carbon.wso2.org" + "isExistingUser",
                new XElement((XNamespace)"http://service.ws.um.carbon.wso2.org" + "userName", "boss"))), "isExistingUser", false, credentials);

    private Task<(int Status, string Body, string? ContentType)> PostAsync(XElement body, bool soap12, params (string, string)[] headers) =>
        RawSoap.PostAsync(Host, Service, soap12 ? RawSoap.Soap12(body) : RawSoap.Soap11(body), body.Name.LocalName, soap12, headers);

    private static XElement Body(string operation, params object[] content) => new(Ns + operation, content);

    public sealed class Fixture : SharedHostFixture;
}
