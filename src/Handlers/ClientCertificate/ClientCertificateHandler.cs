using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;

namespace CompatHost.Handlers.ClientCertificate;

/// <summary>
/// Client-certificate authentication after the 2025 advisory (WSO2-2025-4494; rest-auth.md).
/// A verified certificate alone authenticates nobody: it must match a mapping for its issuer
/// and thumbprint, and the mapped user must exist.
/// </summary>
// The listener is on; certificates authenticate nobody until
// [client_certificate_based_authentication] enable = true (rest-auth.md).
[HandlerDefaults(LegacyNames = ["ClientCertificateBasedAuthenticationHandler"], SettingsReader = typeof(ClientCertificateSettingsReader))]
public sealed class ClientCertificateHandler(IUserDirectory users) : IAuthenticationHandler
{
    public const string HandlerName = "ClientCertificate";
    public const string UserHeader = "WSO2-Identity-User";

    public string Id => "client_certificate_authentication_handler";

    public string Name => HandlerName;

    public int DefaultPriority => 10;

    public HandlerChains Chains => HandlerChains.Rest;

    public bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration) =>
        request.VerifiedClientCertificate is not null
        && (request.Settings.Section<ClientCertificateSettings>().Enabled
            || request.Settings.Section<IntermediateCertSettings>().AppliesTo(request.Path));

    public async ValueTask<HandlerResult> AuthenticateAsync(
        AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken)
    {
        var facts = CertificateFacts.Of(request.VerifiedClientCertificate!);
        var intermediate = request.Settings.Section<IntermediateCertSettings>();
        if (intermediate.AppliesTo(request.Path))
        {
            return await ByIntermediateAsync(facts, intermediate, cancellationToken);
        }

        var settings = request.Settings.Section<ClientCertificateSettings>();
        var header = request.Header(UserHeader);
        var mappings = header is null ? settings.SystemMappings : settings.UserMappings;
        var kind = header is null ? "system" : "user";
        var mapping = MappingSelector.Select(mappings, facts);
        if (mapping is null)
        {
            return HandlerResult.Failure($"no {kind} mapping for issuer '{facts.Issuer}' and thumbprint {facts.Sha256}");
        }

        string username;
        if (header is not null)
        {
            if (!mapping.Allows(header))
            {
                return HandlerResult.Failure($"user mapping for issuer '{facts.Issuer}' does not allow '{header}'");
            }

            username = header;
        }
        else if (mapping.AllowsAnyUser)
        {
            return HandlerResult.SystemCaller($"system mapping '*' for issuer '{facts.Issuer}': trusted system caller");
        }
        else
        {
            username = mapping.AllowedUsers[0];
        }

        return await ExistingUserAsync(username, cancellationToken);
    }

    private async ValueTask<HandlerResult> ByIntermediateAsync(
        CertificateFacts facts, IntermediateCertSettings settings, CancellationToken cancellationToken)
    {
        var issuerCn = facts.Issuer.Get("CN");
        // Case-sensitive, as the product's List.contains (ClientCertificateBasedAuthenticationHandler).
        if (issuerCn is null || !settings.CertCns.Contains(issuerCn, StringComparer.Ordinal))
        {
            return HandlerResult.Failure($"issuer CN '{issuerCn}' is not one of the intermediate cert_cns");
        }

        var subjectCn = facts.Subject.Get("CN");
        return subjectCn is null
            ? HandlerResult.Failure("certificate subject has no CN")
            : await ExistingUserAsync(subjectCn, cancellationToken);
    }

    private async ValueTask<HandlerResult> ExistingUserAsync(string username, CancellationToken cancellationToken)
    {
        if (!QualifiedUserName.TryParse(username, out var user))
        {
            return HandlerResult.Failure($"'{username}' is not a valid user name");
        }

        var account = await users.FindAsync(user, cancellationToken);
        if (account is null || account.Locked)
        {
            return HandlerResult.Failure($"mapped user '{user}' does not exist or is locked");
        }

        return HandlerResult.Success(account.UserName);
    }
}
