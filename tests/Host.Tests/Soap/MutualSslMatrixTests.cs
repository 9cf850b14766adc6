using System.Net;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// Every row of mutual-ssl-matrix.tsv over real mutual TLS, driven by a real WCF client calling
/// RemoteUserStoreManagerService.isExistingUser("alice"); the acting user is read from the audit log.
/// </summary>
public sealed class MutualSslMatrixTests(MutualSslMatrixTests.Fixture fixture) : IClassFixture<MutualSslMatrixTests.Fixture>
{
    private const string MutualSslNamespace = "http://mutualssl.carbon.wso2.org";

    public static IEnumerable<object[]> Rows => ConformanceTable.Rows("mutual-ssl-matrix.tsv");

    /// <summary>
    /// Rows the product's source decides otherwise (it wins over the table): bob holds only the
    /// login and usermgt/view permissions, but RemoteUserStoreManagerService asks every caller
    /// for /permission/admin/manage/identity (identity-user-ws services.xml). The row's point —
    /// an Authorization header keeps MutualSSL out and Basic decides, as bob — still holds: the
    /// audit shows Basic authenticated bob, and authorization then refused him.
    /// </summary>
    private static readonly Dictionary<string, string> RefusedByTheProductsPermission = new() { ["authz-header-skips-mutual"] = "bob" };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task IsExistingUser_DecidesAsTheTableSays(ConformanceRow row)
    {
        var parameters = Parameters(row["params"]);
        fixture.Host.Reconfigure(fixture.Home, Toml(row["disabled"] == "false", parameters));
        var header = parameters.GetValueOrDefault("UsernameHeader", "UserName");
        var httpHeaders = new Dictionary<string, string>();
        if (row.Optional("http_user") is { } httpUser)
        {
            httpHeaders[header] = Convert.ToBase64String(Encoding.UTF8.GetBytes(httpUser));
        }

        if (row.Optional("authz") is { } authorization)
        {
            httpHeaders["Authorization"] = authorization;
        }

        var soapHeaders = row.Optional("soap_user") is { } soapUser
            ? new[] { MessageHeader.CreateHeader(header, MutualSslNamespace, soapUser) }
            : [];
        var certificate = row.Optional("cert") is { } name ? TestPki.Instance.Client(name) : null;
        var before = await fixture.Host.SettledAuditCountAsync();

        bool? answer;
        using (var factory = AdminServiceClients.Factory<IRemoteUserStoreManagerClient>(fixture.Host.Port, "RemoteUserStoreManagerService", certificate))
        {
            var channel = factory.CreateChannel();
            try
            {
                answer = AdminServiceClients.Call(channel, c => c.isExistingUser("alice"), httpHeaders, soapHeaders);
            }
            catch (Exception ex) when (ex is FaultException or CommunicationException or TimeoutException)
            {
                answer = null;
            }
            finally
            {
                ((IClientChannel)channel).Abort();
            }
        }

        if (RefusedByTheProductsPermission.TryGetValue(row["case"], out var authenticated))
        {
            Assert.Null(answer);
            var record = await fixture.Host.AuditRecordAsync(r => r.GetProperty("chain").GetString() == "soap", before);
            Assert.Equal("BasicAuthentication", record.GetProperty("handler").GetString());
            Assert.Equal(authenticated, record.GetProperty("user").GetString());
            Assert.Equal("denied", record.GetProperty("outcome").GetString());
        }
        else if (row["expect"] == "ok")
        {
            Assert.True(answer, "the call should have answered true");
            var record = await fixture.Host.AuditRecordAsync(
                r => r.TryGetProperty("operation", out var op) && op.GetString() == "isExistingUser", before);
            Assert.Equal(row["as"], record.GetProperty("user").GetString());
        }
        else
        {
            Assert.Null(answer);
        }
    }

    /// <summary>The table's parameter words: <c>fp:NAME</c>/<c>fplow:NAME</c> thumbprints, <c>CA</c>/<c>OTHER</c> issuers.</summary>
    private static Dictionary<string, string> Parameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
            if (name.StartsWith("issuer_", StringComparison.Ordinal))
            {
                name = "issuer_" + ConformanceWords.Issuer(name["issuer_".Length..]);
            }
            else if (name.StartsWith("cert_thumbprint_", StringComparison.Ordinal))
            {
                name = "cert_thumbprint_" + ConformanceWords.Thumbprint(name["cert_thumbprint_".Length..]);
            }

            result[name] = name switch
            {
                "WhiteList" => string.Join(',', value.Split(',').Select(ConformanceWords.Thumbprint)),
                "allowed_issuers" => string.Join('|', value.Split('|').Select(ConformanceWords.Issuer)),
                _ => value,
            };
        }

        return result;
    }

    private static string Toml(bool enabled, Dictionary<string, string> parameters)
    {
        var toml = new StringBuilder($"[admin_console.authenticator.mutual_ssl_authenticator]\nenable = {(enabled ? "true" : "false")}\npriority = 5\n");
        toml.Append("[admin_console.authenticator.mutual_ssl_authenticator.config]\n");
        foreach (var (name, value) in parameters)
        {
            toml.Append($"\"{name}\" = \"{value}\"\n");
        }

        return toml.ToString();
    }

    public sealed class Fixture : SharedHostFixture;
}
