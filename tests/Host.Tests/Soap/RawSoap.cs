using System.Text;
using System.Xml.Linq;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>Envelopes as field scripts build and post them: SOAP 1.1 with <c>SOAPAction</c>, SOAP 1.2 with <c>action</c> in the content type.</summary>
public static class RawSoap
{
    public static string Soap11(XElement body) => Envelope("http://schemas.xmlsoap.org/soap/envelope/", body);

    public static string Soap12(XElement body) => Envelope("http://www.w3.org/2003/05/soap-envelope", body);

    /// <summary>The generated endpoint name a script posts to: <c>/services/Name.NameHttpsSoap1xEndpoint/</c>.</summary>
    public static string Endpoint(string service, bool soap12) => $"/services/{service}.{service}HttpsSoap{(soap12 ? "12" : "11")}Endpoint/";

    public static Task<(int Status, string Body, string? ContentType)> PostAsync(HostClient host, string service, string envelope, string action,
        bool soap12, params (string, string)[] headers) =>
        PostToAsync(host, Endpoint(service, soap12), envelope, action, soap12, headers);

    /// <param name="path">The address, e.g. a tenant's <c>/t/{domain}/services/...</c>.</param>
    public static async Task<(int Status, string Body, string? ContentType)> PostToAsync(HostClient host, string path, string envelope, string action,
        bool soap12, params (string, string)[] headers)
    {
        using var client = host.Client();
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(envelope, Encoding.UTF8) };
        message.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(soap12
            ? $"application/soap+xml;charset=UTF-8;action=\"urn:{action}\""
            : "text/xml;charset=UTF-8");
        if (!soap12)
        {
            message.Headers.TryAddWithoutValidation("SOAPAction", $"\"urn:{action}\"");
        }

        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private static string Envelope(XNamespace soap, XElement body) =>
        new XElement(soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soapenv", soap), new XElement(soap + "Header"), new XElement(soap + "Body", body)).ToString();
}
