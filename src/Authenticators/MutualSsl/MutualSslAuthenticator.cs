using System.Text;
using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;

namespace CompatHost.Authenticators.MutualSsl;

/// <summary>
/// The product's MutualSSLAuthenticator for admin services (soap-auth.md): a verified client
/// certificate acts as the user named in a username header, within the whitelist and the
/// post-advisory issuer and thumbprint bindings.
/// </summary>
// soap-auth.md: enabled when configured and not disabled; unconfigured stays off.
[HandlerDefaults(LegacyNames = ["MutualSSLAuthenticator"], EnabledByDefault = false, ConfigurationCheck = typeof(MutualSslConfigurationCheck))]
public sealed class MutualSslAuthenticator(IUserDirectory users) : IAuthenticationHandler
{
    public string Id => "mutual_ssl_authenticator";

    public string Name => "MutualSSLAuthenticator";

    public int DefaultPriority => 5;

    public HandlerChains Chains => HandlerChains.SoapAdmin;

    public bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration)
    {
        if (request.HasHeader("Authorization") || request.VerifiedClientCertificate is null)
        {
            return false;
        }

        var header = MutualSslSettings.For(configuration).UsernameHeader;
        return request.Header(header) is not null
            || request.SoapHeaders.Find(MutualSslSettings.UsernameNamespace, header) is { Length: > 0 };
    }

    public async ValueTask<HandlerResult> AuthenticateAsync(
        AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken)
    {
        var settings = MutualSslSettings.For(configuration);
        if (settings.InitializationError is { } error)
        {
            return HandlerResult.Failure("MutualSSLAuthenticator not initialised: " + error);
        }

        var facts = CertificateFacts.Of(request.VerifiedClientCertificate!);
        var thumbprint = (settings.UseSha256 ? facts.Sha256 : facts.Sha1).Hex;
        if (settings.WhiteListEnabled && !settings.WhiteList.Contains(thumbprint))
        {
            return HandlerResult.Failure($"certificate {thumbprint} is not in the whitelist");
        }

        if (!TryReadUsername(request, settings.UsernameHeader, out var username))
        {
            return HandlerResult.Failure($"the {settings.UsernameHeader} HTTP header is not base64 of a UTF-8 user name");
        }

        var binding = BindingRefusal(settings, facts.Issuer, thumbprint, username);
        if (binding is not null)
        {
            return HandlerResult.Failure(binding);
        }

        if (!QualifiedUserName.TryParse(username, out var user) || await users.FindAsync(user, cancellationToken) is not { Locked: false } account)
        {
            return HandlerResult.Failure($"user '{username}' does not exist or is locked");
        }

        // A MutualSSL success is a login in the product (CarbonAuthenticationUtil.onSuccessAdminLogin).
        return HandlerResult.Success(account.UserName) with { StartsAdminSession = true };
    }

    /// <summary>The HTTP header carries base64 of the name (strict base64, whitespace aside); the SOAP header carries it as is.</summary>
    private static bool TryReadUsername(AuthenticationRequest request, string header, out string username)
    {
        username = "";
        if (request.Header(header) is { } encoded)
        {
            try
            {
                username = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(encoded.Trim()));
                return username.Length > 0;
            }
            catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
            {
                return false;
            }
        }

        // Untrimmed: the product compares the element's text as it is, so " admin" is not admin.
        username = request.SoapHeaders.Find(MutualSslSettings.UsernameNamespace, header) ?? "";
        return username.Length > 0;
    }

    /// <summary>
    /// The certificate-to-user binding of the patched product (mutual-ssl 5.5.2+,
    /// <c>MutualSSLAuthenticator.isValidCertificateBinding</c>); null when it allows the user.
    /// </summary>
    private static string? BindingRefusal(MutualSslSettings settings, DistinguishedName issuer, string thumbprint, string username)
    {
        if (settings.AllowedIssuers.Count == 0)
        {
            // A whitelist that passed is enough on its own; with neither, nobody gets in.
            return settings.WhiteListEnabled ? null : "no allowed_issuers and no enabled whitelist: the authenticator accepts nobody";
        }

        if (!settings.AllowedIssuers.Contains(issuer))
        {
            return $"issuer '{issuer}' is not in allowed_issuers";
        }

        // A thumbprint entry for this very certificate decides alone; the issuer's entry is not consulted.
        if (settings.ThumbprintUsers.TryGetValue(thumbprint, out var certificateUsers))
        {
            return MutualSslSettings.AllowsUser(certificateUsers, username)
                ? null
                : $"cert_thumbprint_{thumbprint} does not allow '{username}'";
        }

        return settings.IssuerUsers.TryGetValue(issuer, out var issuerUsers) && MutualSslSettings.AllowsUser(issuerUsers, username)
            ? null
            : $"no issuer_ or cert_thumbprint_ mapping lets certificate {thumbprint} act as '{username}'";
    }
}
