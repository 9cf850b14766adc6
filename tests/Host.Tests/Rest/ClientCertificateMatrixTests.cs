using System.Text;
using System.Text.Json;
using CompatHost.Host.Chain;
using CompatHost.Host.Rest;
using CompatHost.Host.Security;
using CompatHost.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CompatHost.Tests.Rest;

/// <summary>
/// Every row of client-cert-matrix.tsv over real TLS: one host, reconfigured per row through
/// the same hot-reload path an operator uses.
/// </summary>
public sealed class ClientCertificateMatrixTests(ClientCertificateMatrixTests.HostFixture fixture)
    : IClassFixture<ClientCertificateMatrixTests.HostFixture>
{
    public static IEnumerable<object[]> Rows => ConformanceTable.Rows("client-cert-matrix.tsv");

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task ScimMe_DecidesAsTheTableSays(ConformanceRow row)
    {
        fixture.Host.Reconfigure(fixture.Home, Toml(row));
        var certificate = row.Optional("cert") is { } name ? TestPki.Instance.Client(name) : null;
        var headers = row.Optional("header") is { } user ? new[] { ("WSO2-Identity-User", user) } : [];

        var (status, body) = await fixture.Host.GetAsync("/scim2/Me", certificate, headers);

        Assert.Equal(int.Parse(row["expect"]), status);
        if (row.Optional("user") is { } expectedUser)
        {
            Assert.Equal(expectedUser, JsonDocument.Parse(body).RootElement.GetProperty("userName").GetString());
        }
    }

    /// <summary>
    /// <c>explain</c> answers every row as the served request was answered, from the same code,
    /// and leaves no audit record behind.
    /// </summary>
    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Explain_AgreesWithTheRealDecision(ConformanceRow row)
    {
        fixture.Host.Reconfigure(fixture.Home, Toml(row));
        var certificate = row.Optional("cert") is { } name ? TestPki.Instance.Client(name) : null;
        var headers = row.Optional("header") is { } user ? new[] { ("WSO2-Identity-User", user) } : [];
        var (served, _) = await fixture.Host.GetAsync("/scim2/Me", certificate, headers);
        await Task.Delay(100);
        var before = await fixture.Host.SettledAuditCountAsync();

        var explained = await ExplainCertificate.ExplainAsync(
            fixture.Host.Services.GetRequiredService<RequestExplainer>(),
            fixture.Host.Services.GetRequiredService<ClientCertificateVerifier>(),
            fixture.Host.Settings.Active, "GET", "/scim2/Me", headers.ToDictionary(h => h.Item1, h => h.Item2), certificate, CancellationToken.None);

        Assert.Equal(served, explained.Status);
        Assert.Equal(int.Parse(row["expect"]), explained.Status);
        Assert.Equal(before, await fixture.Host.SettledAuditCountAsync());
    }

    private static string Toml(ConformanceRow row)
    {
        var toml = new StringBuilder($"[client_certificate_based_authentication]\nenable = {row["enable"]}\n");
        foreach (var mapping in (row.Optional("mappings") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (kind, issuer, thumbprint, users) = mapping.Split('|') switch { var p => (p[0], p[1], p[2], p[3]) };
            toml.Append($"[[client_certificate_based_authentication.{kind}_thumbprint_mapping]]\n");
            toml.Append($"trusted_issuer = \"{ConformanceWords.Issuer(issuer)}\"\n");
            toml.Append($"cert_thumbprint = \"{ConformanceWords.Thumbprint(thumbprint)}\"\n");
            toml.Append(kind == "system"
                ? $"allowed_system_user = \"{users}\"\n"
                : $"allowed_username = [{string.Join(", ", users.Split(',').Select(u => $"\"{u}\""))}]\n");
        }

        return toml.ToString();
    }

    public sealed class HostFixture : SharedHostFixture;
}
