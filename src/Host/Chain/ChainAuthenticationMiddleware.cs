using CompatHost.Host.Storage;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Chain;

/// <summary>
/// Authentication for every request, where the framework's <c>UseAuthentication</c> would run:
/// the chain of the request's snapshot decides (once, into <see cref="AuthRequestState.Decision"/>)
/// and a success becomes <see cref="HttpContext.User"/>. A failure only leaves the user anonymous;
/// <see cref="Access.ResourceRuleMiddleware"/> then answers it. A plain middleware rather than an
/// authentication scheme: the scheme's service, handler and ticket machinery cost about an eighth
/// of a cached Basic request's CPU in the profile (README: Performance) and decided nothing.
/// </summary>
public sealed class ChainAuthenticationMiddleware(RequestDelegate next, IStoreDatabase database, ILogger<ChainAuthenticationMiddleware> logger)
{
    private static readonly string[] CredentialHeaders = ["Authorization", "WSO2-Identity-User"];

    public Task InvokeAsync(HttpContext context)
    {
        // A decision that completes at once (cached credentials, no credential) costs no async frame here.
        var deciding = DecideAsync(context, context.Features.GetRequiredFeature<AuthRequestState>());
        if (!deciding.IsCompletedSuccessfully)
        {
            return AwaitedAsync(context, deciding);
        }

        SignIn(context, deciding.Result);
        return next(context);
    }

    private async Task AwaitedAsync(HttpContext context, ValueTask<ChainDecision?> deciding)
    {
        SignIn(context, await deciding);
        await next(context);
    }

    private static void SignIn(HttpContext context, ChainDecision? decided)
    {
        if (decided is { Handler: not null, Result.Succeeded: true } decision)
        {
            context.User = ChainPrincipal.From(decision, CompatHostClaims.Scheme);
        }
    }

    /// <summary>The first credential header that appears more than once, if any.</summary>
    public static string? RepeatedCredentialHeader(IHeaderDictionary headers)
    {
        // A loop rather than a query: the lambda over the headers was an allocation per request.
        foreach (var name in CredentialHeaders)
        {
            if (headers.TryGetValue(name, out var values) && values.Count > 1)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>What the chain decided, or null when the request is not authenticated at all.</summary>
    private async ValueTask<ChainDecision?> DecideAsync(HttpContext context, AuthRequestState state)
    {
        if (state.Rule.Deny)
        {
            // Refused before any credential is read, as the product's valve does.
            return null;
        }

        if (!state.Rule.Secure && state.Chain == HandlerChains.Rest)
        {
            // An unsecured resource is served without authentication (AuthenticationValve passes
            // it on untouched): no credential on it is verified, none costs a PBKDF2 or a lockout
            // count — e.g. a client's Basic credentials at the product's open /oauth2/token rule.
            return null;
        }

        var http = context.Request;
        if (RepeatedCredentialHeader(http.Headers) is { } repeated)
        {
            // Stricter than the product, which reads the first: two credentials in one request are
            // how a proxy that checks one and a server that uses the other get told apart.
            return state.Decision = new ChainDecision(null, HandlerResult.Failure($"the {repeated} header is repeated"));
        }

        var connection = context.Connection;
        var request = new AuthenticationRequest(
            state.Chain,
            http.Method,
            http.Path.Value ?? "/",
            connection.RemoteIpAddress,
            http.Headers,
            // Kestrel only keeps a certificate that passed ClientCertificateVerifier during the handshake.
            connection.ClientCertificate,
            state.SoapHeaders,
            state.Settings);
        try
        {
            return state.Decision = await state.Handlers.DecideAsync(request, state.Rule, context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !database.IsUnavailable(ex))
        {
            // A handler that throws has not authenticated anyone: fail closed, with a 401 not a 500.
            logger.LogError(ex, "Handler threw while deciding {Path}", request.Path);
            return state.Decision = new ChainDecision(null, HandlerResult.Failure("handler error: " + ex.GetType().Name));
        }
    }
}
