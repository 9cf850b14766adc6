using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Tests.Support;

/// <summary>Real HTTPS calls to a host on 127.0.0.1: trusts the test server CA, presents a client certificate when asked.</summary>
public class HostClient(int port)
{
    public int Port { get; private protected set; } = port;

    public Uri BaseAddress => new($"https://127.0.0.1:{Port}");

    /// <summary>An HTTPS client that trusts the test server CA and presents <paramref name="certificate"/> when asked.</summary>
    public HttpClient Client(X509Certificate2? certificate = null)
    {
        var ssl = TrustingTheServer();
        ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!;
        ssl.ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate };
        return Over(ssl);
    }

    /// <summary>An HTTPS client that sends <paramref name="certificate"/> followed by <paramref name="intermediates"/>, as TLS clients send a chain.</summary>
    public HttpClient ClientSendingChain(X509Certificate2 certificate, X509Certificate2Collection intermediates)
    {
        var ssl = TrustingTheServer();
        ssl.ClientCertificateContext = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
        return Over(ssl);
    }

    /// <summary>A GET sent by <see cref="ClientSendingChain"/>; a refused handshake counts as 401.</summary>
    public async Task<(int Status, string Body)> GetSendingChainAsync(string path, X509Certificate2 certificate,
        X509Certificate2Collection intermediates, params (string Name, string Value)[] headers)
    {
        using var client = ClientSendingChain(certificate, intermediates);
        var reply = await SendWithAsync(client, HttpMethod.Get, path, null, headers);
        return (reply.Status, reply.Body);
    }

    private static SslClientAuthenticationOptions TrustingTheServer() => new()
    {
        RemoteCertificateValidationCallback = (_, server, _, _) =>
            server is not null && server.GetCertHashString() == TestPki.Instance.Server.GetCertHashString(),
    };

    private HttpClient Over(SslClientAuthenticationOptions ssl) =>
        new(new SocketsHttpHandler { SslOptions = ssl, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Posts a SOAP 1.1 envelope with its SOAPAction.</summary>
    public Task<Reply> PostSoapAsync(string path, string envelope, string action, params (string Name, string Value)[] headers) =>
        PostSoapAsync(path, envelope, action, null, headers);

    /// <summary>Posts a SOAP 1.1 envelope with its SOAPAction, presenting <paramref name="certificate"/> when asked.</summary>
    public Task<Reply> PostSoapAsync(string path, string envelope, string action, X509Certificate2? certificate, params (string Name, string Value)[] headers)
    {
        var content = new StringContent(envelope, System.Text.Encoding.UTF8, "text/xml");
        content.Headers.Add("SOAPAction", $"\"urn:{action}\"");
        return SendContentAsync(HttpMethod.Post, path, content, certificate, headers);
    }

    /// <summary>Sends a GET and returns the status, or 401 when the server refused the TLS handshake (the tables count both the same).</summary>
    public async Task<(int Status, string Body)> GetAsync(string path, X509Certificate2? certificate = null, params (string Name, string Value)[] headers)
    {
        var reply = await SendAsync(HttpMethod.Get, path, null, certificate, headers);
        return (reply.Status, reply.Body);
    }

    public Task<Reply> SendAsync(HttpMethod method, string path, string? json, X509Certificate2? certificate = null,
        params (string Name, string Value)[] headers) =>
        SendContentAsync(method, path, json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/scim+json"), certificate, headers);

    /// <summary>
    /// A GET with the request target sent byte for byte (HttpClient would remove dot segments),
    /// over its own TLS connection; answers the status code only.
    /// </summary>
    public async Task<Reply> SendRawPathAsync(string target, params (string Name, string Value)[] headers)
    {
        var head = new System.Text.StringBuilder($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var response = await SendRawAsync(System.Text.Encoding.UTF8.GetBytes(head.Append("\r\n").ToString()));
        return new Reply(RawStatus(response) ?? 0, response, [], null, []);
    }

    /// <summary>
    /// Writes <paramref name="request"/> as it is over a new TLS connection (with a client
    /// certificate when given) and reads until the server closes: everything it answered.
    /// </summary>
    public async Task<string> SendRawAsync(byte[] request, X509Certificate2? certificate = null)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, server, _, _) =>
            server is not null && server.GetCertHashString() == TestPki.Instance.Server.GetCertHashString());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
        });
        try
        {
            await tls.WriteAsync(request);
            using var reader = new StreamReader(tls);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            return await reader.ReadToEndAsync(timeout.Token);
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The status of every response in a raw answer (pipelined requests answer several).</summary>
    public static IReadOnlyList<int> RawStatuses(string response) =>
        System.Text.RegularExpressions.Regex.Matches(response, @"(?m)^HTTP/1\.1 (\d{3}) ")
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static int? RawStatus(string response) => RawStatuses(response) is [var first, ..] ? first : null;

    public async Task<Reply> SendContentAsync(HttpMethod method, string path, HttpContent? content, X509Certificate2? certificate = null,
        params (string Name, string Value)[] headers)
    {
        using var client = Client(certificate);
        return await SendWithAsync(client, method, path, content, headers);
    }

    private static async Task<Reply> SendWithAsync(HttpClient client, HttpMethod method, string path, HttpContent? content,
        (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await client.SendAsync(request);
            return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
                response.Headers.WwwAuthenticate.Select(h => h.ToString()).ToList(), response.Content.Headers.ContentType?.MediaType,
                response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.ToList() : []);
        }
        catch (HttpRequestException ex) when (ex.InnerException is System.Security.Authentication.AuthenticationException or IOException)
        {
            return new Reply(401, "TLS handshake refused: " + ex.InnerException.Message, [], null, []);
        }
    }
}

/// <summary>What a test sees of a response.</summary>
public sealed record Reply(int Status, string Body, IReadOnlyList<string> WwwAuthenticate, string? ContentType, IReadOnlyList<string> SetCookies);
