using System.Security.Cryptography.X509Certificates;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CompatHost.Sdk.Handlers;

/// <summary>
/// The protocol-neutral, read-only view every handler sees, on the REST and SOAP chains alike.
/// </summary>
public sealed class AuthenticationRequest
{
    private readonly IHeaderDictionary _headers;

    public AuthenticationRequest(
        HandlerChains chain,
        string method,
        string path,
        IPAddress? remoteAddress,
        IHeaderDictionary headers,
        X509Certificate2? verifiedClientCertificate,
        SoapHeaders soapHeaders,
        ISettingsSnapshot settings)
    {
        Chain = chain;
        Method = method;
        Path = path;
        RemoteAddress = remoteAddress;
        _headers = headers;
        VerifiedClientCertificate = verifiedClientCertificate;
        SoapHeaders = soapHeaders;
        Settings = settings;
    }

    public HandlerChains Chain { get; }

    public string Method { get; }

    public string Path { get; }

    public IPAddress? RemoteAddress { get; }

    /// <summary>
    /// The client certificate only when the TLS layer verified it against the client truststore
    /// and its validity period; otherwise null. An unverified certificate is never exposed.
    /// </summary>
    public X509Certificate2? VerifiedClientCertificate { get; }

    /// <summary>SOAP headers of the envelope (SOAP chain only; empty on REST).</summary>
    public SoapHeaders SoapHeaders { get; }

    /// <summary>The config snapshot this request is decided under; fixed for the whole request.</summary>
    public ISettingsSnapshot Settings { get; }

    /// <summary>A header's value (case-insensitive name), or null when absent or empty.</summary>
    public string? Header(string name)
    {
        var values = _headers.TryGetValue(name, out StringValues found) ? found : StringValues.Empty;
        var value = values.Count == 0 ? null : values[0];
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public bool HasHeader(string name) => _headers.ContainsKey(name);
}
