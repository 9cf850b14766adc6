using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using CompatHost.Host.Security;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Security;

/// <summary>Each proxy's encoding of the forwarded certificate (and chain) decodes to the same certificate.</summary>
public sealed class ForwardedCertificateParserTests
{
    private static readonly X509Certificate2 Leaf = TestPki.Instance.Client("alice");
    private static readonly X509Certificate2 Ca = TestPki.Instance.ClientCa;

    public static TheoryData<ForwardedCertificateFormat, string, string?> Encodings => new()
    {
        { ForwardedCertificateFormat.PemUrlEncoded, Uri.EscapeDataString(Leaf.ExportCertificatePem() + "\n"), Uri.EscapeDataString(Ca.ExportCertificatePem()) },
        { ForwardedCertificateFormat.Base64Der, Convert.ToBase64String(Leaf.RawData), Convert.ToBase64String(Ca.RawData) },
        { ForwardedCertificateFormat.Base64Der, Leaf.ExportCertificatePem(), null },
        { ForwardedCertificateFormat.Rfc9440, $":{Convert.ToBase64String(Leaf.RawData)}:", $":{Convert.ToBase64String(Ca.RawData)}:" },
        {
            ForwardedCertificateFormat.Xfcc,
            $"By=spiffe://a;Hash=00;Cert=\"{Uri.EscapeDataString(TestPki.Instance.Client("bob").ExportCertificatePem())}\"," +
            $"By=spiffe://b;Hash=11;Cert=\"{Uri.EscapeDataString(Leaf.ExportCertificatePem())}\";Chain=\"{Uri.EscapeDataString(Ca.ExportCertificatePem())}\"",
            null
        },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decodes_TheNearestProxysCertificate_AndTheChain(ForwardedCertificateFormat format, string value, string? chain)
    {
        var parsed = ForwardedCertificateParser.Parse(format, value, chain, out var error);

        Assert.True(parsed is not null, error);
        Assert.Equal(Leaf.Thumbprint, parsed.Value.Certificate.Thumbprint);
        if (chain is not null || format == ForwardedCertificateFormat.Xfcc)
        {
            Assert.Equal(Ca.Thumbprint, Assert.Single(parsed.Value.Chain).Thumbprint);
        }
    }

    [Theory]
    [InlineData(ForwardedCertificateFormat.PemUrlEncoded, "-----BEGIN%20CERTIFICATE-----%0Agarbage")]
    [InlineData(ForwardedCertificateFormat.Base64Der, "not base64!")]
    [InlineData(ForwardedCertificateFormat.Rfc9440, "TUlJ")]
    [InlineData(ForwardedCertificateFormat.Xfcc, "By=spiffe://a;Hash=00")]
    public void Garbage_IsAnError_NotAnException(ForwardedCertificateFormat format, string value)
    {
        Assert.Null(ForwardedCertificateParser.Parse(format, value, null, out var error));
        Assert.NotEmpty(error);
    }
}
