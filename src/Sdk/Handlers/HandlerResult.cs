using CompatHost.Sdk.Identity;

namespace CompatHost.Sdk.Handlers;

public enum HandlerOutcome
{
    Success,
    Failure,
}

/// <summary>
/// What a handler decided. Success carries a user, or none for a trusted system caller;
/// failure carries a reason for the operator's log, never for the client.
/// </summary>
public readonly record struct HandlerResult(
    HandlerOutcome Outcome,
    QualifiedUserName? User,
    IReadOnlyList<string> Scopes,
    string? Reason)
{
    private static readonly string[] NoScopes = [];

    public bool Succeeded => Outcome == HandlerOutcome.Success;

    /// <summary>
    /// The credential was an OAuth token: access control checks its <see cref="Scopes"/> against a
    /// rule's scopes (rest-auth.md: Access control). Added in contract 1.1; plugins built against 1.0 still load.
    /// </summary>
    public bool IsToken { get; init; }

    /// <summary>
    /// Contract 1.4: this success is a login, so the host starts an admin session for the user and
    /// sets its cookie, as the product's MutualSSLAuthenticator does through
    /// <c>CarbonAuthenticationUtil.onSuccessAdminLogin</c>. Only the admin (SOAP) chain honours it.
    /// </summary>
    public bool StartsAdminSession { get; init; }

    /// <summary>Authenticated but with no user: passes only rules that require no permission.</summary>
    public bool IsSystemCaller => Succeeded && User is null;

    public static HandlerResult Success(QualifiedUserName user, IReadOnlyList<string>? scopes = null) =>
        new(HandlerOutcome.Success, user, scopes ?? NoScopes, null);

    public static HandlerResult SystemCaller(string reason) =>
        new(HandlerOutcome.Success, null, NoScopes, reason);

    public static HandlerResult TokenSuccess(QualifiedUserName? user, IReadOnlyList<string> scopes, string? reason) =>
        new(HandlerOutcome.Success, user, scopes, reason) { IsToken = true };

    public static HandlerResult Failure(string reason) =>
        new(HandlerOutcome.Failure, null, NoScopes, reason);
}
