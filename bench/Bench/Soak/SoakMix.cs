using System.Text;
using CompatHost.Host.OAuth;

namespace CompatHost.Bench.Soak;

/// <summary>
/// The soak's mixed load on one development host: REST with a client certificate, Basic and a
/// bearer token; SOAP through MutualSSL and Basic; token issuance; SCIM writes (a user created
/// and deleted, so the store stays the same size). Each call answers null when it got exactly
/// the success it expects, else what it got instead (the status code) — an error.
/// </summary>
public sealed class SoakMix : IDisposable
{
    private const string SoapCall = """
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="http://service.ws.um.carbon.wso2.org">
          <soapenv:Header/><soapenv:Body><ser:isExistingUser><ser:userName>admin</ser:userName></ser:isExistingUser></soapenv:Body>
        </soapenv:Envelope>
        """;

    private static readonly string AdminBasic = "Basic " + Convert.ToBase64String("admin:admin"u8.ToArray());
    private static readonly string AdminName = Convert.ToBase64String("admin"u8.ToArray());

    private readonly BenchHost _host;
    private readonly HttpClient _anonymous;
    private readonly string _clientBasic;
    private string _bearer = "";

    public SoakMix(BenchHost host, string clientBasic)
    {
        _host = host;
        _clientBasic = clientBasic;
        // No client certificate, so Basic and bearer decide rather than the certificate handler.
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _anonymous = new HttpClient(handler) { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// The operations and how many of every 16 calls each makes. SCIM writes are the rare,
    /// expensive kind (PBKDF2 of the new password), as in real traffic; reads and tokens dominate.
    /// </summary>
    public IReadOnlyList<(string Name, int Weight, Func<Task<string?>> Call)> Operations =>
    [
        ("rest-certificate", 2, () => GetMeAsync(_host.Client, null)),
        ("rest-basic", 2, () => GetMeAsync(_anonymous, AdminBasic)),
        ("rest-bearer", 3, () => GetMeAsync(_anonymous, "Bearer " + _bearer)),
        ("soap-mutualssl", 2, () => SoapAsync(_host.Client, ("UserName", AdminName))),
        ("soap-basic", 2, () => SoapAsync(_anonymous, ("Authorization", AdminBasic))),
        ("token", 4, async () => (await IssueTokenAsync()).Error),
        ("scim-write", 1, ScimWriteAsync),
    ];

    /// <summary>An application registered in the store, as its client id and secret in a Basic header.</summary>
    public static async Task<string> RegisterApplicationAsync(Host.Startup.HostCore core)
    {
        var (application, secret) = await core.OAuth.AddApplicationAsync(
            new ApplicationRegistration("soak", "carbon.super", ["password"], null, null, null, null, null, null));
        return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{application.ClientId}:{secret}"));
    }

    /// <summary>Gets the bearer token the rest-bearer calls present (valid for the default hour).</summary>
    public async Task StartAsync() => _bearer = (await IssueTokenAsync()).Token ?? throw new InvalidOperationException("no token for the bearer calls");

    public void Dispose() => _anonymous.Dispose();

    private static string? Unless(int expected, HttpResponseMessage response) =>
        (int)response.StatusCode == expected ? null : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string?> GetMeAsync(HttpClient client, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/scim2/Me");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return Unless(200, response);
    }

    private static async Task<string?> SoapAsync(HttpClient client, (string Name, string Value) credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/services/RemoteUserStoreManagerService")
        {
            Content = new StringContent(SoapCall, Encoding.UTF8, "text/xml"),
        };
        request.Content.Headers.Add("SOAPAction", "\"urn:isExistingUser\"");
        request.Headers.TryAddWithoutValidation(credential.Name, credential.Value);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return Unless(200, response) ?? (body.Contains(">true<", StringComparison.Ordinal) ? null : "200 without true");
    }

    private async Task<(string? Token, string? Error)> IssueTokenAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["username"] = "admin", ["password"] = "admin", ["scope"] = "internal_login",
            }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", _clientBasic);
        using var response = await _anonymous.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return Unless(200, response) is { } error
            ? (null, error)
            : (System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString(), null);
    }

    private async Task<string?> ScimWriteAsync()
    {
        var name = "soak" + Guid.NewGuid().ToString("N")[..12];
        using var create = new HttpRequestMessage(HttpMethod.Post, "/scim2/Users")
        {
            Content = new StringContent($$"""{"userName":"{{name}}","password":"pw-{{name}}"}""", Encoding.UTF8, "application/scim+json"),
        };
        create.Headers.TryAddWithoutValidation("Authorization", AdminBasic);
        using var created = await _anonymous.SendAsync(create);
        var body = await created.Content.ReadAsStringAsync();
        if (Unless(201, created) is { } error)
        {
            return "create " + error;
        }

        var id = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/scim2/Users/{id}");
        delete.Headers.TryAddWithoutValidation("Authorization", AdminBasic);
        using var deleted = await _anonymous.SendAsync(delete);
        return Unless(204, deleted) is { } failed ? "delete " + failed : null;
    }
}
