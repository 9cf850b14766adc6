using System.Security;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Chain;

/// <summary>
/// Writes a SOAP 1.1 or 1.2 fault (matching the request's content type) with a reason safe to
/// show: never a stack trace or an HTML error page.
/// </summary>
public static class SoapFaultWriter
{
    public static Task WriteAsync(HttpContext context, int status, string reason)
    {
        var soap12 = context.Request.ContentType?.Contains("application/soap+xml", StringComparison.OrdinalIgnoreCase) == true;
        var text = SecurityElement.Escape(reason);
        context.Response.StatusCode = status;
        context.Response.ContentType = soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
        var body = soap12
            ? $"""<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body><soapenv:Fault><soapenv:Code><soapenv:Value>soapenv:Sender</soapenv:Value></soapenv:Code><soapenv:Reason><soapenv:Text xml:lang="en">{text}</soapenv:Text></soapenv:Reason></soapenv:Fault></soapenv:Body></soapenv:Envelope>"""
            : $"""<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>{text}</faultstring><detail/></soapenv:Fault></soapenv:Body></soapenv:Envelope>""";
        return context.Response.WriteAsync(body);
    }
}
