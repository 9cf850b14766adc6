using System.Text;
using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Sdk.Certificates;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth;

/// <summary>The authenticated client, and the certificate thumbprint its tokens are bound to (mutual TLS only).</summary>
public sealed record AuthenticatedClient(OAuthApplication Application, string Method, string? BoundThumbprint);

/// <summary>
/// OAuth client authentication (oauth.md): <c>client_secret_basic</c>, <c>client_secret_post</c>,
/// and mutual TLS (MutualTLSClientAuthenticator, when its switch is on): <c>client_id</c> in the
/// body, no secret, and a verified client certificate equal to the application's registered one.
/// </summary>
public static class ClientAuthenticator
{
    public static AuthenticatedClient? Authenticate(HttpContext context, IFormCollection form, IOAuthStore store, HostSettings settings, out string problem)
    {
        problem = "";
        if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } header
            && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return BySecret(ReadBasic(header[6..].Trim()), store, "client_secret_basic", out problem);
        }

        var clientId = form["client_id"].ToString();
        if (form["client_secret"].ToString() is { Length: > 0 } secret)
        {
            return BySecret((clientId, secret), store, "client_secret_post", out problem);
        }

        if (clientId.Length == 0)
        {
            problem = "no client credentials";
            return null;
        }

        if (!settings.Handlers[HandlerCatalog.MutualTlsClientAuthenticator.Id].Enabled)
        {
            problem = "mutual-TLS client authentication is not enabled";
            return null;
        }

        var application = store.FindApplication(clientId);
        var certificate = context.Connection.ClientCertificate;
        if (application?.CertificateThumbprint is not { } registered || certificate is null)
        {
            problem = "no registered certificate or no client certificate presented";
            return null;
        }

        var presented = CertificateFacts.Of(certificate).Sha256.Hex;
        if (presented != registered)
        {
            problem = "client certificate is not the application's registered certificate";
            return null;
        }

        return new AuthenticatedClient(application, "tls_client_auth", presented);
    }

    private static AuthenticatedClient? BySecret((string Id, string Secret)? credentials, IOAuthStore store, string method, out string problem)
    {
        problem = "";
        if (credentials is not { } c || c.Id.Length == 0 || !store.VerifySecret(c.Id, c.Secret) || store.FindApplication(c.Id) is not { } application)
        {
            problem = $"{method}: unknown client or wrong secret";
            return null;
        }

        return new AuthenticatedClient(application, method, null);
    }

    private static (string, string)? ReadBasic(string encoded)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = text.IndexOf(':');
            return colon <= 0 ? null : (Uri.UnescapeDataString(text[..colon]), Uri.UnescapeDataString(text[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
