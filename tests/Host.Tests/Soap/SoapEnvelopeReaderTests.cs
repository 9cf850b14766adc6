using System.Text;
using CompatHost.Host.Soap;
using CompatHost.Tests.Reliability;

namespace CompatHost.Tests.Soap;

/// <summary>
/// The envelope gate reads a pooled envelope with WCF's text reader first and falls back to the
/// general XmlReader. Oracle: whatever the fast reader accepts, the general reader accepts and
/// reads the same headers (name, namespace, text) and operation; what it refuses, the general
/// reader decides.
/// </summary>
public sealed class SoapEnvelopeReaderTests
{
    private static readonly byte[] Junk = "<![CDATA[]]><!-- --><?p?>&amp;&#x41;"u8.ToArray();

    private static readonly string UserName = SoapCorpus.UserNameHeader("admin");

    /// <summary>Envelopes the fast reader must read itself: what the listed clients send.</summary>
    public static TheoryData<string, string> Plain => new()
    {
        { "benchmark", SoapCorpus.Envelope(SoapCorpus.IsAliceThere) },
        { "MutualSSL header", SoapCorpus.Envelope(SoapCorpus.IsAliceThere, UserName) },
        { "SOAP 1.2", SoapCorpus.Envelope(SoapCorpus.IsAliceThere, UserName, "http://www.w3.org/2003/05/soap-envelope") },
        { "declaration, whitespace and comments", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a client's comment -->\n"
            + SoapCorpus.Envelope(SoapCorpus.IsAliceThere, "\n  " + UserName + "\n  <!-- c -->\n").Replace("><", ">\r\n  <") },
        { "text split by an entity, CDATA and a child", SoapCorpus.Envelope(SoapCorpus.IsAliceThere,
            SoapCorpus.UserNameHeader(" ad&amp;min <![CDATA[x\r\ny\rz]]><b>ignored</b>\r\n")) },
        { "two headers, one empty", SoapCorpus.Envelope(SoapCorpus.IsAliceThere, "<h:a xmlns:h=\"urn:h\"/>" + UserName) },
        { "no Header", SoapCorpus.Envelope(SoapCorpus.IsAliceThere).Replace("<soapenv:Header></soapenv:Header>", "") },
        { "empty Body", SoapCorpus.Envelope("") },
        { "non-ASCII text", SoapCorpus.Envelope(SoapCorpus.IsAliceThere, SoapCorpus.UserNameHeader("ädmin‮")) },
    };

    /// <summary>Envelopes the fast reader refuses and the general reader reads: the gate still answers them.</summary>
    public static TheoryData<string, byte[]> FallBack => new()
    {
        { "processing instruction", Encoding.UTF8.GetBytes(SoapCorpus.Envelope("<?pi data?>" + SoapCorpus.IsAliceThere, UserName)) },
        { "ISO-8859-1", Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + SoapCorpus.Envelope(SoapCorpus.IsAliceThere, SoapCorpus.UserNameHeader("ädmin"))) },
        { "deeper than the fast quota", Encoding.UTF8.GetBytes(SoapCorpus.Envelope(SoapCorpus.IsAliceThere,
            UserName + string.Concat(Enumerable.Repeat("<x:d xmlns:x=\"urn:d\">", 70)) + string.Concat(Enumerable.Repeat("</x:d>", 70)))) },
    };

    [Theory]
    [MemberData(nameof(Plain))]
    public void FastReader_ReadsWhatClientsSend_AsTheGeneralReaderDoes(string name, string envelope)
    {
        var bytes = Encoding.UTF8.GetBytes(envelope);

        Assert.True(SoapEnvelopeReader.TryReadFast(bytes, bytes.Length, CancellationToken.None, out var fast), name);
        AssertSame(General(bytes), fast);
    }

    [Theory]
    [MemberData(nameof(FallBack))]
    public void WhatTheFastReaderRefuses_TheGeneralReaderReads(string name, byte[] envelope)
    {
        Assert.False(SoapEnvelopeReader.TryReadFast(envelope, envelope.Length, CancellationToken.None, out _), name);
        Assert.Equal("isExistingUser", General(envelope).Operation);
    }

    [Fact]
    public void CdataLineEnds_AreReadAsXmlReadsThem()
    {
        var bytes = Encoding.UTF8.GetBytes(SoapCorpus.Envelope(SoapCorpus.IsAliceThere, SoapCorpus.UserNameHeader("<![CDATA[a\r\nb\rc]]>")));

        Assert.True(SoapEnvelopeReader.TryReadFast(bytes, bytes.Length, CancellationToken.None, out var fast));
        Assert.Equal("a\nb\nc", fast.Headers.All.Single().Value);
    }

    /// <summary>The gate remembers names it read before (per thread); a name is only ever matched whole.</summary>
    [Fact]
    public void NamesSeenBefore_AreNotTakenForNamesLikeThem()
    {
        foreach (var (header, ns, operation) in new[]
                 {
                     ("UserName", SoapCorpus.MutualSsl, "isExistingUser"), ("UserNam", SoapCorpus.MutualSsl, "isExistingUse"),
                     ("UserNameX", SoapCorpus.MutualSsl + "/", "isExistingUsers"), ("UserName", SoapCorpus.MutualSsl, "isExistingUser"),
                 })
        {
            var bytes = Encoding.UTF8.GetBytes(SoapCorpus.Envelope($"<ser:{operation}/>", $"<m:{header} xmlns:m=\"{ns}\">admin</m:{header}>"));

            Assert.True(SoapEnvelopeReader.TryReadFast(bytes, bytes.Length, CancellationToken.None, out var read));
            Assert.Equal(operation, read.Operation);
            Assert.Equal(new Sdk.Handlers.SoapHeader(ns, header, "admin"), read.Headers.All.Single());
        }
    }

    /// <summary>Random damage, as the bad-input corpus makes it: the fast reader never accepts what the general reader refuses, nor reads it otherwise.</summary>
    [Fact]
    public void DamagedEnvelopes_TheFastReaderAcceptsOnlyWhatTheGeneralReaderReadsAlike()
    {
        var random = new Random(23_11);
        var valid = Encoding.UTF8.GetBytes(SoapCorpus.Envelope(SoapCorpus.IsAliceThere, UserName));
        var accepted = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes = SoapCorpus.Damage(bytes, random.Next(3), random, () => (byte)"<>&;:/=\"' \r\nx]![?-#\0\u00ff"[random.Next(21)], Junk);
                if (bytes.Length == 0)
                {
                    bytes = [(byte)'<'];
                }
            }

            if (!SoapEnvelopeReader.TryReadFast(bytes, bytes.Length, CancellationToken.None, out var fast))
            {
                continue;
            }

            accepted++;
            (SoapHeadersRead Headers, string? Operation) general;
            try
            {
                general = General(bytes);
            }
            catch (Exception ex)
            {
                Assert.Fail($"the fast reader accepted what the general reader refuses ({ex.Message}): {Encoding.UTF8.GetString(bytes)}");
                return;
            }

            AssertSame(general, fast);
        }

        // The oracle is only as strong as the number of damaged envelopes the fast reader took.
        Assert.True(accepted > 100, $"only {accepted} damaged envelopes were accepted");
    }

    private sealed record SoapHeadersRead(string Text);

    private static (SoapHeadersRead Headers, string? Operation) General(byte[] envelope)
    {
        var (headers, operation) = SoapEnvelopeReader.Read(new MemoryStream(envelope), CancellationToken.None);
        return (Describe(headers), operation);
    }

    private static SoapHeadersRead Describe(Sdk.Handlers.SoapHeaders headers) =>
        new(string.Join("|", headers.All.Select(h => $"{{{h.Namespace}}}{h.LocalName}=[{h.Value}]")));

    private static void AssertSame((SoapHeadersRead Headers, string? Operation) general, (Sdk.Handlers.SoapHeaders Headers, string? Operation) fast)
    {
        Assert.Equal(general.Operation, fast.Operation);
        Assert.Equal(general.Headers, Describe(fast.Headers));
    }
}
