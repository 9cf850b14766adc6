using BenchmarkDotNet.Attributes;
using CompatHost.Host.OAuth;

namespace CompatHost.Bench;

/// <summary>
/// Token endpoint throughput over keep-alive TLS: a <c>client_credentials</c> grant (client secret
/// check, token stored hashed) and a <c>password</c> grant for a user whose password is in the
/// verification cache, against an unsecured <c>GET /api/health</c> baseline in the same run.
/// </summary>
[MemoryDiagnoser]
public class TokenEndpointBenchmarks
{
    private BenchHost _host = null!;
    private HttpClient _client = null!;
    private string _basic = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _host = await BenchHost.StartAsync(seed: async core =>
        {
            var (application, secret) = await core.OAuth.AddApplicationAsync(new ApplicationRegistration("bench", "carbon.super", ["password", "client_credentials"], null, null, null, null, null, null));
            _basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{application.ClientId}:{secret}"));
        });
        _client = _host.Client;
        await Password();
    }

    [GlobalCleanup]
    public Task Cleanup() => _host.DisposeAsync().AsTask();

    [Benchmark(Baseline = true)]
    public async Task<int> HealthBaseline()
    {
        using var response = await _client.GetAsync("/api/health");
        return (int)response.StatusCode;
    }

    [Benchmark]
    public Task<int> ClientCredentials() => Token(new() { ["grant_type"] = "client_credentials" });

    [Benchmark]
    public Task<int> Password() => Token(new() { ["grant_type"] = "password", ["username"] = "admin", ["password"] = "admin", ["scope"] = "internal_login" });

    private async Task<int> Token(Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("Authorization", _basic);
        using var response = await _client.SendAsync(request);
        return response.IsSuccessStatusCode ? (int)response.StatusCode : throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
    }
}
