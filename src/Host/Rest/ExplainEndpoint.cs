using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.Security;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Rest;

/// <summary>
/// <c>POST /api/compathost/v1/explain</c>: the administrator's form of <c>CompatHost explain</c>
/// (a host extension; its built-in rule asks for <c>/permission/admin/monitor/explain</c>).
/// </summary>
public static class ExplainEndpoint
{
    public const string Path = "/api/compathost/v1/explain";

    public sealed record ExplainRequest(string? Method, string? Path, Dictionary<string, string>? Headers, string? Certificate);

    public static async Task<IResult> PostAsync(ExplainRequest body, SettingsStore store, RequestExplainer explainer,
        ClientCertificateVerifier verifier, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Method) || body.Path is not ['/', ..])
        {
            return Results.BadRequest(new { error = "method and a path starting with '/' are required" });
        }

        X509Certificate2? certificate = null;
        if (!string.IsNullOrWhiteSpace(body.Certificate))
        {
            try
            {
                certificate = X509Certificate2.CreateFromPem(body.Certificate);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                return Results.BadRequest(new { error = "certificate is not a PEM certificate: " + ex.Message });
            }
        }

        return Results.Json(await ExplainCertificate.ExplainAsync(explainer, verifier, store.Active, body.Method, body.Path,
            body.Headers ?? [], certificate, cancellationToken));
    }
}

/// <summary>Verifies an offered certificate as the handshake would, then explains; shared by the CLI and the endpoint.</summary>
public static class ExplainCertificate
{
    public static async Task<Explanation> ExplainAsync(RequestExplainer explainer, ClientCertificateVerifier verifier, ActiveSettings active,
        string method, string path, IReadOnlyDictionary<string, string> headers, X509Certificate2? certificate, CancellationToken cancellationToken)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        if (certificate is not null && await verifier.VerifyAsync(certificate, null, cancellationToken) is { Ok: false } refused)
        {
            // The handshake would have refused it: no handler would ever see it.
            return new Explanation(method.ToUpperInvariant(), path, null, "(not reached)", "TLS handshake", [], null, null,
                "certificate refused at the TLS handshake: " + refused.Reason, 401, null);
        }

        return await explainer.ExplainAsync(active, method, path, dictionary, certificate, cancellationToken);
    }
}
