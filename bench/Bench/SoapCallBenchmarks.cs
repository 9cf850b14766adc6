using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SoapCore;

namespace CompatHost.Bench;

/// <summary>
/// One SOAP <c>isExistingUser</c> call over keep-alive TLS: through MutualSSLAuthenticator,
/// per-operation authorization and the store, against the same call to an unsecured endpoint
/// (same envelope, same SoapCore pipeline, no authentication) in the same host.
/// </summary>
[MemoryDiagnoser]
public class SoapCallBenchmarks
{
    private const string Envelope = """
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="http://service.ws.um.carbon.wso2.org">
          <soapenv:Header/><soapenv:Body><ser:isExistingUser><ser:userName>admin</ser:userName></ser:isExistingUser></soapenv:Body>
        </soapenv:Envelope>
        """;

    private BenchHost _host = null!;
    private HttpClient _client = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _host = await BenchHost.StartAsync(
            configure: b => b.Services.AddScoped<UnsecuredUserService>(),
            map: app => ((IEndpointRouteBuilder)app).UseSoapEndpoint(typeof(UnsecuredUserService), o =>
            {
                o.Path = "/bench/UnsecuredService";
                o.SoapSerializer = SoapSerializer.XmlSerializer;
            }).AllowAnonymous());
        _client = _host.Client;
        _client.DefaultRequestHeaders.TryAddWithoutValidation("UserName", Convert.ToBase64String("admin"u8.ToArray()));
        await Unsecured();
        await MutualSsl();
    }

    [GlobalCleanup]
    public Task Cleanup() => _host.DisposeAsync().AsTask();

    [Benchmark(Baseline = true)]
    public Task<int> Unsecured() => Post("/bench/UnsecuredService");

    [Benchmark]
    public Task<int> MutualSsl() => Post("/services/RemoteUserStoreManagerService");

    private async Task<int> Post(string path)
    {
        using var content = new StringContent(Envelope, Encoding.UTF8, "text/xml");
        content.Headers.Add("SOAPAction", "\"urn:isExistingUser\"");
        using var response = await _client.PostAsync(path, content);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode && body.Contains(">true<", StringComparison.Ordinal)
            ? body.Length
            : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
    }
}
