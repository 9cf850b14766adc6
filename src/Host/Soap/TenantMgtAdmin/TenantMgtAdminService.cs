using System.ServiceModel;
using System.Text.RegularExpressions;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Soap.TenantMgtAdmin;

/// <summary>
/// TenantMgtAdminService over the user store's tenants. A tenant is added with its administrator
/// (role <c>admin</c>, the bean's names and email as claims) or not at all; a deactivated tenant's
/// users are refused by every handler until it is activated again.
/// </summary>
public sealed partial class TenantMgtAdminService(IUserStore store, AdminOperationGuard guard) : ITenantMgtAdminService
{
    private const string GivenName = "http://wso2.org/claims/givenname";
    private const string LastName = "http://wso2.org/claims/lastname";
    private const string Email = "http://wso2.org/claims/emailaddress";

    public async Task<string> AddTenantAsync(TenantInfoBean tenantInfoBean)
    {
        await Require("addTenant");
        var bean = tenantInfoBean ?? throw new FaultException("Invalid data.");
        // TenantMgtAdminService.addTenant checks the email first, then the domain (TenantMgtUtil.validateDomain).
        if (bean.Email is null || !EmailPattern().IsMatch(bean.Email.Trim()))
        {
            throw new FaultException("Invalid email is provided.");
        }

        var domain = ValidDomain(bean.TenantDomain);
        if (string.IsNullOrWhiteSpace(bean.Admin) || bean.Admin.IndexOfAny(['@', '/']) >= 0)
        {
            throw new FaultException("Invalid admin user name is provided.");
        }

        if (await store.FindTenantAsync(domain, guard.RequestAborted) is not null)
        {
            throw new FaultException($"A tenant with same domain already exist. Please use a different domain name. tenant domain: {domain}");
        }

        var claims = new Dictionary<string, string> { [Email] = bean.Email.Trim() };
        Put(claims, GivenName, bean.Firstname);
        Put(claims, LastName, bean.Lastname);
        try
        {
            await store.AddTenantWithAdminAsync(domain, QualifiedUserName.Create(bean.Admin.Trim(), null, domain), bean.AdminPassword ?? "", claims,
                guard.RequestAborted);
        }
        catch (UserStoreException ex)
        {
            throw new FaultException(ex.Message);
        }

        // The product answers with the key of its theme-management page for the new tenant, an
        // opaque value nothing else reads; this host has no such page and answers an opaque value.
        return Guid.NewGuid().ToString();
    }

    public async Task<TenantInfoBean> GetTenantAsync(string tenantDomain)
    {
        await Require("getTenant");
        var tenant = await Existing(tenantDomain);
        return await BeanAsync(tenant, withNames: true);
    }

    public async Task<RetrieveTenantsResponse> RetrieveTenantsAsync()
    {
        await Require("retrieveTenants");
        // The product lists the tenants of its tenant table, which does not hold the super tenant.
        var tenants = (await store.ListTenantsAsync(guard.RequestAborted)).Where(t => t.Domain != QualifiedUserName.SuperTenant);
        var beans = new List<TenantInfoBean>();
        foreach (var tenant in tenants)
        {
            beans.Add(await BeanAsync(tenant, withNames: false));
        }

        return new() { Body = { Return = [.. beans] } };
    }

    public Task ActivateTenantAsync(string tenantDomain) => SetActiveAsync("activateTenant", tenantDomain, true);

    public Task DeactivateTenantAsync(string tenantDomain) => SetActiveAsync("deactivateTenant", tenantDomain, false);

    private async Task SetActiveAsync(string operation, string? tenantDomain, bool active)
    {
        await Require(operation);
        var tenant = await Existing(tenantDomain);
        try
        {
            await store.SetTenantActiveAsync(tenant.Domain, active, guard.RequestAborted);
        }
        catch (UserStoreException ex)
        {
            throw new FaultException(ex.Message);
        }
    }

    private Task<UserAccount> Require(string operation) => guard.RequireAsync<ITenantMgtAdminService>(operation, superTenantOnly: true);

    private async Task<TenantRecord> Existing(string? tenantDomain) =>
        (string.IsNullOrWhiteSpace(tenantDomain) ? null : await store.FindTenantAsync(tenantDomain.Trim(), guard.RequestAborted))
        ?? throw new FaultException($"Tenant {tenantDomain} does not exist.");

    private async Task<TenantInfoBean> BeanAsync(TenantRecord tenant, bool withNames)
    {
        var admin = (await store.UsersInRoleAsync(tenant.Domain, SqlUserStore.AdminRole, guard.RequestAborted)).FirstOrDefault();
        var claims = admin is null ? new Dictionary<string, string>() : await store.GetClaimsAsync(admin, guard.RequestAborted);
        return new TenantInfoBean
        {
            Active = tenant.Active,
            Admin = admin?.Name,
            CreatedDate = tenant.Created.UtcDateTime,
            Email = claims.GetValueOrDefault(Email),
            Firstname = withNames ? claims.GetValueOrDefault(GivenName) : null,
            Lastname = withNames ? claims.GetValueOrDefault(LastName) : null,
            TenantDomain = tenant.Domain,
        };
    }

    /// <summary>
    /// TenantMgtUtil.validateDomain's rules in short: not empty, at least one dot, not starting
    /// with one, and only letters, digits, '.', '-' and '_'. Domains are kept in lower case.
    /// </summary>
    private static string ValidDomain(string? tenantDomain)
    {
        var domain = tenantDomain?.Trim().ToLowerInvariant() ?? "";
        if (domain.Length == 0)
        {
            throw new FaultException("Provided domain name is empty.");
        }

        if (!DomainPattern().IsMatch(domain))
        {
            throw new FaultException($"Invalid domain: {domain}. A tenant domain has at least one '.', does not start with one, and holds only letters, numbers, '.', '-' and '_'.");
        }

        return domain;
    }

    private static void Put(Dictionary<string, string> claims, string uri, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            claims[uri] = value.Trim();
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[a-z0-9_\-][a-z0-9_\-]*(\.[a-z0-9_\-]+)+$")]
    private static partial Regex DomainPattern();
}
