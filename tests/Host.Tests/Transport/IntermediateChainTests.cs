using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Transport;

/// <summary>
/// Paths built as JSSE builds them: the truststore holds only the root; a client whose
/// certificate an intermediate CA issued sends leaf + intermediate, and the host uses what it
/// sent to reach the root. What a client sends is never itself trusted.
/// </summary>
public sealed class IntermediateChainTests(IntermediateChainTests.HostFixture fixture) : IClassFixture<IntermediateChainTests.HostFixture>
{
    private const string IntermediateDn = "CN=Issuing CA 1, OU=Clients, O=WSO2, C=LK";

    private static readonly X509Certificate2 Intermediate = TestPki.IssueIntermediate(TestPki.Instance.ClientCa, IntermediateDn);

    private static readonly X509Certificate2 Leaf = IssueLeaf(Intermediate, "CN=bob, O=WSO2");

    [Fact]
    public async Task LeafSentWithItsIntermediate_ChainsToTheRoot_AndTheMappingOnTheIntermediateDnApplies()
    {
        fixture.Host.Reconfigure(fixture.Home, SystemMappingOnTheIntermediate("alice"));

        var (status, body) = await fixture.Host.GetSendingChainAsync("/scim2/Me", Leaf, [Intermediate]);

        Assert.Equal(200, status);
        Assert.Equal("alice", JsonDocument.Parse(body).RootElement.GetProperty("userName").GetString());
    }

    [Fact]
    public async Task UserMapping_KeyedOnTheIntermediateDn_TakesTheHeaderUser()
    {
        fixture.Host.Reconfigure(fixture.Home, $"""
            [client_certificate_based_authentication]
            enable = true
            [[client_certificate_based_authentication.user_thumbprint_mapping]]
            trusted_issuer = "{IntermediateDn}"
            cert_thumbprint = "{TestPki.Fingerprint(Leaf)}"
            allowed_username = ["bob"]
            """);

        var (status, body) = await fixture.Host.GetSendingChainAsync("/scim2/Me", Leaf, [Intermediate], ("WSO2-Identity-User", "bob"));

        Assert.Equal(200, status);
        Assert.Equal("bob", JsonDocument.Parse(body).RootElement.GetProperty("userName").GetString());
    }

    [Fact]
    public async Task IntermediateCertValidation_TakesTheSubjectCn_WhenTheSentIntermediatesCnIsListed()
    {
        fixture.Host.Reconfigure(fixture.Home, """
            [intermediate_cert_validation]
            enable = true
            cert_cns = ["Issuing CA 1"]
            """);

        var (status, body) = await fixture.Host.GetSendingChainAsync("/scim2/Me", Leaf, [Intermediate]);

        Assert.Equal(200, status);
        Assert.Equal("bob", JsonDocument.Parse(body).RootElement.GetProperty("userName").GetString());
    }

    [Fact]
    public async Task LeafWithoutItsIntermediate_IsRefusedInTheHandshake()
    {
        fixture.Host.Reconfigure(fixture.Home, SystemMappingOnTheIntermediate("alice"));

        var (status, body) = await fixture.Host.GetAsync("/scim2/Me", Leaf);

        Assert.Equal(401, status);
        Assert.StartsWith("TLS handshake refused", body);
    }

    [Fact]
    public async Task ForgedIntermediate_WithTheTrustedName_SentByTheClient_IsNeverAnAnchor()
    {
        fixture.Host.Reconfigure(fixture.Home, SystemMappingOnTheIntermediate("alice"));
        var forged = TestPki.SelfSignedCa(IntermediateDn);
        var forgedLeaf = IssueLeaf(forged, "CN=bob, O=WSO2");

        var (status, body) = await fixture.Host.GetSendingChainAsync("/scim2/Me", forgedLeaf, [forged]);

        Assert.Equal(401, status);
        Assert.StartsWith("TLS handshake refused", body);
    }

    [Fact]
    public async Task ForgedRoot_WithTheTrustedRootsName_SentByTheClient_IsNeverAnAnchor()
    {
        fixture.Host.Reconfigure(fixture.Home, SystemMappingOnTheIntermediate("alice"));
        var forgedRoot = TestPki.SelfSignedCa(TestPki.Instance.ClientCa.Subject);
        var forgedIntermediate = TestPki.IssueIntermediate(forgedRoot, IntermediateDn);
        var forgedLeaf = IssueLeaf(forgedIntermediate, "CN=bob, O=WSO2");

        var (status, _) = await fixture.Host.GetSendingChainAsync("/scim2/Me", forgedLeaf, [forgedIntermediate, forgedRoot]);

        Assert.Equal(401, status);
    }

    private static string SystemMappingOnTheIntermediate(string user) => TestToml.AnyCertificateFrom(IntermediateDn, user);

    private static X509Certificate2 IssueLeaf(X509Certificate2 issuer, string subject) =>
        TestPki.Issue(issuer, subject, server: false, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7));

    /// <summary>The default test home: its truststore holds the root (the test client CA) only.</summary>
    public sealed class HostFixture : SharedHostFixture;
}
