using System.ServiceModel;
using CompatHost.Host.OAuth;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Soap.OAuthAdmin;

/// <summary>
/// OAuthAdminService over the application store the REST applications API and the token
/// endpoint use, so an application registered here issues tokens at once. Applications are those
/// of the caller's tenant. The host keeps secrets only hashed: a secret is in the answer of the
/// call that made it (<c>registerAndRetrieveOAuthApplicationData</c>,
/// <c>updateAndRetrieveOauthSecretKey</c>) or is the one the caller chose, never in a later read.
/// </summary>
public sealed class OAuthAdminService(IOAuthStore store, AdminOperationGuard guard) : IOAuthAdminService
{
    private const string OAuth2 = "OAuth-2.0";
    private const string Active = "ACTIVE";

    public async Task RegisterOAuthApplicationDataAsync(OAuthConsumerAppDto application) =>
        await RegisterAsync("registerOAuthApplicationData", application);

    public Task<OAuthConsumerAppDto> RegisterAndRetrieveOAuthApplicationDataAsync(OAuthConsumerAppDto application) =>
        RegisterAsync("registerAndRetrieveOAuthApplicationData", application);

    public async Task<OAuthConsumerAppDto> GetOAuthApplicationDataAsync(string consumerKey)
    {
        var caller = await guard.RequireAsync<IOAuthAdminService>("getOAuthApplicationData");
        return Dto(await InTenantAsync(caller, consumerKey), null);
    }

    public async Task<OAuthConsumerAppDto> GetOAuthApplicationDataByAppNameAsync(string appName)
    {
        var caller = await guard.RequireAsync<IOAuthAdminService>("getOAuthApplicationDataByAppName");
        // OAuthAdminServiceImpl.getOAuthApplicationDataByAppName: an unknown name is a client error.
        var application = await store.FindApplicationByNameAsync(caller.UserName.Tenant, appName ?? "", guard.RequestAborted)
            ?? throw new FaultException($"Cannot find a valid OAuth client with application name: {appName}");
        return Dto(application, null);
    }

    public async Task<GetAllOAuthApplicationDataResponse> GetAllOAuthApplicationDataAsync()
    {
        var caller = await guard.RequireAsync<IOAuthAdminService>("getAllOAuthApplicationData");
        return new() { Body = { Return = [.. (await store.ListApplicationsAsync(caller.UserName.Tenant, guard.RequestAborted)).Select(a => Dto(a, null))] } };
    }

    public async Task<GetAllowedGrantTypesResponse> GetAllowedGrantTypesAsync()
    {
        await guard.RequireAsync<IOAuthAdminService>("getAllowedGrantTypes");
        return new() { Body = { Return = [.. ApplicationRegistration.DefaultGrants] } };
    }

    public async Task UpdateConsumerApplicationAsync(OAuthConsumerAppDto consumerAppDTO)
    {
        var caller = await guard.RequireAsync<IOAuthAdminService>("updateConsumerApplication");
        var application = await InTenantAsync(caller, consumerAppDTO?.OauthConsumerKey);
        var name = string.IsNullOrWhiteSpace(consumerAppDTO!.ApplicationName) ? application.Name : consumerAppDTO.ApplicationName.Trim();
        var grants = consumerAppDTO.GrantTypes is null ? application.GrantTypes : Grants(consumerAppDTO.GrantTypes);
        await Refused(() => store.UpdateApplicationAsync(application.ClientId, name, grants, consumerAppDTO.CallbackUrl, guard.RequestAborted));
    }

    public async Task UpdateOauthSecretKeyAsync(string consumerKey) =>
        await NewSecretAsync("updateOauthSecretKey", consumerKey);

    public Task<OAuthConsumerAppDto> UpdateAndRetrieveOauthSecretKeyAsync(string consumerKey) =>
        NewSecretAsync("updateAndRetrieveOauthSecretKey", consumerKey);

    public async Task RemoveOAuthApplicationDataAsync(string consumerKey)
    {
        var caller = await guard.RequireAsync<IOAuthAdminService>("removeOAuthApplicationData");
        await store.DeleteApplicationAsync((await InTenantAsync(caller, consumerKey)).ClientId, guard.RequestAborted);
    }

    private async Task<OAuthConsumerAppDto> RegisterAsync(string operation, OAuthConsumerAppDto? application)
    {
        var caller = await guard.RequireAsync<IOAuthAdminService>(operation);
        if (application is null || string.IsNullOrWhiteSpace(application.ApplicationName))
        {
            throw new FaultException("No application details in the request. Failed to register OAuth App.");
        }

        var grants = Grants(application.GrantTypes);
        // The owner is the caller, as the product's registerAndRetrieveOAuthApplicationData sets it.
        var registration = new ApplicationRegistration(application.ApplicationName.Trim(), caller.UserName.Tenant, grants, application.CallbackUrl,
            null, null, null, application.TokenBindingType, caller.UserName)
        {
            ClientId = string.IsNullOrEmpty(application.OauthConsumerKey) ? null : application.OauthConsumerKey,
            ClientSecret = string.IsNullOrEmpty(application.OauthConsumerSecret) ? null : application.OauthConsumerSecret,
        };
        var (created, secret) = await Refused(() => store.AddApplicationAsync(registration, guard.RequestAborted));
        return Dto(created, secret);
    }

    private async Task<OAuthConsumerAppDto> NewSecretAsync(string operation, string? consumerKey)
    {
        var caller = await guard.RequireAsync<IOAuthAdminService>(operation);
        var application = await InTenantAsync(caller, consumerKey);
        return Dto(application, await store.ResetSecretAsync(application.ClientId, guard.RequestAborted));
    }

    /// <summary>The caller's tenant's application; another tenant's is as unknown as a missing one.</summary>
    private async Task<OAuthApplication> InTenantAsync(UserAccount caller, string? consumerKey) =>
        (string.IsNullOrEmpty(consumerKey) ? null : await store.FindApplicationAsync(consumerKey, guard.RequestAborted)) is { } application
            && application.Tenant == caller.UserName.Tenant
            ? application
            : throw new FaultException($"Cannot find a valid OAuth client for consumerKey: {consumerKey}");

    /// <summary>
    /// The grants as the product's validateGrantTypes reads them (space separated, each one the
    /// server allows: "'x' grant type is not allowed."); none given means the host's defaults.
    /// </summary>
    private static IReadOnlyList<string> Grants(string? grantTypes)
    {
        var grants = (grantTypes ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (grants.FirstOrDefault(g => !ApplicationRegistration.DefaultGrants.Contains(g)) is { } refused)
        {
            throw new FaultException($"'{refused}' grant type is not allowed.");
        }

        return grants.Length == 0 ? ApplicationRegistration.DefaultGrants : grants.Distinct().ToList();
    }

    private static OAuthConsumerAppDto Dto(OAuthApplication application, string? secret) => new()
    {
        OAuthVersion = OAuth2,
        ApplicationName = application.Name,
        CallbackUrl = application.CallbackUrl,
        GrantTypes = string.Join(' ', application.GrantTypes),
        OauthConsumerKey = application.ClientId,
        OauthConsumerSecret = secret,
        State = Active,
        TokenBindingType = application.TokenBinding == TokenBindingType.None ? null : ApplicationRegistration.WireName(application.TokenBinding),
        Username = application.Owner?.ToString(),
    };

    /// <summary>A store refusal (taken name or client id, invalid registration) is the product's fault with its text; nothing was written.</summary>
    private static async Task<T> Refused<T>(Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (UserStoreException ex)
        {
            throw new FaultException(ex.Message);
        }
    }

    private static async Task Refused(Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (UserStoreException ex)
        {
            throw new FaultException(ex.Message);
        }
    }
}
