namespace CompatHost.Host.Chain;

/// <summary>Claim types the chain puts on <c>HttpContext.User</c>.</summary>
public static class CompatHostClaims
{
    public const string Scheme = "CompatHost";
    public const string User = "compathost:user";
    public const string Tenant = "compathost:tenant";
    public const string UserStoreDomain = "compathost:userstore";
    public const string Handler = "compathost:handler";
    public const string Scope = "scope";
    public const string SystemCaller = "compathost:system";

    /// <summary>Set when the credential was an OAuth token, whose scopes (not permissions) authorize.</summary>
    public const string TokenAuthenticated = "compathost:token";
}
