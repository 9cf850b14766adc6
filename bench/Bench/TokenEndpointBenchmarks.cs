using BenchmarkDotNet.Attributes;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Bench;

/// <summary>
/// Token endpoint throughput over keep-alive TLS: a <c>client_credentials</c> grant (client secret
/// check, token stored hashed) and a <c>password</c> grant for a user whose password is in the
/// verification cache, against an unsecured <c>GET /api/health</c> baseline in the same run.
/// </summary>
[MemoryDiagnoser]
public class TokenEndpointBenchmarks
{
    private string _root = null!;
    private HostCore _core = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private string _basic = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("compathost-tokenbench").FullName;
        var home = ProductHome.At(_root);
        DevelopmentHome.Create(home);
        _core = HostCore.Open(home, NullLoggerFactory.Instance);
        var (application, secret) = _core.OAuth.AddApplication("bench", "carbon.super", ["password", "client_credentials"], null, null);
        _basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{application.ClientId}:{secret}"));
        _app = CompatHostApp.Build(_core, 0, b => b.Logging.ClearProviders());
        _app.StartAsync().GetAwaiter().GetResult();
        var port = CompatHostApp.ListeningAddress(_app, _core.Settings).Port;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
        Password().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        _core.Dispose();
        Directory.Delete(_root, true);
    }

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
