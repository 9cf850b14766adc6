using System.Security.Cryptography;
using System.Text;
using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;

namespace CompatHost.Samples.ApiKey;

/// <summary>
/// Sample drop-in: <c>X-API-Key: KEY</c> authenticates as the user whose configured key it is.
/// Configure under <c>[event.default_listener.api_key_handler.config]</c> as
/// <c>username = "sha256-hex-of-key"</c>, so keys are not stored in clear in the config file.
/// </summary>
public sealed class ApiKeyHandler(IUserDirectory users) : IAuthenticationHandler
{
    public const string HeaderName = "X-API-Key";

    public string Id => "api_key_handler";

    public string Name => "ApiKey";

    public int DefaultPriority => 50;

    public HandlerChains Chains => HandlerChains.Both;

    public bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration) =>
        request.Header(HeaderName) is not null;

    public async ValueTask<HandlerResult> AuthenticateAsync(
        AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(request.Header(HeaderName)!));
        foreach (var (username, expectedHex) in configuration.Parameters)
        {
            byte[] expected;
            try
            {
                expected = Convert.FromHexString(expectedHex.Trim());
            }
            catch (FormatException)
            {
                continue;
            }

            if (CryptographicOperations.FixedTimeEquals(presented, expected)
                && QualifiedUserName.TryParse(username, out var user)
                && await users.FindAsync(user, cancellationToken) is { Locked: false } account)
            {
                return HandlerResult.Success(account.UserName);
            }
        }

        return HandlerResult.Failure("API key matches no configured user");
    }
}
