using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using CompatHost.Host.Security;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace CompatHost.Bench;

/// <summary>
/// <c>GET /scim2/Me</c> authenticated by a client certificate over keep-alive TLS: presented in
/// the handshake (baseline) or forwarded by a trusted proxy in <c>X-Client-Cert</c> (verified
/// per request), each with revocation off and with OCSP on and the answer cached — same run.
/// </summary>
[MemoryDiagnoser]
public class ClientCertificateBenchmarks
{
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _leaf = null!;
    private HttpListener _responder = null!;
    private BenchHost _plain = null!;
    private BenchHost _ocsp = null!;
    private HttpClient _plainDirect = null!;
    private HttpClient _plainForwarding = null!;
    private HttpClient _ocspDirect = null!;
    private HttpClient _ocspForwarding = null!;
    private string _header = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var port = FreePort();
        _ca = CertificateFactory.CreateAuthority("CN=Bench OCSP CA, O=CompatHost", TimeSpan.FromDays(30));
        _leaf = Leaf(_ca, $"http://127.0.0.1:{port}/");
        _header = Uri.EscapeDataString(_leaf.ExportCertificatePem() + "\n");
        _responder = StartResponder(port, _ca);
        _plain = await HostAsync("");
        _ocsp = await HostAsync("[client_certificate_revocation]\nmode = \"ocsp\"\n");
        (_plainDirect, _plainForwarding) = (Client(_plain, _leaf), Client(_plain, null));
        (_ocspDirect, _ocspForwarding) = (Client(_ocsp, _leaf), Client(_ocsp, null));
        foreach (var call in new Func<Task<int>>[] { DirectMtls, Forwarded, DirectMtlsOcspCached, ForwardedOcspCached })
        {
            await call();
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _plain.DisposeAsync();
        await _ocsp.DisposeAsync();
        _responder.Close();
    }

    [Benchmark(Baseline = true)]
    public Task<int> DirectMtls() => Me(_plainDirect, false);

    [Benchmark]
    public Task<int> Forwarded() => Me(_plainForwarding, true);

    [Benchmark]
    public Task<int> DirectMtlsOcspCached() => Me(_ocspDirect, false);

    [Benchmark]
    public Task<int> ForwardedOcspCached() => Me(_ocspForwarding, true);

    private async Task<int> Me(HttpClient client, bool forwarded)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/scim2/Me");
        if (forwarded)
        {
            request.Headers.TryAddWithoutValidation("X-Client-Cert", _header);
        }

        using var response = await client.SendAsync(request);
        return response.IsSuccessStatusCode ? (int)response.StatusCode : throw new InvalidOperationException($"{response.StatusCode}");
    }

    /// <summary>A development home whose truststore also holds the bench CA, its leaf mapped to admin, forwarding from loopback on.</summary>
    private Task<BenchHost> HostAsync(string revocation) => BenchHost.StartAsync(prepare: (files, home) =>
    {
        File.AppendAllText(files.Truststore, "\n" + _ca.ExportCertificatePem());
        File.AppendAllText(home.DeploymentToml, $"""

            [[client_certificate_based_authentication.system_thumbprint_mapping]]
            trusted_issuer = "{_ca.Subject}"
            cert_thumbprint = "*"
            allowed_system_user = "admin"

            [client_certificate_forwarding]
            enable = true
            trusted_proxies = ["127.0.0.1/32"]

            {revocation}
            """);
    });

    private static HttpClient Client(BenchHost host, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        return new HttpClient(handler) { BaseAddress = host.Address };
    }

    private static X509Certificate2 Leaf(X509Certificate2 ca, string ocspUrl)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=bench-client", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([ocspUrl], null));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7), [0x42, 0x01]);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12, "b"), "b");
    }

    /// <summary>An OCSP responder answering "good" for anything, valid for an hour (so the host caches it).</summary>
    private static HttpListener StartResponder(int port, X509Certificate2 ca)
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var signer = DotNetUtilities.GetRsaKeyPair(ca.GetRSAPrivateKey()!.ExportParameters(true)).Private;
        var issuer = new BcCertificate(ca.RawData);
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                var context = await listener.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var generator = new BasicOcspRespGenerator(new RespID(issuer.SubjectDN));
                foreach (var single in new OcspReq(body.ToArray()).GetRequestList())
                {
                    generator.AddResponse(single.GetCertID(), CertificateStatus.Good, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1), null);
                }

                var answer = new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful,
                    generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", signer), null, DateTime.UtcNow)).GetEncoded();
                context.Response.ContentType = "application/ocsp-response";
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            }
        });
        return listener;
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
