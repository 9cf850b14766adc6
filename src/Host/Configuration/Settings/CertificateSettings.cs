using System.Net;

namespace CompatHost.Host.Configuration;

/// <summary>How a trusted proxy encodes the client certificate it forwards.</summary>
public enum ForwardedCertificateFormat
{
    /// <summary>nginx <c>$ssl_client_escaped_cert</c>: the PEM, URL-encoded.</summary>
    PemUrlEncoded,

    /// <summary>The DER certificate in base64, or a PEM (the product's own OAuth header takes both).</summary>
    Base64Der,

    /// <summary>RFC 9440 <c>Client-Cert</c>: a structured-field byte sequence, <c>:base64:</c>.</summary>
    Rfc9440,

    /// <summary>Envoy <c>X-Forwarded-Client-Cert</c>: the URL-encoded PEM in its <c>Cert=</c> element (and <c>Chain=</c>).</summary>
    Xfcc,
}

/// <summary>
/// <c>[client_certificate_forwarding]</c> (a host extension): which connections may hand over
/// a client certificate a proxy verified, in which header and encoding. <see cref="ProductOAuthHeader"/>
/// is the product's own <c>MutualTLS.ClientCertificateHeader</c> from identity.xml.
/// </summary>
public sealed record ClientCertificateForwardingSettings(
    bool Enabled,
    IReadOnlyList<IPNetwork> TrustedProxies,
    string Header,
    ForwardedCertificateFormat Format,
    string? ChainHeader,
    string? ProductOAuthHeader)
{
    public static readonly ClientCertificateForwardingSettings Disabled =
        new(false, [IPNetwork.Parse("127.0.0.1/32")], "X-Client-Cert", ForwardedCertificateFormat.PemUrlEncoded, null, null);

    public bool IsTrustedProxy(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return TrustedProxies.Any(n => n.Contains(plain));
    }

    /// <summary>Every header that can carry a forwarded certificate: all are stripped from anyone else.</summary>
    public IEnumerable<string> AllHeaders()
    {
        yield return Header;
        if (ChainHeader is { } chain)
        {
            yield return chain;
        }

        if (ProductOAuthHeader is { } oauth)
        {
            yield return oauth;
        }
    }
}

public enum RevocationMode
{
    Off,
    Crl,
    Ocsp,
    OcspThenCrl,
}

/// <summary><c>[client_certificate_revocation]</c> (a host extension). CRL paths are absolute.</summary>
public sealed record RevocationSettings(RevocationMode Mode, IReadOnlyList<string> CrlFiles, TimeSpan OcspTimeout, bool FailOpen)
{
    public static readonly RevocationSettings Off = new(RevocationMode.Off, [], TimeSpan.FromMilliseconds(2000), false);

    public bool UsesOcsp => Mode is RevocationMode.Ocsp or RevocationMode.OcspThenCrl;

    public bool UsesCrl => Mode is RevocationMode.Crl or RevocationMode.OcspThenCrl;
}

/// <summary>The certificate sections of deployment.toml that are ours, not the product's.</summary>
public sealed record CertificateSettings(ClientCertificateForwardingSettings Forwarding, RevocationSettings Revocation)
{
    public static readonly CertificateSettings Default = new(ClientCertificateForwardingSettings.Disabled, RevocationSettings.Off);
}
