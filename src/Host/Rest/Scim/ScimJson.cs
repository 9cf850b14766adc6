using System.Text.Json;
using CompatHost.Host.Chain;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Rest.Scim;

/// <summary>SCIM 2.0 (RFC 7643/7644) shapes: resources, list responses and error bodies, as <c>application/scim+json</c>.</summary>
public static class ScimJson
{
    public const string ContentType = "application/scim+json";
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string PatchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    // SCIM names are case-exact on the wire ("Resources", "totalResults"): no naming policy.
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static IResult Ok(object body, int status = 200) => Results.Json(body, Options, ContentType, status);

    public static IResult Error(int status, string detail, string? scimType = null) =>
        Results.Json(new { schemas = new[] { ErrorSchema }, status = status.ToString(System.Globalization.CultureInfo.InvariantCulture), scimType, detail },
            Options, ContentType, status);

    public static object User(UserAccount account) => new
    {
        schemas = new[] { UserSchema },
        id = account.Id,
        userName = account.UserName.ToString(),
        groups = account.Roles.Select(r => new { display = r, value = r }),
        meta = new { resourceType = "User", location = $"/scim2/Users/{account.Id}" },
    };

    public static object List(IEnumerable<object> resources, int total, int startIndex)
    {
        var items = resources.ToList();
        return new { schemas = new[] { ListSchema }, totalResults = total, startIndex, itemsPerPage = items.Count, Resources = items };
    }

    /// <summary>Reads a JSON body; null (and the caller answers 400) when it is not JSON.</summary>
    public static async Task<JsonElement?> ReadBodyAsync(HttpRequest request)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 16 }, request.HttpContext.RequestAborted);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? String(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The tenant SCIM operates in: the URL's (/t/{tenant}/...) or the caller's.</summary>
    public static string Tenant(HttpContext context) => Access.RequestTenant.Of(context);
}
