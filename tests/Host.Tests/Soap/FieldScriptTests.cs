using System.Diagnostics;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// The field script, run as operators run it: curl posts the fixture envelopes
/// (<c>Soap/Fixtures/field-script.sh</c>) to register an OAuth application over SOAP 1.1, read it
/// over SOAP 1.2 with the action in the content type, get a token for it at <c>/oauth2/token</c>,
/// check a user's permission and add a tenant.
/// </summary>
public sealed class FieldScriptTests(FieldScriptTests.Fixture fixture) : IClassFixture<FieldScriptTests.Fixture>
{
    [ToolkitTheory("curl", "--version", "curl is not installed (apt-get install curl)")]
    [InlineData("admin:admin")]
    public async Task RegisterTokenPermissionTenant_WorksAsAgainstTheProduct(string credentials)
    {
        var ca = Path.Combine(fixture.Home.Root, "field-ca.crt");
        await File.WriteAllTextAsync(ca, TestPki.Instance.ServerCa.ExportCertificatePem());
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { GoldenEnvelopeTests.FixtureFile("field-script.sh"), $"https://localhost:{fixture.Host.Port}", ca, credentials })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("ok addTenant", output);
        Assert.True(await fixture.Host.Store.TenantExistsAsync("field.example", CancellationToken.None));
        Assert.NotNull(await fixture.Host.Core.OAuth.FindApplicationByNameAsync("carbon.super", "field-script-app", CancellationToken.None));
    }

    public sealed class Fixture : SharedHostFixture;
}
