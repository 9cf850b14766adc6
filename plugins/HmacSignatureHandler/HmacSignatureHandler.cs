using CompatHost.Samples.Hmac.Core;
using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;

namespace CompatHost.Samples.Hmac;

/// <summary>
/// Sample drop-in with a private dependency: a request signed with a per-user shared secret.
/// Headers: <c>X-Signature: user:signature</c> and <c>X-Date</c> (ISO 8601, within 5 minutes).
/// Configure <c>[event.default_listener.hmac_signature_handler.config] alice = "shared secret"</c>.
/// </summary>
public sealed class HmacSignatureHandler(IUserDirectory users, TimeProvider time) : IAuthenticationHandler
{
    public string Id => "hmac_signature_handler";

    public string Name => "HmacSignature";

    public int DefaultPriority => 60;

    public HandlerChains Chains => HandlerChains.Rest;

    public bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration) =>
        request.Header("X-Signature") is not null;

    public async ValueTask<HandlerResult> AuthenticateAsync(
        AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken)
    {
        var header = request.Header("X-Signature")!;
        var colon = header.IndexOf(':');
        var date = request.Header("X-Date");
        if (colon <= 0 || date is null)
        {
            return HandlerResult.Failure("X-Signature must be user:signature, with an X-Date header");
        }

        var username = header[..colon];
        if (configuration.Parameter(username) is not { } secret
            || !RequestSignature.Verify(secret, request.Method, request.Path, date, header[(colon + 1)..], time.GetUtcNow()))
        {
            return HandlerResult.Failure("signature does not verify, or its date is stale");
        }

        return QualifiedUserName.TryParse(username, out var user) && await users.FindAsync(user, cancellationToken) is { Locked: false } account
            ? HandlerResult.Success(account.UserName)
            : HandlerResult.Failure($"signed for '{username}', who does not exist");
    }
}
