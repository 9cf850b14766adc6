using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// The product's wire shape as operators' scripts post it: raw envelopes with SOAPAction to the
/// generated endpoint name, answers compared with golden responses (in <c>ns:return</c>), in-only
/// operations answering 202 with an empty body, faults for refusals.
/// </summary>
public sealed class GoldenEnvelopeTests(GoldenEnvelopeTests.Fixture fixture) : IClassFixture<GoldenEnvelopeTests.Fixture>
{
    private const string Endpoint = "/services/RemoteUserStoreManagerService.RemoteUserStoreManagerServiceHttpsSoap11Endpoint/";
    private static readonly (string, string) Admin = Basic.Header("admin", "admin");

    private RunningHost Host => fixture.Host;

    public static string FixtureFile(string name) => Path.Combine(AppContext.BaseDirectory, "Soap", "Fixtures", name);

    private Task<(int Status, string Body, string? ContentType)> PostAsync(string request, string action, params (string, string)[] headers) =>
        PostAsync(Endpoint, request, action, "text/xml; charset=UTF-8", headers);

    private async Task<(int Status, string Body, string? ContentType)> PostAsync(string endpoint, string request, string action, string contentType,
        params (string, string)[] headers)
    {
        using var client = Host.Client();
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(File.ReadAllText(FixtureFile(request)), Encoding.UTF8),
        };
        message.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        message.Headers.TryAddWithoutValidation("SOAPAction", $"\"urn:{action}\"");
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Results_MatchTheGoldenResponses_InNsReturn()
    {
        var (status, body, _) = await PostAsync("isExistingUser.request.xml", "isExistingUser", Admin);

        Assert.Equal(200, status);
        Assert.Contains("<ns:return>true</ns:return>", body);
        AssertSameXml(File.ReadAllText(FixtureFile("isExistingUser.response.xml")), body);
        // On one line, as Axis2 writes it: no whitespace between the elements.
        Assert.DoesNotMatch(@">\s+<", body);
    }

    [Fact]
    public async Task InOnlyOperations_Answer202Empty_AndArraysRoundTrip()
    {
        Assert.Equal((202, ""), Trim(await PostAsync("addRole.request.xml", "addRole", Admin)));
        var before = await Host.SettledAuditCountAsync();
        // The product's in-only addRole answers 202 even when the role exists; the error is audited.
        Assert.Equal((202, ""), Trim(await PostAsync("addRole.request.xml", "addRole", Admin)));
        var record = await Host.AuditRecordAsync(r => r.GetProperty("operation").GetString() == "addRole", before);
        Assert.Contains("auditors", record.GetProperty("reason").GetString());

        var (status, body, _) = await PostAsync("getRoleListOfUser.request.xml", "getRoleListOfUser", Admin);
        Assert.Equal(200, status);
        AssertSameXml(File.ReadAllText(FixtureFile("getRoleListOfUser.response.xml")), body);

        Assert.Equal((202, ""), Trim(await PostAsync("addUser.request.xml", "addUser", Admin)));
        var claim = await PostAsync("getUserClaimValue.request.xml", "getUserClaimValue", Admin);
        AssertSameXml(File.ReadAllText(FixtureFile("getUserClaimValue.response.xml")), claim.Body);
        Assert.Equal((202, ""), Trim(await PostAsync("deleteUser.request.xml", "deleteUser", Admin)));
        Assert.Equal(500, (await PostAsync("getUserClaimValue.request.xml", "getUserClaimValue", Admin)).Status);
    }

    [Fact]
    public async Task Soap12_IsAnsweredInSoap12()
    {
        var (status, body, contentType) = await PostAsync("/services/RemoteUserStoreManagerService.RemoteUserStoreManagerServiceHttpsSoap12Endpoint",
            "isExistingUser.soap12.request.xml", "isExistingUser", "application/soap+xml; charset=UTF-8; action=\"urn:isExistingUser\"", Admin);

        Assert.Equal(200, status);
        Assert.Equal("application/soap+xml", contentType);
        Assert.Contains("http://www.w3.org/2003/05/soap-envelope", body);
        Assert.Contains("<ns:return>false</ns:return>", body);
    }

    [Fact]
    public async Task Soap11_OnTheSoap12EndpointName_IsAnsweredInSoap11_AsAxis2Does()
    {
        // node's soap posts SOAP 1.1 to the last port of the WSDL, the Soap12 one.
        var (status, body, contentType) = await PostAsync("/services/RemoteUserStoreManagerService.RemoteUserStoreManagerServiceHttpsSoap12Endpoint/",
            "isExistingUser.request.xml", "isExistingUser", "text/xml; charset=UTF-8", Admin);

        Assert.Equal((200, "text/xml"), (status, contentType));
        AssertSameXml(File.ReadAllText(FixtureFile("isExistingUser.response.xml")), body);
    }

    [Fact]
    public async Task Unauthenticated_AndForbidden_AreFaults_NeverPagesOrTraces()
    {
        var anonymous = await PostAsync("isExistingUser.request.xml", "isExistingUser");
        Assert.Equal(500, anonymous.Status);
        Assert.Contains("Access Denied. Please login first.", anonymous.Body);
        Assert.Contains("Fault", anonymous.Body);

        var before = await Host.SettledAuditCountAsync();
        var forbidden = await PostAsync("addUser.request.xml", "addUser", Basic.Header("alice", "alicepw"));
        Assert.Equal(500, forbidden.Status);
        Assert.Contains("Access Denied", forbidden.Body);
        Assert.DoesNotContain("   at ", forbidden.Body);
        var record = await Host.AuditRecordAsync(r => r.GetProperty("outcome").GetString() == "denied", before);
        Assert.Equal("alice", record.GetProperty("user").GetString());
        Assert.Equal("addUser", record.GetProperty("operation").GetString());
    }

    [Fact]
    public async Task Wsdl_IsServed()
    {
        using var client = Host.Client();
        var wsdl = await client.GetStringAsync("/services/RemoteUserStoreManagerService?wsdl");

        Assert.Contains("targetNamespace=\"http://service.ws.um.carbon.wso2.org\"", wsdl);
        Assert.Contains("isExistingUser", wsdl);
    }

    [Fact]
    public async Task CurlScript_PostsTheGoldenEnvelopes()
    {
        if (!File.Exists("/usr/bin/curl"))
        {
            return;
        }

        var ca = Path.Combine(fixture.Home.Root, "server-ca.crt");
        await File.WriteAllTextAsync(ca, TestPki.Instance.ServerCa.ExportCertificatePem());
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { FixtureFile("post-envelopes.sh"), $"https://localhost:{Host.Port}", ca, "admin:admin" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("ok getRoleListOfUser 200", output);
    }

    private static (int, string) Trim((int Status, string Body, string? ContentType) reply) => (reply.Status, reply.Body.Trim());

    /// <summary>Same elements, namespaces and text; prefixes, declarations and layout aside.</summary>
    private static void AssertSameXml(string expected, string actual) =>
        Assert.Equal(Normalize(XElement.Parse(expected)).ToString(), Normalize(XElement.Parse(actual)).ToString());

    private static XElement Normalize(XElement element) => new(element.Name,
        element.Attributes().Where(a => !a.IsNamespaceDeclaration),
        element.HasElements ? element.Elements().Select(Normalize) : element.Value.Trim());

    public sealed class Fixture : SharedHostFixture
    {
        protected override string InitialToml => "[admin_service.wsdl]\nenable = true\n";
    }
}
