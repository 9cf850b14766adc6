using System.Buffers;
using System.Xml;
using CompatHost.Host.Chain;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace CompatHost.Host.Soap;

/// <summary>
/// Reads a SOAP request's envelope once, before authentication: its header elements (the
/// MutualSSLAuthenticator may read its username from one) and the operation. Also the XML
/// safety gate for admin services: size-capped, no DTD, no external entities, so a hostile
/// envelope is a fault and never reaches SoapCore's parser.
/// </summary>
public sealed class SoapEnvelopeReader(RequestDelegate next)
{
    public const int MaxEnvelopeBytes = 1024 * 1024;

    /// <summary>
    /// An envelope of a declared length up to this is read into a pooled array; a larger one, or
    /// one of no declared length, is buffered by the framework, which moves it to a file past this
    /// size, so many large envelopes at once do not each hold a megabyte of memory.
    /// </summary>
    private const int PooledEnvelopeBytes = 64 * 1024;

    private const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";

    private static readonly XmlReaderSettings Safe = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxEnvelopeBytes,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>
    /// WCF's text reader, the first reader of a pooled envelope: it is given valid UTF-8 only, takes
    /// no DTD and no processing instruction, and one instance per thread is reset for each envelope,
    /// so a call allocates nothing here (the general reader allocated ~4 KiB and took ~5 µs for
    /// the benchmark's envelope, ~0.6 µs here). What it refuses is read again by the general
    /// reader with <see cref="Safe"/>, whose verdict stands: the fast reader only ever answers
    /// for envelopes without a DTD. It is more lenient in one known way: a character reference to
    /// a control character (<c>&amp;#1;</c>) passes it, and SoapCore's own parse then refuses the
    /// envelope with a fault.
    /// </summary>
    [ThreadStatic]
    private static XmlDictionaryReader? t_fast;

    /// <summary>
    /// Names (operations, header names and namespaces) this thread's envelopes carried before.
    /// WCF's reader builds a name table of 30 entries for the first name asked of each envelope
    /// (~1.4% of a MutualSSL call's CPU in the profile); a name seen before is matched in place
    /// instead. Bounded, and a new name replaces the oldest, so envelopes full of new names cost
    /// what the name table did and the names clients keep sending come back at once. Names longer
    /// than <see cref="RememberedNameLength"/> are not kept: an envelope's names may be ~64 K
    /// characters, and every thread keeping 32 of those would hold megabytes for nothing.
    /// </summary>
    [ThreadStatic]
    private static string[]? t_names;

    [ThreadStatic]
    private static int t_nextName;

    private const int RememberedNames = 32;

    private const int RememberedNameLength = 256;

    private static readonly XmlDictionaryReaderQuotas FastQuotas = new()
    {
        MaxDepth = 64,
        MaxStringContentLength = PooledEnvelopeBytes,
        MaxArrayLength = PooledEnvelopeBytes,
        MaxBytesPerRead = PooledEnvelopeBytes,
        MaxNameTableCharCount = PooledEnvelopeBytes,
    };

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        return HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments(RequestStateMiddleware.SoapPrefix, StringComparison.OrdinalIgnoreCase)
            ? GateAsync(context)
            : next(context);
    }

    private async Task GateAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > MaxEnvelopeBytes)
        {
            await SoapFaultWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"The SOAP message is larger than {MaxEnvelopeBytes} bytes.");
            return;
        }

        var state = context.Features.GetRequiredFeature<AuthRequestState>();
        var body = request.Body;
        byte[]? pooled = null;
        try
        {
            try
            {
                // The whole envelope is read before it is parsed (at most MaxEnvelopeBytes), so the
                // readers run synchronously and none waits on the network; SoapCore reads the same bytes.
                if (request.ContentLength is > 0 and <= PooledEnvelopeBytes)
                {
                    var length = (int)request.ContentLength.Value;
                    pooled = ArrayPool<byte>.Shared.Rent(length);
                    await body.ReadExactlyAsync(pooled.AsMemory(0, length), context.RequestAborted);
                    (state.SoapHeaders, state.Operation) = Read(pooled, length, context.RequestAborted);
                    request.Body = new MemoryStream(pooled, 0, length, writable: false);
                }
                else
                {
                    request.EnableBuffering(PooledEnvelopeBytes, MaxEnvelopeBytes);
                    await request.Body.DrainAsync(context.RequestAborted);
                    request.Body.Position = 0;
                    (state.SoapHeaders, state.Operation) = Read(request.Body, context.RequestAborted);
                    request.Body.Position = 0;
                }
            }
            catch (Exception ex) when (ex is XmlException or InvalidOperationException or IOException or BadHttpRequestException)
            {
                state.Deny("malformed SOAP message: " + ex.Message);
                await SoapFaultWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "The SOAP message is not a well-formed envelope (DTDs and entities are not accepted).");
                return;
            }

            await next(context);
        }
        finally
        {
            if (pooled is not null)
            {
                // SoapCore has read the envelope by the time the pipeline returns.
                request.Body = body;
                ArrayPool<byte>.Shared.Return(pooled);
            }
        }
    }

    private static (SoapHeaders Headers, string? Operation) Read(byte[] envelope, int length, CancellationToken cancellationToken) =>
        TryReadFast(envelope, length, cancellationToken, out var read)
            ? read
            : Read(new MemoryStream(envelope, 0, length, writable: false), cancellationToken);

    /// <summary>The envelope as the fast reader reads it; false when it refuses it (the general reader then decides).</summary>
    internal static bool TryReadFast(byte[] envelope, int length, CancellationToken cancellationToken, out (SoapHeaders Headers, string? Operation) read)
    {
        read = default;
        // UTF-8 only, valid and without NUL (no character XML allows): WCF's reader takes some
        // malformed bytes that the general reader (and the product's StAX parser) refuse (found by
        // the differential test against it).
        var bytes = envelope.AsSpan(0, length);
        if (!System.Text.Unicode.Utf8.IsValid(bytes) || bytes.Contains((byte)0))
        {
            return false;
        }

        var fast = t_fast;
        try
        {
            if (fast is null)
            {
                t_fast = fast = XmlDictionaryReader.CreateTextReader(envelope, 0, length, null, FastQuotas, null);
            }
            else
            {
                ((IXmlTextReaderInitializer)fast).SetInput(envelope, 0, length, null, FastQuotas, null);
            }

            read = Walk(fast, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not only XmlException: a cut "<prefix:" makes WCF's reader throw ArgumentException
            // (found by the bad-input corpus).
            return false;
        }
        finally
        {
            fast?.Close();
        }
    }

    /// <summary>The envelope as the general reader reads it; throws when it is refused.</summary>
    internal static (SoapHeaders Headers, string? Operation) Read(Stream body, CancellationToken cancellationToken)
    {
        using var reader = XmlDictionaryReader.CreateDictionaryReader(XmlReader.Create(body, Safe));
        return Walk(reader, cancellationToken);
    }

    /// <summary>
    /// The envelope's headers and the Body's first element. Names are compared in place
    /// (<see cref="XmlDictionaryReader.IsLocalName(string)"/>), which the fast reader does
    /// without making a string of each.
    /// </summary>
    private static (SoapHeaders Headers, string? Operation) Walk(XmlDictionaryReader reader, CancellationToken cancellationToken)
    {
        reader.MoveToContent();
        var envelopeNs = !reader.IsLocalName("Envelope") ? null
            : reader.IsNamespaceUri(Soap11) ? Soap11
            : reader.IsNamespaceUri(Soap12) ? Soap12
            : null;
        if (envelopeNs is null)
        {
            throw new XmlException("not a SOAP envelope");
        }

        List<SoapHeader>? headers = null;
        string? operation = null;
        while (reader.Read() && operation is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1 || !reader.IsNamespaceUri(envelopeNs))
            {
                continue;
            }

            if (reader.IsLocalName("Header"))
            {
                ReadHeaders(reader, headers ??= []);
            }
            else if (reader.IsLocalName("Body"))
            {
                while (reader.Read() && reader.NodeType != XmlNodeType.Element && reader.NodeType != XmlNodeType.EndElement)
                {
                }

                operation = reader.NodeType == XmlNodeType.Element ? Remembered(reader, localName: true) : "";
            }
        }

        // Drain the rest so a malformed tail is caught here, not by SoapCore.
        while (reader.Read())
        {
        }

        return (headers is null ? SoapHeaders.None : new SoapHeaders([.. headers]), operation);
    }

    /// <summary>
    /// A header element's value as the product reads it (Axiom <c>OMElement.getText()</c>): its
    /// direct text and CDATA children joined, untrimmed; child elements add nothing. Trimming here
    /// once let " admin\r\n" act as admin where the product compares the text as it is (found by
    /// the bad-input corpus). Reads the buffered envelope, so synchronously; leaves the reader on
    /// the node after the element.
    /// </summary>
    private static string ReadText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        var depth = reader.Depth;
        var text = new System.Text.StringBuilder();
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.Depth == depth + 1 && reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                text.Append(reader.NodeType == XmlNodeType.CDATA ? NormalizeLineEnds(reader.Value) : reader.Value);
            }
        }

        // On the element's end tag: step past it.
        reader.Read();
        return text.ToString();
    }

    /// <summary>
    /// XML reads every CR LF and lone CR as LF, inside CDATA too (XML 1.0 §2.11), as the general
    /// reader and the product's StAX parser do; WCF's reader leaves them in CDATA.
    /// </summary>
    private static string NormalizeLineEnds(string value) =>
        value.Contains('\r') ? value.Replace("\r\n", "\n").Replace('\r', '\n') : value;

    /// <summary>The current node's local name or namespace, from <see cref="t_names"/> when it was seen before.</summary>
    private static string Remembered(XmlDictionaryReader reader, bool localName)
    {
        var names = t_names ??= new string[RememberedNames];
        foreach (var name in names)
        {
            if (name is not null && (localName ? reader.IsLocalName(name) : reader.IsNamespaceUri(name)))
            {
                return name;
            }
        }

        var read = localName ? reader.LocalName : reader.NamespaceURI;
        if (read.Length <= RememberedNameLength)
        {
            names[t_nextName] = read;
            t_nextName = (t_nextName + 1) % RememberedNames;
        }

        return read;
    }

    private static void ReadHeaders(XmlDictionaryReader reader, List<SoapHeader> headers)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != depth + 1)
            {
                reader.Read();
                continue;
            }

            var (ns, name) = (Remembered(reader, localName: false), Remembered(reader, localName: true));
            headers.Add(new SoapHeader(ns, name, ReadText(reader)));
        }
    }
}
