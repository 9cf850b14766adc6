using System.Buffers.Text;
using System.Text;
using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;

namespace CompatHost.Handlers.Basic;

/// <summary>
/// <c>Authorization: Basic base64(user:password)</c> (rest-auth.md: Basic). Every refusal —
/// malformed header, unknown user, wrong password, locked account — reads the same to the
/// client; only the log reason differs.
/// </summary>
public sealed class BasicAuthenticationHandler(IUserDirectory users) : IAuthenticationHandler
{
    public const string HandlerName = "BasicAuthentication";
    private const string SchemePrefix = "Basic ";
    private const int MaxHeaderLength = 4096;

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
        request.Header("Authorization") is { } value && value.StartsWith(SchemePrefix, StringComparison.Ordinal);

    public async ValueTask<HandlerResult> AuthenticateAsync(
        AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken)
    {
        if (!TryReadCredentials(request.Header("Authorization")!, out var username, out var password, out var problem))
        {
            return HandlerResult.Failure(problem);
        }

        if (!QualifiedUserName.TryParse(username, out var user))
        {
            return HandlerResult.Failure("malformed user name in Basic credentials");
        }

        if (!await users.VerifyPasswordAsync(user, password, cancellationToken))
        {
            return HandlerResult.Failure($"wrong credentials for '{user}' (unknown user, wrong password or locked)");
        }

        var account = await users.FindAsync(user, cancellationToken);
        return account is null
            ? HandlerResult.Failure($"user '{user}' vanished after verification")
            : HandlerResult.Success(account.UserName);
    }

    private static bool TryReadCredentials(string header, out string username, out string password, out string problem)
    {
        username = password = problem = "";
        // One space after the scheme: the product splits on " " and wants exactly two parts.
        var encoded = header.AsSpan(SchemePrefix.Length).TrimEnd();
        if (encoded.Length > 0 && char.IsWhiteSpace(encoded[0]))
        {
            problem = "malformed Basic header: more than one space after the scheme";
            return false;
        }

        if (encoded.Length == 0 || encoded.Length > MaxHeaderLength || !Base64.IsValid(encoded, out var length))
        {
            problem = "malformed Basic header: not base64";
            return false;
        }

        var bytes = new byte[length];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var written))
        {
            problem = "malformed Basic header: not base64";
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            problem = "malformed Basic header: not UTF-8";
            return false;
        }

        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            problem = colon == 0 ? "empty user name in Basic credentials" : "malformed Basic header: no colon";
            return false;
        }

        username = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }
}
