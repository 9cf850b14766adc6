using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.OAuth;

/// <summary>How the OAuth tests call a running host: register an application, ask for tokens, use them.</summary>
public sealed class OAuthCalls(RunningHost host)
{
    public static readonly (string, string) Admin = Basic.Header("admin", "admin");

    private RunningHost Host => host;

    /// <param name="extra">More JSON members of the registration, e.g. <c>"tokenBindingType":"certificate"</c>.</param>
    public async Task<(string ClientId, string Secret)> RegisterAsync(X509Certificate2? certificate = null, string extra = "")
    {
        var pem = certificate is null ? "null" : JsonSerializer.Serialize(certificate.ExportCertificatePem());
        var reply = await Host.SendAsync(HttpMethod.Post, "/api/server/v1/applications",
            $$"""{"name":"app-{{Guid.NewGuid():N}}","certificate":{{pem}}{{(extra.Length > 0 ? "," + extra : "")}}}""", null, Admin);
        Assert.Equal(201, reply.Status);
        var body = JsonDocument.Parse(reply.Body).RootElement;
        return (body.GetProperty("clientId").GetString()!, body.GetProperty("clientSecret").GetString()!);
    }

    public async Task<(int Status, JsonElement Body)> TokenAsync(Dictionary<string, string> form, X509Certificate2? certificate = null,
        (string, string)? clientBasic = null, string path = "/oauth2/token")
    {
        using var client = Host.Client(certificate);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (clientBasic is { } basic)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Basic.Header(basic.Item1, basic.Item2).Item2);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<string> PasswordTokenAsync((string Id, string Secret) app, string user, string password, string scope)
    {
        var (status, body) = await TokenAsync(new() { ["grant_type"] = "password", ["username"] = user, ["password"] = password, ["scope"] = scope }, null, app);
        Assert.Equal(200, status);
        return body.GetProperty("access_token").GetString()!;
    }

    public Task<(int Status, string Body)> MeAsync(string token, X509Certificate2? certificate = null, string path = "/scim2/Me") =>
        Host.GetAsync(path, certificate, ("Authorization", "Bearer " + token));

    /// <summary>RFC 8705's <c>x5t#S256</c> of a certificate, as the test computes it.</summary>
    public static string X5tS256(X509Certificate2 certificate) =>
        Convert.ToBase64String(certificate.GetCertHash(HashAlgorithmName.SHA256)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A test class on one shared host (a home that says nothing about MutualTLSClientAuthenticator: on, as in IS 7).</summary>
public abstract class OAuthHostTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    protected SharedHostFixture Fixture => fixture;

    protected RunningHost Host => fixture.Host;

    protected OAuthCalls Calls => new(fixture.Host);
}
