using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;

namespace CompatHost.Handlers.Basic;

/// <summary>
/// <c>Authorization: Basic base64(user:password)</c> (rest-auth.md: Basic). Every refusal —
/// malformed header, unknown user, wrong password, locked account — reads the same to the
/// client; only the log reason differs.
/// </summary>
// On the admin chain Basic is the last fixed fallback, after the session cookie (soap-auth.md).
[HandlerDefaults(LegacyNames = ["BasicAuthenticationHandler"], AdminFallbackOrder = 2)]
public sealed class BasicAuthenticationHandler(IUserDirectory users) : IAuthenticationHandler
{
    public const string HandlerName = "BasicAuthentication";

    public string Id => "basic_authentication_handler";

    public string Name => HandlerName;

    public int DefaultPriority => 100;

    // On the admin chain Basic is a fixed fallback after the authenticators (soap-auth.md),
    // placed there by the host rather than by priority.
    public HandlerChains Chains => HandlerChains.Rest;

    /// <summary>
    /// The scheme word is case-sensitive, as the product's <c>AuthConfigurationUtil.isAuthHeaderMatch</c>
    /// compares it: <c>basic …</c> is no Basic header there, so nobody handles it (401).
    /// </summary>
    public bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration) =>
        request.Header("Authorization") is { } value && value.StartsWith(BasicCredentials.SchemePrefix, StringComparison.Ordinal);

    public async ValueTask<HandlerResult> AuthenticateAsync(
        AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken)
    {
        if (!BasicCredentials.TryParse(request.Header("Authorization")!, out var credentials, out var problem))
        {
            return HandlerResult.Failure(problem);
        }

        if (!QualifiedUserName.TryParse(credentials.UserName, out var user))
        {
            return HandlerResult.Failure("malformed user name in Basic credentials");
        }

        if (!await users.VerifyPasswordAsync(user, credentials.Password, cancellationToken))
        {
            return HandlerResult.Failure($"wrong credentials for '{user}' (unknown user, wrong password or locked)");
        }

        var account = await users.FindAsync(user, cancellationToken);
        return account is null
            ? HandlerResult.Failure($"user '{user}' vanished after verification")
            : HandlerResult.Success(account.UserName);
    }
}
