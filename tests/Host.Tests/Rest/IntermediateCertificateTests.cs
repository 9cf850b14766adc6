using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Rest;

/// <summary>
/// Intermediate certificate validation (rest-auth.md): the subject CN is the username when the
/// issuer's CN is one of cert_cns; mappings are not consulted; exempt contexts are skipped.
/// </summary>
public sealed class IntermediateCertificateTests
{
    [Fact]
    public async Task CnOfACertificateFromAListedIntermediate_IsTheUser()
    {
        using var home = new TestHome();
        var listed = Intermediate("wso2is.org");
        var unlisted = Intermediate("elsewhere.org");
        var otherCase = Intermediate("WSO2IS.org");
        File.WriteAllText(Path.Combine(home.Home.SecurityDir, "truststore.pem"),
            TestPki.Instance.ClientCa.ExportCertificatePem() + "\n" + listed.ExportCertificatePem() + "\n" + unlisted.ExportCertificatePem()
            + "\n" + otherCase.ExportCertificatePem());
        home.WriteToml("""
            [intermediate_cert_validation]
            enable = true
            cert_cns = ["wso2is.org"]
            exempt_contexts = ["dcr"]
            """);
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        var ok = await host.GetAsync("/scim2/Me", Leaf(listed, "bob"));
        Assert.Equal(200, ok.Status);
        Assert.Equal("bob", JsonDocument.Parse(ok.Body).RootElement.GetProperty("userName").GetString());

        Assert.Equal(401, (await host.GetAsync("/scim2/Me", Leaf(unlisted, "bob"))).Status);
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", Leaf(listed, "ghost"))).Status);
        // The product's List.contains compares cert_cns case-sensitively.
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", Leaf(otherCase, "bob"))).Status);
    }

    private static X509Certificate2 Intermediate(string cn) =>
        TestPki.IssueIntermediate(TestPki.Instance.ClientCa, $"CN={cn}, O=Intermediates");

    private static X509Certificate2 Leaf(X509Certificate2 intermediate, string cn) =>
        TestPki.Issue(intermediate, $"CN={cn}", server: false, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7));
}
