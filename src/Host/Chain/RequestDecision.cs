using CompatHost.Host.Access;
using CompatHost.Host.Configuration;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Chain;

/// <summary>
/// Per-request state shared by authentication, authorization and the audit record: the
/// snapshot fixed at the start of the request, the matched rule, and what the chain decided.
/// </summary>
public sealed class RequestDecision(ActiveSettings active, HandlerChains chain, ResourceRule rule)
{
    public HostSettings Settings { get; } = active.Settings;

    public HandlerChains Chain { get; } = chain;

    /// <summary>The handlers this request's chain tries, from the same snapshot as <see cref="Settings"/>.</summary>
    public HandlerChain Handlers { get; } = active.For(chain);

    public ResourceRule Rule { get; } = rule;

    public ChainDecision? Decision { get; set; }

    /// <summary>The SOAP operation, once known (SOAP chain only).</summary>
    public string? Operation { get; set; }

    /// <summary>Why authorization refused, for the audit log.</summary>
    public string? DenialReason { get; set; }

    /// <summary>Authorization refused in a way the product answers with 401, not 403 (a caller of another tenant).</summary>
    public bool RefuseAsUnauthenticated { get; set; }

    public SoapHeaders SoapHeaders { get; set; } = SoapHeaders.None;

    /// <summary>A store error an in-only SOAP operation swallowed (the product answers 202 regardless).</summary>
    public string? OperationError { get; private set; }

    /// <summary>Set when the chain's 401/403 writer refused the request (SOAP answers those with HTTP 500).</summary>
    public string? Refusal { get; set; }

    /// <summary>The user an <c>AuthenticationAdmin.login</c> call started a session for (audited as the acting user).</summary>
    public CompatHost.Sdk.Identity.QualifiedUserName? LoggedInUser { get; set; }

    public void RecordOperationError(string message) => OperationError = message;
}
