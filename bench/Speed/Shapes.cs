using System.Net.Http.Headers;
using System.Text;

namespace CompatHost.Speed;

/// <summary>The requests the harness drives, the same bytes for the host and its bare baseline.</summary>
public static class Shapes
{
    private const string IsExistingUser = """
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="http://service.ws.um.carbon.wso2.org">
          <soapenv:Header/><soapenv:Body><ser:isExistingUser><ser:userName>admin</ser:userName></ser:isExistingUser></soapenv:Body>
        </soapenv:Envelope>
        """;

    public static readonly string AdminBasic = "Basic " + Convert.ToBase64String("admin:admin"u8);

    public static Shape Get(string name, string path, string? authorization = null, bool certificate = false, bool newConnection = false) =>
        new(name, server =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path));
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            return request;
        }, certificate, newConnection);

    /// <summary>MutualSSL: the client certificate, and the user to act as in the <c>UserName</c> header (Base64, as the product reads it).</summary>
    public static Shape Soap(string name, bool mutualSsl) => new(name, server =>
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/services/RemoteUserStoreManagerService"))
        {
            Content = new StringContent(IsExistingUser, Encoding.UTF8, "text/xml"),
        };
        request.Content.Headers.Add("SOAPAction", "\"urn:isExistingUser\"");
        request.Headers.TryAddWithoutValidation(mutualSsl ? "UserName" : "Authorization",
            mutualSsl ? Convert.ToBase64String("admin"u8) : AdminBasic);
        return request;
    }, mutualSsl);

    public static Shape ClientCredentials(string name, string clientBasic) => new(name, server =>
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/oauth2/token"))
        {
            Content = new StringContent("grant_type=client_credentials&scope=internal_login", Encoding.ASCII,
                new MediaTypeHeaderValue("application/x-www-form-urlencoded")),
        };
        request.Headers.TryAddWithoutValidation("Authorization", clientBasic);
        return request;
    });
}
