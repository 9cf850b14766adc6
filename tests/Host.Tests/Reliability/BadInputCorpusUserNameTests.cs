using System.Security;
using System.Text;
using System.Xml;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// The MutualSSLAuthenticator's user name, mutated, with a trusted client certificate whose
/// thumbprint entry allows exactly <c>admin</c> (its issuer's entry allows bob, which the
/// thumbprint entry overrides). Oracle, as the patched product decides
/// (<c>isValidCertificateBinding</c>): the call is answered only when the name the product reads —
/// base64 of UTF-8 in the HTTP header, the element's text in the SOAP header, compared as is —
/// is exactly <c>admin</c>; everything else is the product's fault (or a 4xx for a request that
/// is not HTTP or XML at all).
/// </summary>
public sealed class BadInputCorpusUserNameTests(BadInputCorpusUserNameTests.Fixture fixture) : IClassFixture<BadInputCorpusUserNameTests.Fixture>
{
    private const string Permitted = "admin";

    [Fact]
    public async Task UserNameValues_AreAnsweredOnlyWhenTheyNameExactlyThePermittedUser()
    {
        var cases = Cases(new Random(14_03)).ToList();
        var answers = new List<(UserNameCase Case, SoapAnswer Answer)>();
        var before = await fixture.Host.SettledAuditCountAsync();
        foreach (var c in cases)
        {
            answers.Add((c, await SoapCorpus.SendAsync(fixture.Host, c.Name, c.Request, TestPki.Instance.Client("alice"))));
        }

        await SoapCorpus.AssertAllAnsweredAsPlannedAsync(fixture.Host, [.. answers.Select(a => a.Answer)], 250);
        Assert.All(answers.Where(a => !a.Case.Accepted), a => Assert.False(a.Answer.Status == 200, $"accepted {a.Case.Name}"));
        Assert.All(answers.Where(a => !a.Case.Accepted), a => Assert.True(a.Answer.IsFault || a.Answer.Status is >= 400 and < 500,
            $"{a.Answer.Status} without the product's fault for {a.Case.Name}"));
        Assert.All(answers.Where(a => a.Case.Accepted), a => Assert.True(a.Answer.AnsweredTrue, $"refused {a.Case.Name}: {a.Answer.Status}"));
        Assert.True(answers.Count(a => a.Case.Accepted) >= 5, "too few accepted cases to show the oracle can pass");
        // Whoever the audit log says authenticated, it was the permitted user.
        await Task.Delay(300);
        Assert.All(fixture.Host.AuditRecords().Skip(before).Where(r => r.TryGetProperty("handler", out var h) && h.GetString() == "MutualSSLAuthenticator"
                && r.GetProperty("outcome").GetString() != "failure"),
            r => Assert.Equal(Permitted, r.GetProperty("user").GetString()));
    }

    private static IEnumerable<UserNameCase> Cases(Random random)
    {
        var values = new List<string>
        {
            Permitted, "Admin", "ADMIN", " admin", "admin ", "\tadmin", "admin\r\n", "\nadmin", "ad\r\nmin", "admin\0", "",
            "admin@carbon.super", "ADMIN@carbon.super", "PRIMARY/admin", "primary/admin", "PRIMARY/admin@carbon.super", "admin@abc.com",
            "admin@", "@admin", "/admin", "admin/", "admin@carbon.super@carbon.super", "bob", "alice", "*", "admin,bob", "bob,admin", "admin;bob",
            "\uff41\uff44\uff4d\uff49\uff4e", "\u0430dmin", "admin\u200b", "\u00e4dmin", "adm\u0131n", "ADM\u0130N", "admin\u00a0", "adm\u0069\u0307n",
            "<admin>", "admin&", "&amp;admin", "'admin'", "\"admin\"", "]]>admin", "admin<!--x-->", "\u00ff\u00fe",
            Permitted + new string('x', 10_000), new string('a', 70_000), Convert.ToBase64String(Encoding.UTF8.GetBytes(Permitted)),
        };
        values.AddRange(Enumerable.Range(0, 60).Select(_ => RandomName(random)));

        foreach (var value in values)
        {
            yield return new UserNameCase($"HTTP base64 of {Show(value)}", Request(http: Convert.ToBase64String(Encoding.UTF8.GetBytes(value))), value == Permitted);
            yield return new UserNameCase($"SOAP text {Show(value)}", Request(soap: XmlEscape(value)), value == Permitted);
        }

        // Base64 that is not, or not quite. The product's decoder (Axiom Base64) skips what is not in
        // its alphabet and drops a partial group, so some of these still read "admin" there; here the
        // header must be base64 (whitespace aside), which refuses those: stricter, never more open.
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Permitted));
        foreach (var text in new[] { Permitted, "YWRtaW4", "YWRtaW4==", "YWRtaW4=\u00e9", "!!!!", "====", "YW Rt aW 4=", " YWRtaW4= ", "YWRtaW4=YWRtaW4=",
            "YWR-taW4=", "YWRtaW4=.", Convert.ToBase64String(Encoding.Latin1.GetBytes("\u00e4dmin")), Convert.ToBase64String(Encoding.Unicode.GetBytes(Permitted)),
            Convert.ToBase64String([0xC0, 0x80, .. Encoding.UTF8.GetBytes(Permitted)]), encoded.Replace('=', '.'), "%59%57%52taW4=" })
        {
            var product = AxiomBase64Utf8(text) == Permitted;
            yield return new UserNameCase($"HTTP header {Show(text)}", Request(http: text), product, product && StrictUtf8FromBase64(text) != Permitted);
        }

        // SOAP header contents written as they are: the oracle is the text the product's parser reads.
        foreach (var content in new[] { "&#97;dmin", "&#x61;dmin", "<![CDATA[admin]]>", "ad<![CDATA[min]]>", "ad<!--c-->min", "<b>admin</b>",
            "admin<b/>", "&lt;admin", "adm&#105;n&#xD;", "adm\r\nin", "<?pi x?>admin", "a&amp;dmin", "admin&", "admin<", "&unknown;admin", "&#0;admin" })
        {
            yield return new UserNameCase($"SOAP content {Show(content)}", Request(soap: content), AxiomText(content) == Permitted);
        }

        // Both places, and twice: the HTTP header wins over the SOAP one, and the first of each counts (as the product reads them).
        yield return new UserNameCase("HTTP admin, SOAP bob", Request(http: encoded, soap: "bob"), true);
        yield return new UserNameCase("HTTP bob, SOAP admin", Request(http: Convert.ToBase64String("bob"u8), soap: Permitted), false);
        yield return new UserNameCase("HTTP admin then bob", Request(http: encoded, extra: "UserName: " + Convert.ToBase64String("bob"u8)), true);
        yield return new UserNameCase("HTTP bob then admin", Request(http: Convert.ToBase64String("bob"u8), extra: "UserName: " + encoded), false);
        yield return new UserNameCase("SOAP bob then admin", Request(header: SoapCorpus.UserNameHeader("bob") + SoapCorpus.UserNameHeader(Permitted)), false);
        yield return new UserNameCase("SOAP admin then bob", Request(header: SoapCorpus.UserNameHeader(Permitted) + SoapCorpus.UserNameHeader("bob")), true);
        yield return new UserNameCase("UserName in another namespace", Request(header: $"<UserName xmlns=\"urn:other\">{Permitted}</UserName>"), false);
        yield return new UserNameCase("username in lower case", Request(header: $"<m:username xmlns:m=\"{SoapCorpus.MutualSsl}\">{Permitted}</m:username>"), false);
        yield return new UserNameCase("with an Authorization header too", Request(http: encoded, extra: "Authorization: Bearer x"), false);
    }

    private static byte[] Request(string? http = null, string? soap = null, string header = "", string? extra = null)
    {
        var headers = new List<string>();
        if (http is not null)
        {
            headers.Add("UserName: " + http);
        }

        if (extra is not null)
        {
            headers.Add(extra);
        }

        var soapHeader = soap is null ? header : SoapCorpus.UserNameHeader(soap);
        return SoapCorpus.Post(Encoding.UTF8.GetBytes(SoapCorpus.Envelope(SoapCorpus.IsAliceThere, soapHeader)), headers: [.. headers]);
    }

    /// <summary>What the product reads from the HTTP header: Axiom's <c>Base64.decode</c>, then <c>new String(bytes, "UTF-8")</c>.</summary>
    private static string AxiomBase64Utf8(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var bytes = new List<byte>();
        var group = new List<char>(4);
        foreach (var ch in text.Where(c => c == '=' || alphabet.Contains(c)))
        {
            group.Add(ch);
            if (group.Count < 4)
            {
                continue;
            }

            // '=' decodes as 127 (its table entry), and a pad in the third or fourth place shortens the group.
            var b = group.Select(c => c == '=' ? 127 : alphabet.IndexOf(c)).ToArray();
            var length = group[2] == '=' ? 1 : group[3] == '=' ? 2 : 3;
            byte[] decoded = [(byte)((b[0] << 2 & 0xfc) | (b[1] >> 4 & 0x3)), (byte)((b[1] << 4 & 0xf0) | (b[2] >> 2 & 0xf)), (byte)((b[2] << 6 & 0xc0) | (b[3] & 0x3f))];
            bytes.AddRange(decoded[..length]);
            group.Clear();
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static string? StrictUtf8FromBase64(string text)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(Convert.FromBase64String(text));
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// The user name the product reads from a SOAP header element (Axiom <c>getText()</c>): its
    /// direct text and CDATA children joined, untrimmed; null when the XML is not well formed.
    /// </summary>
    private static string? AxiomText(string content)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader($"<x>{content}</x>"), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            var text = new StringBuilder();
            reader.MoveToContent();
            while (reader.Read())
            {
                if (reader.Depth == 1 && reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
                {
                    text.Append(reader.Value);
                }
            }

            return text.ToString();
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>Escapes for XML text, and writes CR as a character reference so the parser keeps it.</summary>
    private static string XmlEscape(string value) => (SecurityElement.Escape(value) ?? "").Replace("\r", "&#xD;");

    private static string RandomName(Random random)
    {
        const string alphabet = "admin ADMIN@/.-_+*,;:'\"<>&=\\\t\u00e9\u00df\u0130\u0131\u4e2d\ud83d\ude00";
        return new string(Enumerable.Range(0, random.Next(1, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    private static string Show(string text) => SoapCorpus.Shorten(text.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\0", "\\0"));

    /// <param name="StricterHere">The product accepts it, this host deliberately refuses it (see the case's comment).</param>
    private sealed record UserNameCase(string Name, byte[] Request, bool ProductAccepts, bool StricterHere = false)
    {
        public bool Accepted => ProductAccepts && !StricterHere;
    }

    public sealed class Fixture : SharedHostFixture
    {
        protected override string InitialToml => $$"""
            [admin_console.authenticator.mutual_ssl_authenticator]
            enable = true
            [admin_console.authenticator.mutual_ssl_authenticator.config]
            allowed_issuers = "{{TestPki.AdvisoryDn}}"
            "issuer_{{TestPki.AdvisoryDn}}" = "bob"
            "cert_thumbprint_{{TestPki.Fingerprint(TestPki.Instance.Client("alice"))}}" = "{{Permitted}}"
            """;
    }
}
