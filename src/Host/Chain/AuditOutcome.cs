namespace CompatHost.Host.Chain;

/// <summary>How a request ended, as its audit record and decision metric say it.</summary>
public enum AuditOutcome
{
    Success,
    /// <summary>Authentication failed (the product's 401, or its SOAP "please login" fault).</summary>
    Failure,
    /// <summary>Authenticated or not, the request was refused (403, an access fault, a rejected request).</summary>
    Denied,
}
