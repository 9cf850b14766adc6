using System.Security.Claims;
using System.Text.Encodings.Web;
using CompatHost.Host.Storage;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CompatHost.Host.Chain;

/// <summary>
/// The handler chain as one ASP.NET Core authentication scheme: REST and SOAP endpoints both
/// use the framework's <c>RequireAuthorization</c>, and this walks the right chain for them.
/// </summary>
public sealed class ChainAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ChallengeWriter challenges,
    IStoreDatabase database)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var state = Context.Features.GetRequiredFeature<AuthRequestState>();
        if (state.Decision is { } earlier)
        {
            return ToResult(earlier);
        }

        if (state.Rule.Deny)
        {
            // Refused before any credential is read, as the product's valve does.
            return AuthenticateResult.NoResult();
        }

        if (!state.Rule.Secure && state.Chain == HandlerChains.Rest)
        {
            // An unsecured resource is served without authentication (AuthenticationValve passes
            // it on untouched): no credential on it is verified, none costs a PBKDF2 or a lockout
            // count — e.g. a client's Basic credentials at the product's open /oauth2/token rule.
            return AuthenticateResult.NoResult();
        }

        if (RepeatedCredentialHeader(Request.Headers) is { } repeated)
        {
            // Stricter than the product, which reads the first: two credentials in one request are
            // how a proxy that checks one and a server that uses the other get told apart.
            var refused = new ChainDecision(null, HandlerResult.Failure($"the {repeated} header is repeated"));
            state.Decision = refused;
            return AuthenticateResult.Fail(refused.Result.Reason!);
        }

        var connection = Context.Connection;
        var request = new AuthenticationRequest(
            state.Chain,
            Request.Method,
            Request.Path.Value ?? "/",
            connection.RemoteIpAddress,
            Request.Headers,
            // Kestrel only keeps a certificate that passed ClientCertificateVerifier during the handshake.
            connection.ClientCertificate,
            state.SoapHeaders,
            state.Settings);
        ChainDecision decision;
        try
        {
            decision = await state.Handlers.DecideAsync(request, state.Rule.AllowsHandler, Context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !database.IsUnavailable(ex))
        {
            // A handler that throws has not authenticated anyone: fail closed, with a 401 not a 500.
            Logger.LogError(ex, "Handler threw while deciding {Path}", request.Path);
            decision = new ChainDecision(null, HandlerResult.Failure("handler error: " + ex.GetType().Name));
        }

        state.Decision = decision;
        return ToResult(decision);
    }

    private static readonly string[] CredentialHeaders = ["Authorization", "WSO2-Identity-User"];

    /// <summary>The first credential header that appears more than once, if any.</summary>
    public static string? RepeatedCredentialHeader(IHeaderDictionary headers) =>
        CredentialHeaders.FirstOrDefault(name => headers.TryGetValue(name, out var values) && values.Count > 1);

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        challenges.WriteUnauthorizedAsync(Context, Context.Features.GetRequiredFeature<AuthRequestState>());

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var state = Context.Features.GetRequiredFeature<AuthRequestState>();
        return state.RefuseAsUnauthenticated
            ? challenges.WriteUnauthorizedAsync(Context, state)
            : challenges.WriteForbiddenAsync(Context, state);
    }

    private AuthenticateResult ToResult(ChainDecision decision)
    {
        if (decision.Handler is null)
        {
            return AuthenticateResult.NoResult();
        }

        var result = decision.Result;
        if (!result.Succeeded)
        {
            return AuthenticateResult.Fail(result.Reason ?? "authentication failed");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(ChainPrincipal.From(decision, Scheme.Name), Scheme.Name));
    }
}

/// <summary>The principal a successful chain decision becomes (claims for user, tenant, handler, scopes).</summary>
public static class ChainPrincipal
{
    public static ClaimsPrincipal From(ChainDecision decision, string scheme)
    {
        var result = decision.Result;
        var claims = new List<Claim> { new(CompatHostClaims.Handler, decision.Handler!.Name) };
        if (result.User is { } user)
        {
            claims.Add(new Claim(ClaimTypes.Name, user.ToString()));
            claims.Add(new Claim(CompatHostClaims.User, user.ToString()));
            claims.Add(new Claim(CompatHostClaims.Tenant, user.Tenant));
            claims.Add(new Claim(CompatHostClaims.UserStoreDomain, user.Domain));
        }
        else
        {
            claims.Add(new Claim(CompatHostClaims.SystemCaller, "true"));
        }

        if (result.IsToken)
        {
            claims.Add(new Claim(CompatHostClaims.TokenAuthenticated, "true"));
        }

        foreach (var scope in result.Scopes)
        {
            claims.Add(new Claim(CompatHostClaims.Scope, scope));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
