using CompatHost.Host.Access;
using CompatHost.Host.Configuration;
using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Chain;

/// <summary>
/// Per-request state shared by authentication, authorization and the audit record, set once
/// by <see cref="RequestStateMiddleware"/> as a request feature (as the framework keeps its
/// <c>IAuthenticateResultFeature</c>): the snapshot fixed at the start of the request, the
/// matched rule, what the chain decided, and what refused the request. The audit record asks
/// <see cref="Conclude"/> once for the outcome.
/// </summary>
public sealed class AuthRequestState
{
    private string? _denial;
    private string? _operationError;
    private AuditOutcome? _refusal;

    public AuthRequestState(ActiveSettings active, HandlerChains chain, ResourceRule rule)
    {
        Settings = active.Settings;
        Chain = chain;
        Handlers = active.For(chain);
        Rule = rule;
        if (rule.Deny)
        {
            _denial = rule.Origin;
        }
    }

    public HostSettings Settings { get; }

    public HandlerChains Chain { get; }

    /// <summary>The handlers this request's chain tries, from the same snapshot as <see cref="Settings"/>.</summary>
    public HandlerChain Handlers { get; }

    public ResourceRule Rule { get; }

    public ChainDecision? Decision { get; set; }

    /// <summary>The SOAP operation, once known (SOAP chain only).</summary>
    public string? Operation { get; set; }

    public SoapHeaders SoapHeaders { get; set; } = SoapHeaders.None;

    /// <summary>The user an <c>AuthenticationAdmin.login</c> call started a session for (audited as the acting user).</summary>
    public QualifiedUserName? LoggedInUser { get; set; }

    /// <summary>Authorization refused in a way the product answers with 401, not 403 (a caller of another tenant).</summary>
    public bool RefuseAsUnauthenticated { get; private set; }

    /// <summary>Records why the request is refused, for the audit log; the client's answer never says.</summary>
    public void Deny(string reason, bool asUnauthenticated = false)
    {
        _denial = reason;
        RefuseAsUnauthenticated = asUnauthenticated;
    }

    /// <summary>The chain's 401/403 writer refused the request (SOAP answers both with HTTP 500, so the status cannot tell).</summary>
    public void Refuse(AuditOutcome outcome) => _refusal = outcome;

    /// <summary>A store error an in-only SOAP operation swallowed (the product answers 202 regardless).</summary>
    public void RecordOperationError(string message) => _operationError = message;

    /// <summary>
    /// The audit outcome and reason once the response status is known. <paramref name="error"/>
    /// names an unhandled exception (the status is then the 500 the exception handler writes).
    /// </summary>
    public (AuditOutcome Outcome, string? Reason) Conclude(int status, string? error)
    {
        var outcome = _refusal ?? status switch
        {
            500 when error is not null => AuditOutcome.Failure,
            401 => AuditOutcome.Failure,
            403 => AuditOutcome.Denied,
            _ when _denial is not null => AuditOutcome.Denied,
            _ when Decision is { Result.Succeeded: false } => AuditOutcome.Failure,
            _ => AuditOutcome.Success,
        };
        var reason = error ?? _denial ?? _operationError
            ?? (Decision is { } decision ? decision.Result.Reason : Rule.Secure ? null : "unsecured resource");
        return (outcome, reason);
    }
}
