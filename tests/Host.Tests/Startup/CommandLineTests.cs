using CompatHost.Host.Startup;
using CompatHost.Host.Startup.Cli;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Startup;

/// <summary>
/// The executable's command line: help and parse errors have no side effects; <c>check</c>
/// validates without opening the store or a port.
/// </summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(0, "--help")]
    [InlineData(0, "users", "--help")]
    [InlineData(0, "apps", "add", "-h")]
    [InlineData(2, "--hlep")]
    [InlineData(2, "users", "frobnicate")]
    [InlineData(2, "--port", "99999")]
    public async Task HelpAndParseErrors_TouchNothing_InTheWorkingDirectory(int exit, params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("compathost-cli-");
        try
        {
            var (code, output, error) = await ExecAsync(dir.FullName, args);
            Assert.Equal(exit, code);
            Assert.Contains(exit == 0 ? "Usage:" : "--help'.", exit == 0 ? output : error);
            Assert.Empty(dir.EnumerateFileSystemInfos());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task AnArgumentStartingWithAt_IsText_NotAResponseFile()
    {
        using var home = new TestHome();
        var (code, output) = await InvokeAsync("--home", home.Root, "users", "add", "carol", "--password", "@" + home.Home.DeploymentToml);
        Assert.True(code == 0, output);
        var core = await HostCore.OpenAsync(home.Home, NullLoggerFactory.Instance, CancellationToken.None);
        Assert.True(await core.Store.VerifyPasswordAsync(CompatHost.Sdk.Identity.QualifiedUserName.Parse("carol"), "@" + home.Home.DeploymentToml, CancellationToken.None));
    }

    [Fact]
    public async Task Check_PrintsTheSummary_AndExits0_WithoutOpeningTheStore()
    {
        using var home = new TestHome();
        var (code, output) = await InvokeAsync("--home", home.Root, "check");
        Assert.Equal(0, code);
        Assert.Contains("REST handlers", output);
        Assert.Contains("Config OK.", output);
        Assert.False(Directory.Exists(home.Home.DatabaseDir) && Directory.EnumerateFiles(home.Home.DatabaseDir).Any());
    }

    [Fact]
    public async Task Check_ABadConfig_Exits1_NamingFileAndLine()
    {
        using var home = new TestHome();
        home.WriteToml("[identity_mgt.account_locking]\nallowed_failed_attempts = 0\n");
        var (code, output) = await InvokeAsync("check", "--home", home.Root);
        Assert.Equal(1, code);
        Assert.Contains($"deployment.toml:{TestHome.BaseToml.Count(c => c == '\n') + 2}: identity_mgt.account_locking.allowed_failed_attempts", output);
    }

    [Fact]
    public async Task Check_WithoutAHome_Exits1_AndCreatesNone()
    {
        var root = Path.Combine(Path.GetTempPath(), "compathost-tests", Guid.NewGuid().ToString("N"));
        var (code, output) = await InvokeAsync("check", "--home", root);
        Assert.Equal(1, code);
        Assert.Contains("deployment.toml", output);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task Audit_RanksEveryWarning_WithFileLineAndFix_AndExits2OnAHighOne()
    {
        using var home = new TestHome();
        home.WriteToml(TestToml.AnyCertificateFromTheCaActsAs("*") + $$"""
            [[client_certificate_based_authentication.user_thumbprint_mapping]]
            trusted_issuer = "{{TestPki.AdvisoryDn}}"
            cert_thumbprint = "{{TestPki.Instance.Client("alice").Thumbprint.ToLowerInvariant()}}"
            allowed_username = ["alice"]
            [event.default_listener.identity_mgt]
            enable = false
            [event.default_listener.client_certificate_authentication_handlr]
            enable = false
            """);
        var (code, output) = await InvokeAsync("audit", "--home", home.Root, "--json");
        Assert.Equal(2, code);
        var findings = System.Text.Json.JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        var mapping = TestHome.BaseToml.Count(c => c == '\n') + 3;
        Assert.Contains(findings, f => f.GetProperty("severity").GetString() == "high"
            && f.GetProperty("key").GetString()!.EndsWith("allowed_system_user") && f.GetProperty("line").GetInt32() == mapping);
        Assert.Contains(findings, f => f.GetProperty("severity").GetString() == "medium"
            && f.GetProperty("key").GetString()!.Contains("user_thumbprint_mapping") && f.GetProperty("key").GetString()!.EndsWith("cert_thumbprint"));
        Assert.Contains(findings, f => f.GetProperty("severity").GetString() == "low" && f.GetProperty("key").GetString() == "event.default_listener.identity_mgt");
        // A misspelt id leaves the handler it meant at its default switch: worth more than a note.
        Assert.Contains(findings, f => f.GetProperty("severity").GetString() == "medium"
            && f.GetProperty("key").GetString() == "event.default_listener.client_certificate_authentication_handlr");
        Assert.All(findings, f => Assert.False(string.IsNullOrEmpty(f.GetProperty("fix").GetString())));
    }

    [Fact]
    public async Task Audit_APreAdvisoryMutualSsl_IsBrokenNotOpen_AndTheFixNamesTheLines()
    {
        using var home = new TestHome();
        home.WriteToml("");
        home.WriteAuthenticatorsXml(Repo.ConformanceConfig("authenticators-enabled.xml"));

        var (code, output) = await InvokeAsync("audit", "--home", home.Root, "--json");

        Assert.True(code == 0, output);
        var finding = Assert.Single(System.Text.Json.JsonDocument.Parse(output).RootElement.EnumerateArray(),
            f => f.GetProperty("key").GetString() == "mutual_ssl_authenticator");
        Assert.Equal("medium", finding.GetProperty("severity").GetString());
        Assert.Contains("allowed_issuers", finding.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task Audit_ACleanHome_Exits0_AndFlagsATrustCertificateExpiringWithin30Days()
    {
        using var home = new TestHome();
        var clean = await InvokeAsync("audit", "--home", home.Root);
        Assert.True(clean.Code == 0, clean.Output);

        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Soon Expiring CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var soon = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        File.AppendAllText(Path.Combine(home.Home.SecurityDir, "truststore.pem"), "\n" + soon.ExportCertificatePem());
        var (code, output) = await InvokeAsync("audit", "--home", home.Root);
        Assert.True(code == 0, output);
        Assert.Contains(output.Split('\n'), l => l.StartsWith("MEDIUM") && l.Contains("truststore: certificate CN=Soon Expiring CA expires on"));
    }

    [Fact]
    public async Task Explain_NamesRuleHandlersDeciderAndResult_AndCountsNoFailedPassword()
    {
        using var home = new TestHome();
        home.WriteToml("""
            [identity_mgt.account_locking]
            enable_account_locking = true
            allowed_failed_attempts = 1
            """);
        {
            var core = await HostCore.OpenAsync(home.Home, NullLoggerFactory.Instance, CancellationToken.None);
            await RunningHost.SeedMatrixUsers(core.Store);
        }

        var wrong = Basic.Header("alice", "wrong");
        for (var i = 0; i < 3; i++)
        {
            var (refusedCode, refused) = await InvokeAsync("explain", "--home", home.Root, "--path", "/scim2/Me", "--header", $"{wrong.Item1}: {wrong.Item2}");
            Assert.True(refusedCode == 0, refused);
            Assert.Contains("(.*)/scim2/Me", refused);
            Assert.Contains("BasicAuthentication", refused);
            Assert.Contains("result:   401", refused);
        }

        var good = Basic.Header("alice", "alicepw");
        var (code, output) = await InvokeAsync("explain", "--home", home.Root, "--path", "/t/carbon.super/scim2/Me", "--header", $"{good.Item1}: {good.Item2}");

        // Three wrong passwords with a limit of one would have locked alice; explain counts none.
        Assert.True(code == 0, output);
        Assert.Contains("decides:  BasicAuthentication as alice", output);
        Assert.Contains("result:   200", output);
        Assert.Contains("tenant carbon.super", output);
        Assert.False(File.Exists(home.Home.AuditLog) && File.ReadAllText(home.Home.AuditLog).Length > 0, "explain wrote an audit record");
    }

    private static async Task<(int Code, string Output)> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var context = new CliContext(output, output, (home, ct) => HostCore.OpenAsync(home, NullLoggerFactory.Instance, ct))
        {
            Server = (_, _) => throw new InvalidOperationException("check must not serve"),
        };
        var code = await CompatHostCommandLine.InvokeAsync(context, args);
        return (code, output.ToString());
    }

    private static Task<(int Code, string Output, string Error)> ExecAsync(string workingDirectory, string[] args) =>
        ChildProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "CompatHost.dll"), .. args], TimeSpan.FromSeconds(60), workingDirectory);
}
