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

        request.EnableBuffering(64 * 1024, MaxEnvelopeBytes);
        var state = context.Features.GetRequiredFeature<AuthRequestState>();
        try
        {
            // The whole envelope is buffered first (at most MaxEnvelopeBytes), so the gate parses it
            // with XmlReader's synchronous mode, which does not pay a task per node as the async
            // mode does; no read here waits on the network. SoapCore then reads the same bytes.
            await request.Body.DrainAsync(context.RequestAborted);
            request.Body.Position = 0;
            (state.SoapHeaders, state.Operation) = Read(request.Body, context.RequestAborted);
        }
        catch (Exception ex) when (ex is XmlException or InvalidOperationException or IOException or BadHttpRequestException)
        {
            state.Deny("malformed SOAP message: " + ex.Message);
            await SoapFaultWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "The SOAP message is not a well-formed envelope (DTDs and entities are not accepted).");
            return;
        }

        request.Body.Position = 0;
        await next(context);
    }

    private static (SoapHeaders Headers, string? Operation) Read(Stream body, CancellationToken cancellationToken)
    {
        using var reader = XmlReader.Create(body, Safe);
        reader.MoveToContent();
        if (reader.LocalName != "Envelope" || reader.NamespaceURI is not (Soap11 or Soap12))
        {
            throw new XmlException("not a SOAP envelope");
        }

        var envelopeNs = reader.NamespaceURI;
        var headers = new List<SoapHeader>();
        string? operation = null;
        while (reader.Read() && operation is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1 || reader.NamespaceURI != envelopeNs)
            {
                continue;
            }

            if (reader.LocalName == "Header")
            {
                ReadHeaders(reader, headers);
            }
            else if (reader.LocalName == "Body")
            {
                while (reader.Read() && reader.NodeType != XmlNodeType.Element && reader.NodeType != XmlNodeType.EndElement)
                {
                }

                operation = reader.NodeType == XmlNodeType.Element ? reader.LocalName : "";
            }
        }

        // Drain the rest so a malformed tail is caught here, not by SoapCore.
        while (reader.Read())
        {
        }

        return (new SoapHeaders([.. headers]), operation);
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
                text.Append(reader.Value);
            }
        }

        // On the element's end tag: step past it.
        reader.Read();
        return text.ToString();
    }

    private static void ReadHeaders(XmlReader reader, List<SoapHeader> headers)
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

            var (ns, name) = (reader.NamespaceURI, reader.LocalName);
            headers.Add(new SoapHeader(ns, name, ReadText(reader)));
        }
    }
}
