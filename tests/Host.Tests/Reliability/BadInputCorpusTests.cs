using System.Text;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// Generated bad input (a fixed seed, so a failure names a reproducible case) against a real
/// host over TLS. Per class: every case answered, none with an unplanned 5xx, and none accepted
/// that the oracle says must be refused.
/// </summary>
public sealed class BadInputCorpusTests(BadInputCorpusTests.Fixture fixture) : IClassFixture<BadInputCorpusTests.Fixture>
{
    private const string ValidCredentials = "alice:alicepw";

    // Found by this corpus: "alice:alicepw\0" was accepted (HMAC pads the PBKDF2 key with zeros).
    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task AuthorizationHeaders_AreNeverAcceptedUnlessTheyCarryAlicesCredentials()
    {
        var cases = AuthorizationCorpus(new Random(20261123)).ToList();
        var outcomes = new List<(string Header, int Status)>();
        foreach (var header in cases)
        {
            var raw = Encoding.Latin1.GetBytes($"GET /scim2/Me HTTP/1.1\r\nHost: 127.0.0.1\r\n{header}\r\nConnection: close\r\n\r\n");
            var statuses = HostClient.RawStatuses(await Host.SendRawAsync(raw));
            outcomes.Add((header, statuses is [var s, ..] ? s : 0));
        }

        Assert.True(cases.Count >= 300, $"only {cases.Count} cases");
        Assert.All(outcomes, o => Assert.True(o.Status is not (>= 500 or 0), $"{o.Status} for {Show(o.Header)}"));
        Assert.All(outcomes.Where(o => o.Status == 200), o => Assert.True(CarriesValidCredentials(o.Header), $"accepted {Show(o.Header)}"));
        // And the oracle is not vacuous: alice's one header is accepted however many others surround it, up to Kestrel's limits.
        // (Only alice's canonical base64: the host is stricter than .NET's decoder about the spare bits of the last character.)
        var canonical = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ValidCredentials));
        Assert.All(outcomes.Where(o => CarriesValidCredentials(o.Header) && WithinHeaderLimits(o.Header)
                && o.Header.Split("\r\n").Any(l => l.EndsWith(":" + canonical, StringComparison.Ordinal) || l.EndsWith(": " + canonical, StringComparison.Ordinal))),
            o => Assert.True(o.Status == 200, $"{o.Status} for {Show(o.Header)}"));
        Assert.All(outcomes.Where(o => !WithinHeaderLimits(o.Header)), o => Assert.True(o.Status == 431, $"{o.Status} for {Show(o.Header)}"));
    }

    [Fact]
    public async Task IdentityUserHeader_WithACertificate_OnlyEverActsAsAnAllowedUser()
    {
        var certificate = TestPki.Instance.Client("alice");
        var random = new Random(7);
        var values = new List<string> { "bob", "BOB", " bob", "bob ", "bob\t", "admin", "bob@carbon.super", "PRIMARY/bob", "bob@abc.com", "b\u00f6b", "bob\u0000", "bob%0d%0aX: y" };
        values.AddRange(Enumerable.Range(0, 60).Select(_ => RandomText(random, random.Next(1, 40))));
        values.Add(new string('b', 8000));
        values.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes("bob")));
        var outcomes = new List<(string Value, int Status, string Body)>();
        foreach (var value in values)
        {
            var raw = Encoding.Latin1.GetBytes($"GET /scim2/Me HTTP/1.1\r\nHost: 127.0.0.1\r\nWSO2-Identity-User: {value}\r\nConnection: close\r\n\r\n");
            var response = await Host.SendRawAsync(raw, certificate);
            outcomes.Add((value, HostClient.RawStatuses(response) is [var s, ..] ? s : 0, response));
        }

        Assert.All(outcomes, o => Assert.True(o.Status is not (>= 500 or 0), $"{o.Status} for {Show(o.Value)}"));
        // The mapping allows bob only; whatever was accepted must have been bob.
        Assert.All(outcomes.Where(o => o.Status == 200), o => Assert.Contains("\"userName\":\"bob\"", o.Body));
        Assert.Contains(outcomes, o => o.Value == "bob" && o.Status == 200);
        Assert.Contains(outcomes, o => o.Value == "admin" && o.Status == 401);
    }

    [Theory]
    // Content-Length and Transfer-Encoding together, duplicated lengths, obfuscated chunking: the
    // classic request-smuggling shapes must be refused, and no hidden second request run.
    [InlineData("POST /scim2/Users HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /scim2/Me HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("POST /scim2/Users HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\nGET /scim2/Me HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("POST /scim2/Users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n")]
    [InlineData("POST /scim2/Users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("POST /scim2/Users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n")]
    [InlineData("POST /scim2/Users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n")]
    [InlineData("GET /scim2/Me HTTP/1.1\r\nHost: x\r\nAuthorization: Basic YWxpY2U6YWxpY2Vwdw==\nX: y\r\nConnection: close\r\n\r\n")]
    public async Task SmugglingShapes_AreRefused_AndNothingHiddenRuns(string request)
    {
        var before = await Host.SettledAuditCountAsync();

        var statuses = HostClient.RawStatuses(await Host.SendRawAsync(Encoding.ASCII.GetBytes(request)));

        Assert.All(statuses, s => Assert.True(s is >= 400 and < 500, $"answered {s}"));
        Assert.True(statuses.Count <= 1, $"answered {statuses.Count} requests");
        await Task.Delay(200);
        Assert.DoesNotContain(Host.AuditRecords().Skip(before), r => r.GetProperty("status").GetInt32() is 200 or 201);
    }

    /// <summary>Mutations of a valid Basic header for alice: bytes, lengths, encodings, schemes, repeats.</summary>
    private static IEnumerable<string> AuthorizationCorpus(Random random)
    {
        var valid = Convert.ToBase64String(Encoding.UTF8.GetBytes(ValidCredentials));
        yield return "Authorization: Basic " + valid;
        foreach (var scheme in new[] { "basic", "BASIC", "Basic  ", "Basic\t", "Bearer", "Digest", "", "Basic=" })
        {
            yield return $"Authorization: {scheme} {valid}";
        }

        for (var i = 0; i < 120; i++)
        {
            var chars = valid.ToCharArray();
            chars[random.Next(chars.Length)] = (char)random.Next(0x21, 0x7f);
            yield return "Authorization: Basic " + new string(chars);
        }

        for (var i = 0; i < 40; i++)
        {
            yield return "Authorization: Basic " + valid[..random.Next(valid.Length)];
        }

        foreach (var length in new[] { 1, 100, 1000, 4095, 4096, 4097, 20_000, 60_000 })
        {
            yield return "Authorization: Basic " + new string('Q', length);
        }

        foreach (var text in new[] { "alice:alicepw\0", "\0alice:alicepw", "alice:", ":alicepw", "alice", "alice:alicepw:x", "ALICE:alicepw", "alice:ALICEPW", "alice\u00e9:alicepw", "alice@carbon.super:alicepw" })
        {
            yield return "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            yield return "Authorization: Basic " + Convert.ToBase64String(Encoding.Latin1.GetBytes(text));
        }

        for (var i = 0; i < 80; i++)
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);
            yield return "Authorization: Basic " + Convert.ToBase64String(bytes);
        }

        for (var i = 0; i < 40; i++)
        {
            yield return "Authorization: Bearer " + RandomText(random, random.Next(1, 120));
        }

        yield return $"Authorization: Basic {valid}\r\nAuthorization: Basic {valid}";
        yield return $"Authorization: Basic {valid}\r\nAuthorization: Bearer x";
        yield return string.Join("\r\n", Enumerable.Repeat("Authorization: Basic Og==", 100));
        // Many headers: alice's among others up to and past Kestrel's 100 headers and 64 KiB; the
        // header name in other cases; no space after the colon; a folded line; one list value.
        foreach (var count in new[] { 10, 50, 97, 98, 200, 1000 })
        {
            var padding = Enumerable.Range(0, count).Select(i => $"X-Pad-{i}: {RandomText(random, 8)}").ToList();
            padding.Insert(random.Next(count + 1), "Authorization: Basic " + valid);
            yield return string.Join("\r\n", padding);
        }

        yield return string.Join("\r\n", Enumerable.Range(0, 20).Select(i => $"X-Big-{i}: {new string('b', 4000)}").Append("Authorization: Basic " + valid));
        yield return "authorization: Basic " + valid;
        yield return "AUTHORIZATION: Basic " + valid;
        yield return "Authorization:Basic " + valid;
        yield return "Authorization: Basic\r\n " + valid;
        yield return $"Authorization: Basic Og==, Basic {valid}";
        yield return $"Authorization: Basic {valid}\r\nauthorization: Basic {valid}";
        yield return "Authorization: Basic " + valid + "\u00ff";
        yield return "Authorization: \u00c2\u00a0Basic " + valid;
    }

    /// <summary>
    /// The oracle: one Authorization header (its name in any case, as HTTP allows) among any
    /// others, the exact scheme word with one space, strict base64 of alice's password after her
    /// name — which, as in the product's user store, compares ignoring case and may carry the
    /// super tenant (<c>ALICE</c>, <c>alice@carbon.super</c>). Nothing else may be 200.
    /// </summary>
    private static bool CarriesValidCredentials(string headers)
    {
        const string name = "Authorization:";
        var lines = headers.Split("\r\n");
        // A repeated Authorization header is refused whatever it holds (README: Differences), and
        // so is a line ending in a bare LF or folded onto the next.
        if (lines.Any(l => l.Contains('\n') || l.StartsWith(' ')) || lines.Count(l => l.StartsWith(name, StringComparison.OrdinalIgnoreCase)) != 1)
        {
            return false;
        }

        var value = lines.Single(l => l.StartsWith(name, StringComparison.OrdinalIgnoreCase))[name.Length..].TrimStart(' ', '\t');
        if (!value.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = value["Basic ".Length..].TrimEnd();
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        var colon = text.IndexOf(':');
        var user = colon < 0 ? "" : text[..colon];
        return text[(colon + 1)..] == "alicepw"
            && (user.Equals("alice", StringComparison.OrdinalIgnoreCase) || user.Equals("alice@carbon.super", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Kestrel's limits as CompatHostApp sets them: 100 headers (Host and Connection are two), 64 KiB in all.</summary>
    private static bool WithinHeaderLimits(string headers) => headers.Split("\r\n").Length + 2 <= 100 && headers.Length < 60 * 1024;

    internal static string RandomText(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x20, 0x7f)).ToArray());

    private static string Show(string text) => text.Length > 80 ? text[..80] + $"… ({text.Length} chars)" : text;

    public sealed class Fixture : SharedHostFixture
    {
        protected override string InitialToml => $$"""
            [client_certificate_based_authentication]
            enable = true
            [[client_certificate_based_authentication.user_thumbprint_mapping]]
            trusted_issuer = "{{TestPki.AdvisoryDn}}"
            cert_thumbprint = "{{TestPki.Fingerprint(TestPki.Instance.Client("alice"))}}"
            allowed_username = ["bob"]
            """;
    }
}
