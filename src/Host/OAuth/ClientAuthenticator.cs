using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.OAuth.MutualTls;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CompatHost.Host.OAuth;

/// <summary>The authenticated client and how it authenticated.</summary>
public sealed record AuthenticatedClient(OAuthApplication Application, string Method);

/// <summary>A client-authenticated OAuth request: its form and per-request state, and the client or the answer refusing it.</summary>
public sealed record ClientRequest(IFormCollection Form, AuthRequestState State, AuthenticatedClient? Client, IResult? Refusal);

/// <summary>The outcome of client authentication: the client, or the refusal and its reason for the audit log.</summary>
public sealed record ClientAuthentication(AuthenticatedClient? Client, bool MoreThanOneMethod, string Problem)
{
    public IResult Refusal(HttpContext context) => MoreThanOneMethod
        ? OAuthErrors.Error("invalid_request", "The client MUST NOT use more than one authentication method in each request.")
        : OAuthErrors.InvalidClient(context);
}

/// <summary>
/// OAuth client authentication (oauth.md), run exactly once per request as the product's
/// OAuthClientAuthnService does: every method the request engages is counted and more than one is
/// <c>invalid_request</c> (RFC 6749 §2.3; the service's <c>failOnMultipleAuthenticators</c>). The
/// methods: <c>client_secret_basic</c> (Authorization: Basic), <c>client_secret_post</c>
/// (<c>client_secret</c> in the body), and — when MutualTLSClientAuthenticator is on — mutual TLS,
/// engaged, like the product's <c>canAuthenticate</c>, by <c>client_id</c> in the body plus a
/// verified TLS client certificate, whether or not a secret is also sent.
/// </summary>
public static class ClientAuthenticator
{
    /// <summary>
    /// The opening every client-authenticated endpoint (token, revocation) shares: the form, the
    /// request's state, and client authentication, a refusal recorded for the audit log.
    /// </summary>
    public static async Task<ClientRequest> ReadAsync(HttpContext context, IOAuthStore store, JwksCache jwks)
    {
        var state = context.Features.GetRequiredFeature<AuthRequestState>();
        var (form, notForm) = await OAuthErrors.ReadFormAsync(context);
        if (form is null)
        {
            return new ClientRequest(FormCollection.Empty, state, null, notForm);
        }

        var authentication = await AuthenticateAsync(context, form, store, state.Settings, jwks);
        if (authentication.Client is null)
        {
            state.Deny(authentication.Problem);
            return new ClientRequest(form, state, null, authentication.Refusal(context));
        }

        return new ClientRequest(form, state, authentication.Client, null);
    }

    private static async Task<ClientAuthentication> AuthenticateAsync(HttpContext context, IFormCollection form, IOAuthStore store,
        HostSettings settings, JwksCache jwks)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var basic = header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);
        var clientId = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        var certificate = context.Connection.ClientCertificate;
        var mutualTls = settings.Handlers[MutualTlsClientAuthenticatorSwitch.Descriptor.Id].Enabled && clientId.Length > 0 && certificate is not null;
        var engaged = (basic ? 1 : 0) + (secret.Length > 0 ? 1 : 0) + (mutualTls ? 1 : 0);
        if (engaged > 1)
        {
            return new ClientAuthentication(null, true, "more than one client authentication method in the request");
        }

        if (basic)
        {
            return await BySecretAsync(ReadBasic(header), store, "client_secret_basic", context.RequestAborted);
        }

        if (secret.Length > 0)
        {
            return await BySecretAsync((clientId, secret), store, "client_secret_post", context.RequestAborted);
        }

        if (!mutualTls)
        {
            return Refused(clientId.Length == 0 ? "no client credentials"
                : certificate is null ? "client_id without a secret or a client certificate"
                : "mutual-TLS client authentication is not enabled");
        }

        if (await store.FindApplicationAsync(clientId, context.RequestAborted) is not { HasCertificateMaterial: true } application)
        {
            return Refused("tls_client_auth: unknown client, or no registered certificate or JWKS URI");
        }

        return await CertificateMatcher.MismatchAsync(application, certificate!, jwks, context.RequestAborted) is { } mismatch
            ? Refused("tls_client_auth: " + mismatch)
            : new ClientAuthentication(new AuthenticatedClient(application, "tls_client_auth"), false, "");
    }

    private static ClientAuthentication Refused(string problem) => new(null, false, problem);

    private static async Task<ClientAuthentication> BySecretAsync((string Id, string Secret)? credentials, IOAuthStore store, string method,
        CancellationToken cancellationToken) =>
        credentials is { } c && c.Id.Length > 0 && await store.VerifySecretAsync(c.Id, c.Secret, cancellationToken)
            && await store.FindApplicationAsync(c.Id, cancellationToken) is { } application
            ? new ClientAuthentication(new AuthenticatedClient(application, method), false, "")
            : Refused($"{method}: unknown client or wrong secret");

    /// <summary>
    /// RFC 6749 §2.3.1: the client id and secret are form-encoded before they are put in the
    /// Basic value, so they are decoded after it is read.
    /// </summary>
    private static (string, string)? ReadBasic(string header) =>
        BasicCredentials.TryParse(header, out var credentials, out _)
            ? (Uri.UnescapeDataString(credentials.UserName), Uri.UnescapeDataString(credentials.Password))
            : null;
}
