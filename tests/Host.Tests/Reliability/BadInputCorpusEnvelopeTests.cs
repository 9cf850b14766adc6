using System.Text;
using System.Xml;
using CompatHost.Host.Soap;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// Hostile and odd SOAP envelopes to RemoteUserStoreManagerService with valid credentials.
/// Oracle: a well-formed answer to exactly one operation, or a refusal (400/413, or the
/// product's 500 with a fault body) — never an unplanned 5xx or a hang, never a second
/// operation performed (checked in the store), and the cases marked so must be answered.
/// </summary>
public sealed class BadInputCorpusEnvelopeTests(BadInputCorpusEnvelopeTests.Fixture fixture) : IClassFixture<BadInputCorpusEnvelopeTests.Fixture>
{
    private const string Cap = "1 MiB";
    private static readonly byte[] Junk = Encoding.UTF8.GetBytes("<&]]>\"'=/");
    private static readonly string Credentials = "Authorization: Basic " + Convert.ToBase64String("admin:admin"u8);

    [Fact]
    public async Task Envelopes_AreAnsweredOnceOrRefused_AndNeverApplyTwice()
    {
        var cases = Cases(new Random(14_02)).ToList();
        var answers = new List<(EnvelopeCase Case, SoapAnswer Answer)>();
        foreach (var c in cases)
        {
            answers.Add((c, await SoapCorpus.SendAsync(fixture.Host, c.Name, c.Request)));
        }

        await SoapCorpus.AssertAllAnsweredAsPlannedAsync(fixture.Host, [.. answers.Select(a => a.Answer)], 150);
        Assert.All(answers, a => Assert.True(a.Case.Expect switch
        {
            Expect.Answer => a.Answer.AnsweredTrue,
            Expect.Refusal => a.Answer.Status is 400 or 413 || (a.Answer.Status == 500 && a.Answer.IsFault),
            _ => true,
        }, $"{a.Answer.Status} for {a.Case.Name} (expected {a.Case.Expect}): {SoapCorpus.Shorten(a.Answer.Body)}"));
        Assert.All(answers.Where(a => a.Answer.Status == 200), a => Assert.True(AnswersOneOperation(a.Answer.Body), $"not one answer for {a.Case.Name}"));
        Assert.All(answers, a => Assert.DoesNotContain("root:", a.Answer.Body, StringComparison.Ordinal));
        foreach (var (c, _) in answers)
        {
            Assert.True(await CountExistingAsync(c.AtMostOneOf) <= 1, $"{c.Name} applied more than one write");
            Assert.True(await CountExistingAsync(c.MustRemain) == c.MustRemain.Length, $"{c.Name} performed an operation its body does not name");
        }
    }

    private async Task<int> CountExistingAsync(string[] users)
    {
        var found = 0;
        foreach (var user in users)
        {
            found += await fixture.Host.Store.FindAsync(QualifiedUserName.Parse(user), CancellationToken.None) is null ? 0 : 1;
        }

        return found;
    }

    /// <summary>A well-formed SOAP envelope whose Body holds exactly one element.</summary>
    private static bool AnswersOneOperation(string body)
    {
        try
        {
            var doc = System.Xml.Linq.XDocument.Parse(body);
            var soapBody = doc.Root?.Elements().Where(e => e.Name.LocalName == "Body").ToList();
            return soapBody is [var only] && only.Elements().Count() == 1;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static IEnumerable<EnvelopeCase> Cases(Random random)
    {
        var valid = SoapCorpus.Envelope(SoapCorpus.IsAliceThere);
        yield return Utf8("valid", valid, Expect.Answer);

        // Depth: SoapCore's quota is 32; deeper is a fault, never a stack overflow.
        foreach (var depth in new[] { 1, 8, 24, 31, 32, 33, 64, 512, 5_000, 50_000 })
        {
            var open = string.Concat(Enumerable.Repeat("<x:d xmlns:x=\"urn:d\">", depth));
            var close = string.Concat(Enumerable.Repeat("</x:d>", depth));
            yield return Utf8($"depth {depth} in the header", SoapCorpus.Envelope(SoapCorpus.IsAliceThere, open + close), Expect.Either);
            yield return Utf8($"depth {depth} in userName", SoapCorpus.Envelope($"<ser:isExistingUser><ser:userName>{open}alice{close}</ser:userName></ser:isExistingUser>"), Expect.Either);
            yield return Utf8($"depth {depth} after the operation", SoapCorpus.Envelope(SoapCorpus.IsAliceThere + open + close), Expect.Either);
        }

        // Size around the 1 MiB cap, with a length and chunked, in ASCII and in two-byte characters.
        foreach (var delta in new[] { -4096, -1, 0, 1, 4096, 1024 * 1024 })
        {
            var size = SoapEnvelopeReader.MaxEnvelopeBytes + delta;
            var expect = delta > 0 ? Expect.Refusal : Expect.Answer;
            yield return new EnvelopeCase($"{size} bytes ({Cap}{delta:+#;-#;+0})", SoapCorpus.Post(Padded(size, 'a'), headers: Credentials), expect);
            yield return new EnvelopeCase($"{size} bytes chunked", Chunked(Padded(size, 'a')), expect);
            yield return new EnvelopeCase($"{size} bytes of two-byte characters", SoapCorpus.Post(Padded(size, '\u00e9'), headers: Credentials), delta > 0 ? Expect.Refusal : Expect.Either);
        }

        yield return new EnvelopeCase("Content-Length past the cap, short body", Encoding.Latin1.GetBytes(
            $"POST {SoapCorpus.Service} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/xml\r\n{Credentials}\r\nContent-Length: 9000000\r\n\r\n{valid}"), Expect.Refusal);

        // Namespaces: missing, wrong, odd but legal, and many.
        yield return Utf8("no envelope namespace", valid.Replace($" xmlns:soapenv=\"{SoapCorpus.Soap11}\"", " xmlns:soapenv=\"\""), Expect.Refusal);
        yield return Utf8("wrong envelope namespace", valid.Replace(SoapCorpus.Soap11, "urn:not-soap"), Expect.Refusal);
        yield return Utf8("unprefixed Envelope", $"<Envelope><Body>{SoapCorpus.IsAliceThere}</Body></Envelope>", Expect.Refusal);
        yield return Utf8("default-namespace envelope", $"<Envelope xmlns=\"{SoapCorpus.Soap11}\"><Body><isExistingUser xmlns=\"{SoapCorpus.Operations}\"><userName>alice</userName></isExistingUser></Body></Envelope>", Expect.Answer);
        yield return Utf8("operation in another namespace", valid.Replace($"xmlns:ser=\"{SoapCorpus.Operations}\"", "xmlns:ser=\"urn:other\""), Expect.Either);
        yield return Utf8("operation without namespace", SoapCorpus.Envelope("<isExistingUser><userName>alice</userName></isExistingUser>"), Expect.Either);
        yield return Utf8("envelope prefix rebound in the Body", SoapCorpus.Envelope($"<soapenv:x xmlns:soapenv=\"urn:evil\">{SoapCorpus.IsAliceThere}</soapenv:x>"), Expect.Either);
        yield return Utf8("undeclared prefix", SoapCorpus.Envelope("<nope:isExistingUser><nope:userName>alice</nope:userName></nope:isExistingUser>"), Expect.Refusal);
        yield return Utf8("empty prefix binding", valid.Replace("xmlns:ser=", "xmlns:bad=\"\" xmlns:ser="), Expect.Refusal);
        yield return Utf8("xml prefix rebound", valid.Replace("xmlns:ser=", "xmlns:xml=\"urn:x\" xmlns:ser="), Expect.Refusal);
        yield return Utf8("2,000 namespace declarations", valid.Replace("xmlns:ser=", string.Concat(Enumerable.Range(0, 2_000).Select(i => $"xmlns:p{i}=\"urn:p{i}\" ")) + "xmlns:ser="), Expect.Either);
        yield return Utf8("10 KB prefix", valid.Replace("ser:", new string('p', 10_240) + ":").Replace("xmlns:ser", "xmlns:" + new string('p', 10_240)), Expect.Either);
        yield return Utf8("duplicate attribute", valid.Replace("<soapenv:Body>", "<soapenv:Body a=\"1\" a=\"2\">"), Expect.Refusal);

        // Encodings: BOMs, UTF-16 both ways, declarations that lie.
        var declared = "<?xml version=\"1.0\" encoding=\"{0}\"?>" + valid;
        yield return Bytes("UTF-8 BOM", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(valid)], "text/xml; charset=utf-8", Expect.Answer);
        yield return Bytes("UTF-16LE with BOM", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(string.Format(declared, "UTF-16"))).ToArray(), "text/xml; charset=utf-16", Expect.Either);
        yield return Bytes("UTF-16BE with BOM", Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(string.Format(declared, "UTF-16"))).ToArray(), "text/xml; charset=utf-16", Expect.Either);
        yield return Bytes("UTF-16LE, no BOM, charset utf-8", Encoding.Unicode.GetBytes(valid), "text/xml; charset=utf-8", Expect.Either);
        yield return Bytes("UTF-8 declared UTF-16", Encoding.UTF8.GetBytes(string.Format(declared, "UTF-16")), "text/xml; charset=utf-8", Expect.Either);
        yield return Bytes("UTF-16 declared UTF-8", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(string.Format(declared, "UTF-8"))).ToArray(), "text/xml", Expect.Either);
        yield return Bytes("charset utf-16, UTF-8 body", Encoding.UTF8.GetBytes(valid), "text/xml; charset=utf-16", Expect.Either);
        yield return Bytes("ISO-8859-1 with a Latin-1 name", Encoding.Latin1.GetBytes(string.Format(declared, "ISO-8859-1").Replace(">alice<", ">alic\u00e9<")), "text/xml; charset=iso-8859-1", Expect.Either);
        yield return Bytes("unknown encoding", Encoding.UTF8.GetBytes(string.Format(declared, "x-no-such")), "text/xml; charset=x-no-such", Expect.Either);
        yield return Bytes("UTF-32 BOM", Encoding.UTF32.GetPreamble().Concat(Encoding.UTF32.GetBytes(valid)).ToArray(), "text/xml", Expect.Either);
        yield return Bytes("EBCDIC declared", Encoding.UTF8.GetBytes(string.Format(declared, "IBM037")), "text/xml", Expect.Either);
        yield return Bytes("invalid UTF-8 in a name", Encoding.UTF8.GetBytes(valid).Select(b => b == (byte)'l' ? (byte)0xFF : b).ToArray(), "text/xml; charset=utf-8", Expect.Refusal);
        yield return Bytes("overlong UTF-8 '<'", [.. Encoding.UTF8.GetBytes(valid)[..^1], 0xC0, 0xBC], "text/xml; charset=utf-8", Expect.Refusal);
        yield return Bytes("NUL byte", Encoding.UTF8.GetBytes(valid.Replace(">alice<", ">ali\0ce<")), "text/xml", Expect.Refusal);
        yield return Bytes("BOM in the middle", Encoding.UTF8.GetBytes(valid.Replace("<soapenv:Body>", "\ufeff<soapenv:Body>")), "text/xml", Expect.Either);

        // Duplicated parts: one operation at most, whatever the envelope says twice.
        yield return Utf8("two Bodies", valid.Replace("</soapenv:Body>", $"</soapenv:Body><soapenv:Body>{SoapCorpus.IsAliceThere}</soapenv:Body>"), Expect.Either);
        yield return Utf8("two Headers", valid.Replace("<soapenv:Header></soapenv:Header>", "<soapenv:Header/><soapenv:Header/>"), Expect.Either);
        yield return Utf8("Header after Body", $"<soapenv:Envelope xmlns:soapenv=\"{SoapCorpus.Soap11}\" xmlns:ser=\"{SoapCorpus.Operations}\"><soapenv:Body>{SoapCorpus.IsAliceThere}</soapenv:Body><soapenv:Header/></soapenv:Envelope>", Expect.Either);
        yield return Utf8("no Body", $"<soapenv:Envelope xmlns:soapenv=\"{SoapCorpus.Soap11}\"><soapenv:Header/></soapenv:Envelope>", Expect.Either);
        yield return Utf8("empty Body", SoapCorpus.Envelope(""), Expect.Either);
        yield return Utf8("text-only Body", SoapCorpus.Envelope("alice"), Expect.Either);
        yield return Utf8("two operations in one Body", SoapCorpus.Envelope(SoapCorpus.IsAliceThere + SoapCorpus.IsAliceThere), Expect.Either);
        yield return Utf8("trailing element after the Envelope", valid + "<x/>", Expect.Refusal);
        yield return Utf8("a second Envelope", valid + valid, Expect.Refusal);
        foreach (var (shape, index) in new[] { "two Bodies", "two operations", "operation in the Header" }.Select((s, i) => (s, i)))
        {
            var (first, second) = ($"dup{index}a", $"dup{index}b");
            var envelope = shape switch
            {
                "two Bodies" => SoapCorpus.Envelope(AddUser(first)).Replace("</soapenv:Body>", $"</soapenv:Body><soapenv:Body>{AddUser(second)}</soapenv:Body>"),
                "two operations" => SoapCorpus.Envelope(AddUser(first) + AddUser(second)),
                _ => SoapCorpus.Envelope(AddUser(first), AddUser(second)),
            };
            yield return new EnvelopeCase($"addUser in {shape}", SoapCorpus.Post(Encoding.UTF8.GetBytes(envelope), action: "urn:addUser", headers: Credentials), Expect.Either, [first, second]);
        }

        // DTDs and entities: refused before anything parses them, and nothing read from disk.
        foreach (var (name, dtd, use) in new[]
        {
            ("billion laughs", "<!DOCTYPE e [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>", "&c;"),
            ("external file", "<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", "&x;"),
            ("external http", "<!DOCTYPE e [<!ENTITY x SYSTEM \"http://127.0.0.1:1/x\">]>", "&x;"),
            ("parameter entity", "<!DOCTYPE e [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>", "alice"),
            ("internal entity", "<!DOCTYPE e [<!ENTITY n \"alice\">]>", "&n;"),
            ("bare DOCTYPE", "<!DOCTYPE soapenv:Envelope>", "alice"),
            ("undeclared entity", "", "&n;"),
        })
        {
            yield return Utf8($"DTD: {name}", dtd + SoapCorpus.Envelope($"<ser:isExistingUser><ser:userName>{use}</ser:userName></ser:isExistingUser>"), Expect.Refusal);
        }

        // Processing instructions and declarations where they may and may not be.
        yield return Utf8("stylesheet PI first", "<?xml-stylesheet href=\"x.xsl\"?>" + valid, Expect.Answer);
        yield return Utf8("PI in the Body", SoapCorpus.Envelope("<?x y?>" + SoapCorpus.IsAliceThere), Expect.Either);
        yield return Utf8("PI inside the user name", SoapCorpus.Envelope("<ser:isExistingUser><ser:userName>ali<?x?>ce</ser:userName></ser:isExistingUser>"), Expect.Either);
        yield return Utf8("XML declaration after whitespace", " <?xml version=\"1.0\"?>" + valid, Expect.Refusal);
        yield return Utf8("two XML declarations", "<?xml version=\"1.0\"?><?xml version=\"1.0\"?>" + valid, Expect.Refusal);
        yield return Utf8("XML 1.1 declared", "<?xml version=\"1.1\"?>" + valid, Expect.Either);

        // SOAP version against content type and action.
        var soap12 = SoapCorpus.Envelope(SoapCorpus.IsAliceThere, "", SoapCorpus.Soap12);
        yield return Bytes("SOAP 1.2 as application/soap+xml", Encoding.UTF8.GetBytes(soap12), "application/soap+xml; charset=utf-8; action=\"urn:isExistingUser\"", Expect.Answer);
        yield return Bytes("SOAP 1.2 as text/xml", Encoding.UTF8.GetBytes(soap12), "text/xml; charset=utf-8", Expect.Either);
        yield return Bytes("SOAP 1.1 as application/soap+xml", Encoding.UTF8.GetBytes(valid), "application/soap+xml; charset=utf-8", Expect.Either);
        yield return Bytes("SOAP 1.2 whose action names deleteUser", Encoding.UTF8.GetBytes(soap12.Replace(">alice<", ">bob<")), "application/soap+xml; action=\"urn:deleteUser\"", Expect.Either, mustRemain: ["bob"]);
        yield return Bytes("no content type", Encoding.UTF8.GetBytes(valid), "", Expect.Either);
        yield return Bytes("application/json", Encoding.UTF8.GetBytes(valid), "application/json", Expect.Either);
        yield return Bytes("multipart/related", Encoding.UTF8.GetBytes(valid), "multipart/related; type=\"application/xop+xml\"; boundary=x", Expect.Either);
        yield return new EnvelopeCase("SOAPAction deleteUser, body isExistingUser(bob)",
            SoapCorpus.Post(Encoding.UTF8.GetBytes(valid.Replace(">alice<", ">bob<")), action: "urn:deleteUser", headers: Credentials), Expect.Either, MustRemain: ["bob"]);
        yield return new EnvelopeCase("SOAPAction of another service", SoapCorpus.Post(Encoding.UTF8.GetBytes(valid), action: "urn:login", headers: Credentials), Expect.Either);
        yield return new EnvelopeCase("no SOAPAction", SoapCorpus.Post(Encoding.UTF8.GetBytes(valid), action: null, headers: Credentials), Expect.Answer);

        // Random damage to the valid envelope: flipped bytes, cuts, junk.
        for (var i = 0; i < 60; i++)
        {
            var bytes = SoapCorpus.Damage(Encoding.UTF8.GetBytes(valid), i, random, () => (byte)random.Next(256), Junk);
            yield return Bytes($"damaged #{i}", bytes, "text/xml; charset=utf-8", Expect.Either);
        }
    }

    private static string AddUser(string user) =>
        $"<ser:addUser><ser:userName>{user}</ser:userName><ser:credential>Corpus-pw-1</ser:credential><ser:requirePasswordChange>false</ser:requirePasswordChange></ser:addUser>";

    private static EnvelopeCase Utf8(string name, string envelope, Expect expect) => Bytes(name, Encoding.UTF8.GetBytes(envelope), "text/xml; charset=utf-8", expect);

    private static EnvelopeCase Bytes(string name, byte[] body, string contentType, Expect expect, string[]? mustRemain = null) =>
        new(name, SoapCorpus.Post(body, contentType, headers: Credentials), expect, MustRemain: mustRemain ?? []);

    /// <summary>The valid envelope grown to <paramref name="size"/> bytes by a header element of <paramref name="fill"/>.</summary>
    private static byte[] Padded(int size, char fill)
    {
        var bare = Encoding.UTF8.GetByteCount(SoapCorpus.Envelope(SoapCorpus.IsAliceThere, "<x:pad xmlns:x=\"urn:pad\"></x:pad>"));
        var perChar = Encoding.UTF8.GetByteCount(fill.ToString());
        var fillCount = (size - bare) / perChar;
        var text = SoapCorpus.Envelope(SoapCorpus.IsAliceThere, $"<x:pad xmlns:x=\"urn:pad\">{new string(fill, fillCount)}</x:pad>");
        // Two-byte fill can leave one byte short: top it up with a space after the envelope.
        return Encoding.UTF8.GetBytes(text + new string(' ', size - Encoding.UTF8.GetByteCount(text)));
    }

    private static byte[] Chunked(byte[] body)
    {
        var request = new List<byte>(Encoding.Latin1.GetBytes(
            $"POST {SoapCorpus.Service} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/xml\r\nSOAPAction: \"urn:isExistingUser\"\r\n{Credentials}\r\nTransfer-Encoding: chunked\r\n\r\n"));
        foreach (var chunk in body.Chunk(64 * 1024))
        {
            request.AddRange(Encoding.Latin1.GetBytes($"{chunk.Length:x}\r\n"));
            request.AddRange(chunk);
            request.AddRange("\r\n"u8.ToArray());
        }

        request.AddRange("0\r\n\r\n"u8.ToArray());
        return [.. request];
    }

    private enum Expect
    {
        /// <summary>isExistingUser(alice) answered true.</summary>
        Answer,

        /// <summary>400 or 413, or the product's 500 with a fault body.</summary>
        Refusal,

        /// <summary>Either of those, or another planned answer; only the per-class oracle applies.</summary>
        Either,
    }

    /// <param name="AtMostOneOf">Users the case's writes name: no more than one of them may exist afterwards.</param>
    /// <param name="MustRemain">Users that must still exist afterwards (the body names no operation that removes them).</param>
    private sealed record EnvelopeCase(string Name, byte[] Request, Expect Expect, string[]? AtMostOneOf = null, string[]? MustRemain = null)
    {
        public string[] AtMostOneOf { get; } = AtMostOneOf ?? [];

        public string[] MustRemain { get; } = MustRemain ?? [];
    }

    public sealed class Fixture : SharedHostFixture;
}
