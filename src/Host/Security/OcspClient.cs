using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace CompatHost.Host.Security;

public enum RevocationStatus
{
    Good,
    Revoked,
    Unknown,
}

/// <summary>
/// Asks the OCSP responder named in a certificate's Authority Information Access (RFC 6960)
/// itself, with our own HttpClient and a hard timeout, instead of X509Chain's online mode:
/// that fetches synchronously on the calling thread with timeouts we do not control. Good and
/// revoked answers are cached until the responder's nextUpdate; failures for a few seconds, so
/// a dead responder costs one timeout per certificate, not one per request.
/// </summary>
public sealed class OcspClient(TimeProvider time)
{
    private const string OcspAccessMethod = "1.3.6.1.5.5.7.48.1";
    private const string OcspSigningUsage = "1.3.6.1.5.5.7.3.9";
    private const int MaxCached = 10_000;
    private static readonly TimeSpan FailureCaching = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (RevocationStatus Status, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<(RevocationStatus, string)>>> _inFlight = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public bool TryGetCached(X509Certificate2 certificate, out RevocationStatus status)
    {
        if (_cache.TryGetValue(certificate.Thumbprint, out var entry) && entry.Until > time.GetUtcNow())
        {
            status = entry.Status;
            return true;
        }

        status = RevocationStatus.Unknown;
        return false;
    }

    /// <summary>The responder's answer for <paramref name="certificate"/>; never throws, never waits past <paramref name="timeout"/>.</summary>
    public async Task<(RevocationStatus Status, string Detail)> CheckAsync(X509Certificate2 certificate, X509Certificate2 issuer,
        TimeSpan timeout, CancellationToken cancellation)
    {
        if (TryGetCached(certificate, out var cached))
        {
            return (cached, "cached answer");
        }

        // Concurrent first checks of one certificate (a client opening several connections at
        // once) share one question, so a slow responder is asked once, not once per connection.
        var question = _inFlight.GetOrAdd(certificate.Thumbprint,
            _ => new Lazy<Task<(RevocationStatus, string)>>(() => AskOnceAsync(certificate, issuer, timeout)));
        return await question.Value.WaitAsync(cancellation);
    }

    private async Task<(RevocationStatus, string)> AskOnceAsync(X509Certificate2 certificate, X509Certificate2 issuer, TimeSpan timeout)
    {
        try
        {
            var (status, detail, until) = await AskAsync(certificate, issuer, timeout);
            if (_cache.Count >= MaxCached)
            {
                _cache.Clear();
            }

            _cache[certificate.Thumbprint] = (status, until ?? time.GetUtcNow() + FailureCaching);
            return (status, detail);
        }
        finally
        {
            _inFlight.TryRemove(certificate.Thumbprint, out _);
        }
    }

    private async Task<(RevocationStatus, string, DateTimeOffset?)> AskAsync(X509Certificate2 certificate, X509Certificate2 issuer, TimeSpan timeout)
    {
        var url = ResponderUrl(certificate);
        if (url is null)
        {
            return (RevocationStatus.Unknown, "the certificate names no OCSP responder", null);
        }

        var bcIssuer = new BcCertificate(issuer.RawData);
        var id = new CertificateID(CertificateID.DigestSha1, bcIssuer, new BigInteger(certificate.SerialNumber, 16));
        var generator = new OcspReqGenerator();
        generator.AddRequest(id);
        using var content = new ByteArrayContent(generator.Generate().GetEncoded());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        // A timer, not a waiting thread, ends a responder that does not answer.
        using var deadline = new CancellationTokenSource(timeout);
        byte[] body;
        try
        {
            using var response = await _http.PostAsync(url, content, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (RevocationStatus.Unknown, $"responder {url} answered HTTP {(int)response.StatusCode}", null);
            }

            body = await response.Content.ReadAsByteArrayAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return (RevocationStatus.Unknown, $"responder {url} did not answer within {timeout.TotalMilliseconds:0} ms", null);
        }
        catch (HttpRequestException ex)
        {
            return (RevocationStatus.Unknown, $"responder {url} unreachable: {ex.Message}", null);
        }

        return Read(body, id, bcIssuer, url);
    }

    private (RevocationStatus, string, DateTimeOffset?) Read(byte[] body, CertificateID id, BcCertificate issuer, Uri url)
    {
        try
        {
            var response = new OcspResp(body);
            if (response.Status != OcspRespStatus.Successful || response.GetResponseObject() is not BasicOcspResp basic)
            {
                return (RevocationStatus.Unknown, $"responder {url} answered status {response.Status}", null);
            }

            if (!SignedByIssuerOrItsDelegate(basic, issuer))
            {
                return (RevocationStatus.Unknown, $"responder {url} answer is not signed by the issuer or a responder it delegated to", null);
            }

            var now = time.GetUtcNow().UtcDateTime;
            foreach (var single in basic.Responses.Where(r => r.GetCertID().Equals(id)))
            {
                if (single.ThisUpdate > now + ClockSkew || single.NextUpdate is { } stale && stale < now - ClockSkew)
                {
                    return (RevocationStatus.Unknown, $"responder {url} answer is not current", null);
                }

                DateTimeOffset? until = single.NextUpdate is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null;
                return single.GetCertStatus() switch
                {
                    null => (RevocationStatus.Good, "good", until),
                    RevokedStatus revoked => (RevocationStatus.Revoked, $"revoked at {revoked.RevocationTime:u}", until),
                    _ => (RevocationStatus.Unknown, "the responder does not know the certificate", null),
                };
            }

            return (RevocationStatus.Unknown, $"responder {url} answer does not cover the certificate", null);
        }
        catch (Exception ex) when (ex is OcspException or IOException or Org.BouncyCastle.Asn1.Asn1Exception or ArgumentException
                                       or InvalidCastException or Org.BouncyCastle.Security.GeneralSecurityException)
        {
            return (RevocationStatus.Unknown, $"responder {url} answer unreadable: {ex.Message}", null);
        }
    }

    /// <summary>RFC 6960 §4.2.2.2: the CA itself, or a certificate it issued for OCSP signing.</summary>
    private static bool SignedByIssuerOrItsDelegate(BasicOcspResp basic, BcCertificate issuer)
    {
        if (basic.Verify(issuer.GetPublicKey()))
        {
            return true;
        }

        return basic.GetCerts().Any(responder =>
            responder.IssuerDN.Equivalent(issuer.SubjectDN)
            && responder.IsSignatureValid(issuer.GetPublicKey())
            && responder.GetExtendedKeyUsage()?.Any(u => u.Id == OcspSigningUsage) == true
            && basic.Verify(responder.GetPublicKey()));
    }

    private static Uri? ResponderUrl(X509Certificate2 certificate)
    {
        var access = certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().FirstOrDefault();
        var url = access?.EnumerateUris(OcspAccessMethod).FirstOrDefault();
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
    }
}
