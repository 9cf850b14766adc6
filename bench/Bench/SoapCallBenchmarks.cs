using System.Security.Cryptography.X509Certificates;
using System.ServiceModel;
using System.Text;
using BenchmarkDotNet.Attributes;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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

    private string _root = null!;
    private HostCore _core = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("compathost-soapbench").FullName;
        var home = ProductHome.At(_root);
        var files = DevelopmentHome.Create(home);
        _core = HostCore.Open(home, NullLoggerFactory.Instance);
        _app = CompatHostApp.Build(_core, 0, b =>
        {
            b.Logging.ClearProviders();
            b.Services.AddScoped<UnsecuredUserService>();
        });
        ((IEndpointRouteBuilder)_app).UseSoapEndpoint(typeof(UnsecuredUserService), o =>
        {
            o.Path = "/bench/UnsecuredService";
            o.SoapSerializer = SoapSerializer.XmlSerializer;
        }).AllowAnonymous();
        _app.StartAsync().GetAwaiter().GetResult();
        var port = CompatHostApp.ListeningAddress(_app, _core.Settings).Port;
        var admin = X509Certificate2.CreateFromPemFile(files.AdminCertificate, files.AdminKey);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => admin;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
        _client.DefaultRequestHeaders.TryAddWithoutValidation("UserName", Convert.ToBase64String("admin"u8.ToArray()));
        Unsecured().GetAwaiter().GetResult();
        MutualSsl().GetAwaiter().GetResult();
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

[ServiceContract(Namespace = "http://service.ws.um.carbon.wso2.org", Name = "RemoteUserStoreManagerServicePortType")]
[XmlSerializerFormat]
public interface IUnsecuredUserService
{
    [OperationContract(Name = "isExistingUser", Action = "urn:isExistingUser")]
    [return: MessageParameter(Name = "return")]
    bool IsExistingUser(string userName);
}

/// <summary>The baseline: answers without authentication, authorization or a store.</summary>
public sealed class UnsecuredUserService : IUnsecuredUserService
{
    public bool IsExistingUser(string userName) => userName.Length > 0;
}
