using System.Collections.Concurrent;
using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>The writes the reliability tests drive: token issuance and SCIM user creation, as the super admin; each answers its status and records what was acknowledged.</summary>
public static class WriteCalls
{
    public static readonly (string, string) Admin = Basic.Header("admin", "admin");

    public static async Task<(string Id, string Secret)> RegisterAsync(HostClient host)
    {
        var reply = await host.SendAsync(HttpMethod.Post, "/api/server/v1/applications", """{"name":"reliability"}""", null, Admin);
        Assert.Equal(201, reply.Status);
        var body = JsonDocument.Parse(reply.Body).RootElement;
        return (body.GetProperty("clientId").GetString()!, body.GetProperty("clientSecret").GetString()!);
    }

    public static async Task<int> IssueTokenAsync(HttpClient client, (string Id, string Secret) app, ConcurrentBag<string> acknowledged)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["username"] = "admin", ["password"] = "admin", ["scope"] = "internal_login",
            }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", Basic.Header(app.Id, app.Secret).Item2);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode == 200)
        {
            acknowledged.Add(JsonDocument.Parse(text).RootElement.GetProperty("access_token").GetString()!);
        }

        return (int)response.StatusCode;
    }

    public static async Task<int> CreateUserAsync(HttpClient client, ConcurrentBag<string> acknowledged)
    {
        var name = "k" + Guid.NewGuid().ToString("N")[..12];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scim2/Users")
        {
            Content = new StringContent($$"""{"userName":"{{name}}","password":"pw-{{name}}"}""", System.Text.Encoding.UTF8, "application/scim+json"),
        };
        request.Headers.TryAddWithoutValidation(Admin.Item1, Admin.Item2);
        using var response = await client.SendAsync(request);
        // The body is read so the answer is complete: a response cut by the kill is not an acknowledgement.
        await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode == 201)
        {
            acknowledged.Add(name);
        }

        return (int)response.StatusCode;
    }
}
