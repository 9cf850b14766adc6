using System.Security.Cryptography.X509Certificates;
using System.Text;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// What the SOAP corpus classes share: raw requests to RemoteUserStoreManagerService (raw, so a
/// case can hold bytes no client library would send) and the per-class oracle every class checks.
/// </summary>
internal static class SoapCorpus
{
    public const string Service = "/services/RemoteUserStoreManagerService";
    public const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    public const string Operations = "http://service.ws.um.carbon.wso2.org";
    public const string MutualSsl = "http://mutualssl.carbon.wso2.org";

    /// <summary>isExistingUser("alice"): the seeded alice exists, so an answered call says true.</summary>
    public const string IsAliceThere = $"<ser:isExistingUser><ser:userName>alice</ser:userName></ser:isExistingUser>";

    public static string Envelope(string body, string header = "", string envelopeNamespace = Soap11) =>
        $"<soapenv:Envelope xmlns:soapenv=\"{envelopeNamespace}\" xmlns:ser=\"{Operations}\">"
        + $"<soapenv:Header>{header}</soapenv:Header><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>";

    /// <summary>The MutualSSL username SOAP header with <paramref name="content"/> written as is (escape it first for a plain value).</summary>
    public static string UserNameHeader(string content) => $"<m:UserName xmlns:m=\"{MutualSsl}\">{content}</m:UserName>";

    /// <summary>A POST of <paramref name="body"/> as it is; <paramref name="headers"/> are whole header lines.</summary>
    /// <summary>
    /// One random change to an envelope, of the given kind (modulo 3): a byte replaced (in place)
    /// by <paramref name="replacement"/>, a cut, or a tail of <paramref name="junk"/> inserted.
    /// </summary>
    public static byte[] Damage(byte[] bytes, int kind, Random random, Func<byte> replacement, byte[] junk)
    {
        switch (kind % 3)
        {
            case 0:
                bytes[random.Next(bytes.Length)] = replacement();
                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            default:
                var at = random.Next(bytes.Length);
                return [.. bytes[..at], .. junk[random.Next(junk.Length)..], .. bytes[at..]];
        }
    }

    public static byte[] Post(byte[] body, string contentType = "text/xml; charset=utf-8", string? action = "urn:isExistingUser",
        params string[] headers)
    {
        var head = new StringBuilder($"POST {Service} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: {contentType}\r\n");
        if (action is not null)
        {
            head.Append($"SOAPAction: \"{action}\"\r\n");
        }

        foreach (var line in headers)
        {
            head.Append(line).Append("\r\n");
        }

        head.Append($"Content-Length: {body.Length}\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body];
    }

    public static async Task<SoapAnswer> SendAsync(HostClient host, string name, byte[] request, X509Certificate2? certificate = null) =>
        SoapAnswer.From(name, await host.SendRawAsync(request, certificate));

    /// <summary>
    /// The oracle every class shares: every case tried and answered (no crash, no hang), and no
    /// 5xx but the product's planned SOAP fault (HTTP 500 with a fault body).
    /// </summary>
    public static async Task AssertAllAnsweredAsPlannedAsync(HostClient host, IReadOnlyList<SoapAnswer> answers, int minimum)
    {
        Assert.True(answers.Count >= minimum, $"only {answers.Count} cases tried");
        Assert.All(answers, a => Assert.True(a.Status != 0, $"no answer to {a.Name}"));
        Assert.All(answers, a => Assert.True(a.Status < 500 || (a.Status == 500 && a.IsFault), $"unplanned {a.Status} for {a.Name}: {Shorten(a.Body)}"));
        Assert.Equal(200, (await host.GetAsync("/api/health")).Status);
    }

    public static string Shorten(string text) => text.Length > 160 ? text[..160] + $"… ({text.Length} chars)" : text;
}

/// <summary>One case's answer: its status and de-chunked body.</summary>
internal sealed record SoapAnswer(string Name, int Status, string Body)
{
    public bool IsFault => Body.Contains(":Fault>", StringComparison.Ordinal) || Body.Contains("<Fault", StringComparison.Ordinal);

    /// <summary>isExistingUser("alice") performed and answered true.</summary>
    public bool AnsweredTrue => Status == 200 && Body.Contains(">true</", StringComparison.Ordinal);

    public static SoapAnswer From(string name, string raw)
    {
        var status = HostClient.RawStatuses(raw) is [var first, ..] ? first : 0;
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? raw : raw[..split];
        var body = split < 0 ? "" : raw[(split + 4)..];
        return new SoapAnswer(name, status, head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(body) : body);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var end = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (end < 0 || !int.TryParse(body[at..end].Split(';')[0], System.Globalization.NumberStyles.HexNumber, null, out var size) || size == 0)
            {
                break;
            }

            result.Append(body, end + 2, Math.Min(size, body.Length - end - 2));
            at = end + 2 + size + 2;
        }

        return result.ToString();
    }
}
