using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Security;

/// <summary>
/// First in the pipeline, so every consumer (REST chain, SOAP MutualSSL, OAuth mutual-TLS
/// client authentication) sees one verified client certificate through the connection's
/// <see cref="ITlsConnectionFeature"/>:
/// <list type="bullet">
/// <item>a certificate forwarded by a trusted proxy is verified exactly as one from the handshake
/// and, if good, becomes the request's client certificate; on a trusted proxy's connection
/// there is no other;</item>
/// <item>forwarding headers from anyone else, or while forwarding is off, are removed and logged;</item>
/// <item>a handshake certificate is checked against OCSP (cached until nextUpdate) before
/// anything runs, and the connection is dropped if it fails, as the handshake would have been.</item>
/// </list>
/// </summary>
public sealed class ClientCertificateMiddleware(RequestDelegate next, SettingsStore settings, ClientCertificateVerifier verifier,
    ILogger<ClientCertificateMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var forwarding = settings.Current.Certificates.Forwarding;
        if (forwarding.Enabled || AnyPresent(context.Request.Headers, forwarding))
        {
            return ForwardingAsync(context, forwarding);
        }

        // The usual request goes on without an async frame of its own unless its certificate's
        // revocation answer has to be awaited or refuses it.
        if (context.Connection.ClientCertificate is not { } direct)
        {
            return next(context);
        }

        var check = verifier.CheckAfterHandshakeAsync(direct, context.RequestAborted);
        if (!check.IsCompletedSuccessfully)
        {
            return DirectAsync(context, direct, check);
        }

        var (ok, reason) = check.Result;
        return ok ? next(context) : Refuse(context, direct, reason);
    }

    private async Task ForwardingAsync(HttpContext context, ClientCertificateForwardingSettings forwarding)
    {
        var remote = context.Connection.RemoteIpAddress;
        var headers = context.Request.Headers;
        var present = Present(headers, forwarding);
        if (forwarding.Enabled && forwarding.IsTrustedProxy(remote))
        {
            // From a proxy the client certificate is the forwarded one or none: the proxy's own
            // connection certificate (nginx proxy_ssl_certificate) is never taken for the client's.
            var forwarded = present is not null ? await ForwardedAsync(context, forwarding) : null;
            Remove(headers, present);
            context.Features.Set<ITlsConnectionFeature>(new ForwardedClientCertificate(forwarded));
            await next(context);
            return;
        }

        if (present is not null)
        {
            logger.LogWarning("Removed client-certificate header(s) {Headers} from {Remote}: {Why}", string.Join(", ", present), remote,
                forwarding.Enabled ? "not a trusted proxy" : "[client_certificate_forwarding] is off");
            Remove(headers, present);
        }

        if (context.Connection.ClientCertificate is { } direct)
        {
            await DirectAsync(context, direct, verifier.CheckAfterHandshakeAsync(direct, context.RequestAborted));
        }
        else
        {
            await next(context);
        }
    }

    private async Task DirectAsync(HttpContext context, X509Certificate2 direct, ValueTask<(bool Ok, string Reason)> check)
    {
        var (ok, reason) = await check;
        await (ok ? next(context) : Refuse(context, direct, reason));
    }

    /// <summary>Drops the connection, as a failed handshake would have.</summary>
    private Task Refuse(HttpContext context, X509Certificate2 direct, string reason)
    {
        logger.LogWarning("Client certificate {Subject} from {Remote} refused after the handshake: {Reason}", direct.Subject,
            context.Connection.RemoteIpAddress, reason);
        context.Abort();
        return Task.CompletedTask;
    }

    private static bool AnyPresent(IHeaderDictionary headers, ClientCertificateForwardingSettings forwarding) =>
        headers.ContainsKey(forwarding.Header)
        || (forwarding.ChainHeader is { } chain && headers.ContainsKey(chain))
        || (forwarding.ProductOAuthHeader is { } oauth && headers.ContainsKey(oauth));

    /// <summary>The forwarding headers the request carries, or null.</summary>
    private static List<string>? Present(IHeaderDictionary headers, ClientCertificateForwardingSettings forwarding)
    {
        List<string>? present = null;
        foreach (var name in forwarding.AllHeaders())
        {
            if (headers.ContainsKey(name))
            {
                (present ??= []).Add(name);
            }
        }

        return present;
    }

    private static void Remove(IHeaderDictionary headers, List<string>? names)
    {
        foreach (var name in names ?? [])
        {
            headers.Remove(name);
        }
    }

    private async Task<X509Certificate2?> ForwardedAsync(HttpContext context, ClientCertificateForwardingSettings forwarding)
    {
        var headers = context.Request.Headers;
        // The product's own OAuth header carries base64 DER or PEM, whatever the configured format.
        var (value, format) = headers.TryGetValue(forwarding.Header, out var configured)
            ? (configured.ToString(), forwarding.Format)
            : (forwarding.ProductOAuthHeader is { } oauth ? headers[oauth].ToString() : "", ForwardedCertificateFormat.Base64Der);
        if (value.Length == 0)
        {
            return null;
        }

        var chain = forwarding.ChainHeader is { } chainHeader && headers.TryGetValue(chainHeader, out var chainValue) ? chainValue.ToString() : null;
        var parsed = ForwardedCertificateParser.Parse(format, value, chain, out var error);
        var (ok, reason) = parsed is { } p ? await verifier.VerifyAsync(p.Certificate, p.Chain, context.RequestAborted) : (false, error);
        if (!ok)
        {
            logger.LogWarning("Forwarded client certificate {Subject} from proxy {Remote} refused: {Reason}",
                parsed?.Certificate.Subject ?? "(undecodable)", context.Connection.RemoteIpAddress, reason);
            return null;
        }

        return parsed!.Value.Certificate;
    }
}

/// <summary>The client certificate a trusted proxy forwarded (verified), or none.</summary>
file sealed class ForwardedClientCertificate(X509Certificate2? certificate) : ITlsConnectionFeature
{
    public X509Certificate2? ClientCertificate
    {
        get => certificate;
        set => throw new NotSupportedException("the forwarded client certificate is fixed for the request");
    }

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(certificate);
}
