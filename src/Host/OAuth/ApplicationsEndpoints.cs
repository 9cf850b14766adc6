using System.Text.Json;
using CompatHost.Host.Chain;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CompatHost.Host.OAuth;

/// <summary>
/// <c>/api/server/v1/applications</c>: register, list, get and delete OAuth clients in the
/// caller's tenant. The client secret appears once, in the create response.
/// </summary>
public static class ApplicationsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/server/v1/applications", CreateAsync);
        app.MapGet("/api/server/v1/applications", async (HttpContext context, IOAuthStore store) =>
            Results.Json(new { applications = (await store.ListApplicationsAsync(Tenant(context), context.RequestAborted)).Select(View) }));
        app.MapGet("/api/server/v1/applications/{id}", async (HttpContext context, IOAuthStore store, string id) =>
            await InTenantAsync(context, store, id) is { } application ? Results.Json(View(application)) : NotFound(id));
        app.MapDelete("/api/server/v1/applications/{id}", async (HttpContext context, IOAuthStore store, string id) =>
            await InTenantAsync(context, store, id) is not null && await store.DeleteApplicationAsync(id, context.RequestAborted)
                ? Results.NoContent() : NotFound(id));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IOAuthStore store)
    {
        ApplicationRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ApplicationRequest>(context.Request.Body, JsonSerializerOptions.Web, context.RequestAborted);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Name))
        {
            return Problem(400, "APP-60001", "A JSON body with a name is required.");
        }

        // The caller owns what it registers: a client_credentials token acts for the owner.
        var owner = context.User.FindFirst(CompatHostClaims.User)?.Value is { } name && QualifiedUserName.TryParse(name, out var user) ? user : null;
        var registration = new ApplicationRegistration(request.Name.Trim(), Tenant(context),
            request.GrantTypes ?? ApplicationRegistration.DefaultGrants, request.CallbackUrl, request.Certificate, request.JwksUri,
            request.TlsClientAuthSubjectDn, request.TokenBindingType, owner);
        if (registration.Validate(out _, out _) is { } invalid)
        {
            return Problem(400, "APP-60001", invalid);
        }

        try
        {
            var (application, secret) = await store.AddApplicationAsync(registration, context.RequestAborted);
            context.Response.Headers.Location = $"/api/server/v1/applications/{application.ClientId}";
            return Results.Json(View(application) with { ClientSecret = secret }, statusCode: 201);
        }
        catch (UserStoreException ex)
        {
            return Problem(409, "APP-60002", ex.Message);
        }
    }

    private static async Task<OAuthApplication?> InTenantAsync(HttpContext context, IOAuthStore store, string id) =>
        await store.FindApplicationAsync(id, context.RequestAborted) is { } application && application.Tenant == Tenant(context) ? application : null;

    private static string Tenant(HttpContext context) => Access.RequestTenant.Of(context);

    private static ApplicationView View(OAuthApplication a) =>
        new(a.ClientId, a.Name, a.GrantTypes, a.CallbackUrl, a.CertificateThumbprint is not null, a.JwksUri?.AbsoluteUri,
            a.TlsClientAuthSubjectDn, ApplicationRegistration.WireName(a.TokenBinding), a.Owner?.ToString(), a.Created, null);

    private static IResult NotFound(string id) => Problem(404, "APP-60004", $"Application {id} not found.");

    private static IResult Problem(int status, string code, string description) =>
        Results.Json(new { code, message = description, description }, statusCode: status);

    private sealed record ApplicationRequest(string? Name, IReadOnlyList<string>? GrantTypes, string? CallbackUrl, string? Certificate,
        string? JwksUri, string? TlsClientAuthSubjectDn, string? TokenBindingType);

    private sealed record ApplicationView(string ClientId, string Name, IReadOnlyList<string> GrantTypes, string? CallbackUrl,
        bool HasCertificate, string? JwksUri, string? TlsClientAuthSubjectDn, string TokenBindingType, string? Owner,
        DateTimeOffset Created, string? ClientSecret);
}
