using System.ServiceModel;
using CompatHost.Host.Chain;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CompatHost.Host.Soap;

/// <summary>
/// Per-operation authorization for admin services: the acting user must hold the operation's
/// permission (through roles; a permission grants its subtree). A refusal is a SOAP fault with
/// the product's "Access Denied" text and is recorded for the audit log.
/// </summary>
public sealed class AdminOperationGuard(AdminCall call, IUserDirectory users)
{
    public const string AccessDenied = "Access Denied. Authorization failed for the operation.";

    /// <summary>The acting user, once permitted to run <paramref name="operation"/> of <typeparamref name="TContract"/>.</summary>
    /// <param name="superTenantOnly">
    /// The product's <c>superTenantService</c> parameter: Carbon serves such a service only in the
    /// super tenant, so a tenant's user is refused whatever permissions their tenant gives them.
    /// </param>
    public async Task<UserAccount> RequireAsync<TContract>(string operation, bool superTenantOnly = false)
    {
        var permission = AdminPermissions.For<TContract>(operation);
        var http = call.Http;
        var state = http.Features.GetRequiredFeature<AuthRequestState>();
        state.Operation = operation;
        var name = http.User.FindFirst(CompatHostClaims.User)?.Value;
        var account = name is not null && QualifiedUserName.TryParse(name, out var user)
            ? await users.FindAsync(user, http.RequestAborted)
            : null;
        if (account is null || !account.HasPermission(permission))
        {
            state.Deny($"{operation} needs {permission}");
            throw new FaultException(AccessDenied);
        }

        if (superTenantOnly && !account.UserName.IsSuperTenant)
        {
            state.Deny($"{operation} is for super tenant administrators only");
            throw new FaultException(AccessDenied);
        }

        return account;
    }

    /// <summary>The request's cancellation, for the store calls an operation makes.</summary>
    public CancellationToken RequestAborted => call.RequestAborted;

    /// <summary>
    /// Runs an in-only operation once the caller may: a store refusal is logged and audited and the
    /// client still gets 202, as the product's Axis2 stack answers, unless
    /// <c>[admin_service] faults_for_in_only = true</c> asks for a fault.
    /// </summary>
    public async Task RunInOnlyAsync<TContract>(string operation, Func<UserAccount, Task> run)
    {
        var caller = await RequireAsync<TContract>(operation);
        try
        {
            await run(caller);
        }
        catch (Users.UserStoreException ex)
        {
            if (State.Settings.AdminService.FaultsForInOnly)
            {
                throw new FaultException(ex.Message);
            }

            RecordError(ex.Message);
        }
    }

    /// <summary>Records an in-only operation's store error for the audit log (the client still gets 202).</summary>
    public void RecordError(string message) => State.RecordOperationError(message);

    private AuthRequestState State =>
        call.Http.Features.GetRequiredFeature<AuthRequestState>();
}
