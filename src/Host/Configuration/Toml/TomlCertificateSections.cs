using System.Net;
using CompatHost.Sdk.Configuration;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Reads <c>[client_certificate_forwarding]</c> and <c>[client_certificate_revocation]</c>, and
/// the product's OAuth client-certificate header from identity.xml.
/// </summary>
public static class TomlCertificateSections
{
    private const string Forwarding = "client_certificate_forwarding";
    private const string Revocation = "client_certificate_revocation";

    private static readonly (string Text, ForwardedCertificateFormat Value)[] Formats =
    [
        ("pem-urlencoded", ForwardedCertificateFormat.PemUrlEncoded), ("base64-der", ForwardedCertificateFormat.Base64Der),
        ("rfc9440", ForwardedCertificateFormat.Rfc9440), ("xfcc", ForwardedCertificateFormat.Xfcc),
    ];

    private static readonly (string Text, RevocationMode Value)[] Modes =
    [
        ("off", RevocationMode.Off), ("crl", RevocationMode.Crl), ("ocsp", RevocationMode.Ocsp), ("ocsp_then_crl", RevocationMode.OcspThenCrl),
    ];

    public static CertificateSettings Read(TomlDocument toml, ProductHome home, ConfigDiagnostics diagnostics) => new(
        ReadForwarding(toml, ProductOAuthHeader(home), diagnostics),
        HostSettingsLoader.Table(toml, Revocation, diagnostics, r => ReadRevocation(r, home)) ?? RevocationSettings.Off);

    private static ClientCertificateForwardingSettings ReadForwarding(TomlDocument toml, string? productHeader, ConfigDiagnostics diagnostics)
    {
        var defaults = ClientCertificateForwardingSettings.Disabled with { ProductOAuthHeader = productHeader };
        return HostSettingsLoader.Table(toml, Forwarding, diagnostics, r =>
        {
            var proxies = new List<IPNetwork>();
            foreach (var text in r.List("trusted_proxies") ?? ["127.0.0.1/32"])
            {
                if (IPNetwork.TryParse(text, out var network))
                {
                    proxies.Add(network);
                }
                else
                {
                    r.Error("trusted_proxies", $"\"{text}\" is not a CIDR such as \"10.0.0.0/8\" or \"127.0.0.1/32\"");
                }
            }

            var format = OneOf(r, "format", defaults.Format, Formats);
            var chain = r.String("chain_header");
            return new ClientCertificateForwardingSettings(r.Bool("enable") ?? false, proxies,
                HeaderName(r, "header") ?? defaults.Header, format,
                string.IsNullOrWhiteSpace(chain) ? null : HeaderName(r, "chain_header"), productHeader);
        }) ?? defaults;
    }

    /// <summary>One of the named values (case-insensitive); anything else is an error listing them.</summary>
    private static T OneOf<T>(TomlSectionReader r, string key, T fallback, (string Text, T Value)[] choices)
    {
        var text = r.String(key)?.Trim();
        if (text is null)
        {
            return fallback;
        }

        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        r.Error(key, $"expected {string.Join(", ", choices.Select(c => $"\"{c.Text}\""))}; found \"{text}\"");
        return fallback;
    }

    private static string? HeaderName(TomlSectionReader r, string key)
    {
        var name = r.String(key)?.Trim();
        if (name is not null && (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || c == ':')))
        {
            r.Error(key, $"\"{name}\" is not an HTTP header name");
            return null;
        }

        return name;
    }

    private static RevocationSettings ReadRevocation(TomlSectionReader r, ProductHome home)
    {
        var mode = OneOf(r, "mode", RevocationMode.Off, Modes);
        var files = (r.List("crl_files") ?? []).Select(f => Path.Combine(home.SecurityDir, f)).ToList();
        if (mode is RevocationMode.Crl or RevocationMode.OcspThenCrl && files.Count == 0)
        {
            r.Error("crl_files", $"mode \"{r.String("mode")}\" needs at least one CRL file (PEM or DER, under repository/resources/security)");
        }

        var timeout = r.Int("ocsp_timeout_ms") ?? 2000;
        if (timeout is < 1 or > 60000)
        {
            r.Error("ocsp_timeout_ms", "expected milliseconds from 1 to 60000");
        }

        return new RevocationSettings(mode, files, TimeSpan.FromMilliseconds(Math.Clamp(timeout, 1, 60000)), r.Bool("fail_open") ?? false);
    }

    /// <summary>
    /// The product's MutualTLSClientAuthenticator reads the certificate from the header named by
    /// identity.xml's <c>MutualTLS/ClientCertificateHeader</c> (identity-oauth-addons,
    /// MutualTLSClientAuthenticator.getCertificateFromHeader). Errors in the file are reported
    /// by the main identity.xml reader, so they are not collected twice here.
    /// </summary>
    private static string? ProductOAuthHeader(ProductHome home)
    {
        var doc = XmlConfigFile.Load(home.IdentityXml, new ConfigDiagnostics());
        var value = doc?.DescendantsNamed("MutualTLS").Select(e => e.Child("ClientCertificateHeader")?.Value.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return value;
    }
}
