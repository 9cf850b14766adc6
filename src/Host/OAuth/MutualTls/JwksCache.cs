using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Users;

namespace CompatHost.Host.OAuth.MutualTls;

/// <summary>
/// Fetches applications' JWKS over HTTPS and keeps each good answer for <see cref="Lifetime"/>,
/// as the product's MutualTLSJWKSCache does (identity-oauth-addons,
/// <c>MutualTLSClientAuthenticator.getResourceContent</c>: cache first, then a retriever with
/// connect/read timeouts). Failures are not cached, and every failure — unreachable, slower than
/// <see cref="Timeout"/>, an untrusted server, a non-200, an oversized or malformed document —
/// comes back as a reason, never an exception, so the caller answers <c>invalid_client</c>.
/// The server must chain to the system's roots or to the host's truststore: the product's JVM
/// trusts its client truststore for outbound calls.
/// </summary>
public sealed class JwksCache : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(15);
    private const int MaxDocumentBytes = 512 * 1024;

    private readonly HttpClient _http;
    private readonly ExpiringCache<Uri, JsonWebKeySet> _sets;

    public JwksCache(X509Certificate2Collection trustAnchors, TimeProvider time, TimeSpan? timeout = null, TimeSpan? lifetime = null)
    {
        Timeout = timeout ?? DefaultTimeout;
        Lifetime = lifetime ?? DefaultLifetime;
        _sets = new ExpiringCache<Uri, JsonWebKeySet>(time, Lifetime, 1_000, "jwks");
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = Timeout,
            // A redirect could lead anywhere, including plain HTTP: the registered URI is the one trusted.
            AllowAutoRedirect = false,
            UseCookies = false,
            // A long-lived pool would keep a JWKS host's old address after its DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, chain, errors) => IsTrusted(trustAnchors, certificate, chain, errors) },
        };
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxDocumentBytes };
    }

    public TimeSpan Timeout { get; }

    public TimeSpan Lifetime { get; }

    /// <summary>The key set at <paramref name="uri"/>, from the cache while it lasts; null with the reason when it cannot be had.</summary>
    public async Task<(JsonWebKeySet? Keys, string Problem)> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (_sets.TryGet(uri, out var cached))
        {
            return (cached, "");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"JWKS endpoint {uri} answered {(int)response.StatusCode}");
            }

            var keys = JsonWebKeySet.Parse(await response.Content.ReadAsByteArrayAsync(deadline.Token), out var problem);
            if (keys is null)
            {
                return (null, $"JWKS endpoint {uri}: {problem}");
            }

            _sets.Set(uri, keys);
            return (keys, "");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"JWKS endpoint {uri} did not answer within {Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"JWKS endpoint {uri} could not be fetched: {ex.Message}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool IsTrusted(X509Certificate2Collection anchors, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only an unknown root may be rescued by the truststore; a wrong host name or no certificate may not.
        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainElements.Select(e => e.Certificate).ToArray());
        }

        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
