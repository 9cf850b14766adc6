using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
    // The user resource, on every /scim2/Me and Users answer, has generated serialization code;
    // the rarer shapes are serialized by reflection.
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ScimJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>Serialized user resources by account instance; an account the directory dropped takes its bytes with it.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<UserAccount, byte[]> UserBodies = new();

    /// <summary>
    /// Serialized at once into bytes and written with a Content-Length, not streamed: the bodies
    /// are small, and the streaming serializer's async steps cost more than the writing (7 % of a
    /// <c>/scim2/Me</c> call in the bench/Speed profile).
    /// </summary>
    public static IResult Ok(object body, int status = 200) => new ScimBody(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Options), status);

    public static IResult Error(int status, string detail, string? scimType = null) =>
        Ok(new { schemas = new[] { ErrorSchema }, status = status.ToString(System.Globalization.CultureInfo.InvariantCulture), scimType, detail }, status);

    /// <summary>
    /// A user's resource as an answer. The bytes are made once per account as the directory
    /// caches it (an account is immutable, and a changed user is a new account), so the hot
    /// <c>/scim2/Me</c> does not serialize the same resource on every call.
    /// </summary>
    public static IResult UserResource(UserAccount account, int status = 200) =>
        new ScimBody(UserBodies.GetValue(account, static a => JsonSerializer.SerializeToUtf8Bytes(User(a), Options)), status);

    public static ScimUser User(UserAccount account) => new(
        [UserSchema],
        account.Id,
        account.UserName.ToString(),
        [.. account.Roles.Select(r => new ScimGroupReference(r, r))],
        new ScimMeta("User", $"/scim2/Users/{account.Id}"));

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

file sealed class ScimBody(byte[] utf8, int status) : IResult
{
    public Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ScimJson.ContentType;
        response.ContentLength = utf8.Length;
        return response.Body.WriteAsync(utf8, context.RequestAborted).AsTask();
    }
}

/// <summary>A user as SCIM 2.0 writes it (RFC 7643 §4.1), in the product's member order.</summary>
public sealed record ScimUser(
    [property: JsonPropertyName("schemas")] string[] Schemas,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("userName")] string UserName,
    [property: JsonPropertyName("groups")] ScimGroupReference[] Groups,
    [property: JsonPropertyName("meta")] ScimMeta Meta);

public sealed record ScimGroupReference(
    [property: JsonPropertyName("display")] string Display,
    [property: JsonPropertyName("value")] string Value);

public sealed record ScimMeta(
    [property: JsonPropertyName("resourceType")] string ResourceType,
    [property: JsonPropertyName("location")] string Location);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScimUser))]
internal sealed partial class ScimJsonContext : JsonSerializerContext;
