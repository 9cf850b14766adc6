using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.ServiceModel;
using CompatHost.Host.Soap.AuthenticationAdmin;
using CompatHost.Host.Soap.AuthorizationManager;
using CompatHost.Host.Soap.OAuthAdmin;
using CompatHost.Host.Soap.TenantMgtAdmin;
using CompatHost.Host.Soap.UserStoreManager;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// Clients generated at run time from <c>?wsdl</c> by other toolkits — python zeep
/// (tests/Clients/python) and node's <c>soap</c> (tests/Clients/node) — call every operation of
/// every admin service over real TLS (an application they register gets a token at
/// <c>/oauth2/token</c>), with Basic, a login session, and MutualSSL (HTTP and SOAP
/// username headers). SOAP 1.1 and 1.2 ports both.
/// </summary>
public sealed class ClientToolkitTests(ClientToolkitTests.Fixture fixture) : IClassFixture<ClientToolkitTests.Fixture>
{
    private static readonly SemaphoreSlim NpmInstall = new(1, 1);

    public static TheoryData<string> Modes => new() { "basic", "session", "mutual" };

    [ToolkitTheory("/usr/bin/python3", "-c \"import zeep\"", "python3-zeep is not installed (apt-get install python3-zeep)")]
    [MemberData(nameof(Modes))]
    public Task Zeep_CallsEveryOperation(string mode) =>
        RunAsync("/usr/bin/python3", Path.Combine(Repo.Root, "tests", "Clients", "python", "call_all.py"), mode);

    // npm rather than node: the test also runs npm ci, and Debian ships them apart.
    [ToolkitTheory("npm", "--version", "node and npm are not installed (apt-get install nodejs npm)")]
    [MemberData(nameof(Modes))]
    public async Task NodeSoap_CallsEveryOperation(string mode)
    {
        var folder = Path.Combine(Repo.Root, "tests", "Clients", "node");
        await NpmInstall.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "soap")))
            {
                var (code, output) = await RunProcessAsync("npm", folder, [], "ci", "--no-audit", "--no-fund");
                Assert.True(code == 0, "npm ci failed: " + output);
            }
        }
        finally
        {
            NpmInstall.Release();
        }

        await RunAsync("node", Path.Combine(folder, "call-all.js"), mode);
    }

    private async Task RunAsync(string program, string script, string mode)
    {
        var host = fixture.Host;
        var before = await host.SettledAuditCountAsync();
        string[] credentials = mode == "mutual" ? [fixture.ClientCert, fixture.ClientKey, "admin"] : ["admin:admin"];
        var (code, output) = await RunProcessAsync(program, Path.GetDirectoryName(script)!,
            // requests honours REQUESTS_CA_BUNDLE over a session's own verify: point it at the test CA too.
            [("REQUESTS_CA_BUNDLE", fixture.ServerCa)],
            [script, $"https://127.0.0.1:{host.Port}", fixture.ServerCa, mode, .. credentials]);

        Assert.True(code == 0, output);
        foreach (var (service, operations) in new[]
        {
            ("RemoteUserStoreManagerService", Operations<IRemoteUserStoreManagerService>()),
            ("OAuthAdminService", Operations<IOAuthAdminService>()),
            ("RemoteAuthorizationManagerService", Operations<IRemoteAuthorizationManagerService>()),
            ("TenantMgtAdminService", Operations<ITenantMgtAdminService>()),
        })
        {
            foreach (var operation in operations)
            {
                Assert.Contains($"ok {service}.{operation} ", output + " ");
            }
        }

        if (mode == "session")
        {
            foreach (var operation in Operations<IAuthenticationAdmin>())
            {
                Assert.Contains($"ok AuthenticationAdmin.{operation}", output);
            }

            Assert.Contains("Access Denied. Please login first.", output);
        }

        if (mode == "mutual")
        {
            // Every admin call ran as the user in the header, decided by MutualSSL (the audit log
            // says so); the scripts' token requests authenticate the OAuth client instead.
            await host.AuditRecordAsync(r => r.TryGetProperty("operation", out var op) && op.GetString() == "activateTenant", before);
            var calls = host.AuditRecords().Skip(before)
                .Where(r => r.GetProperty("method").GetString() == "POST" && r.GetProperty("path").GetString()!.StartsWith("/services/", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(calls);
            Assert.All(calls, r => Assert.Equal(("MutualSSLAuthenticator", "admin"),
                (r.GetProperty("handler").GetString(), r.GetProperty("user").GetString())));
        }
    }

    private static IEnumerable<string> Operations<T>() =>
        typeof(T).GetMethods().Select(m => m.GetCustomAttributes(typeof(OperationContractAttribute), false).Cast<OperationContractAttribute>().Single().Name!);

    private static async Task<(int Code, string Output)> RunProcessAsync(string program, string directory,
        IEnumerable<(string Name, string Value)> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public sealed class Fixture : SharedHostFixture
    {
        public Fixture()
        {
            var folder = Directory.CreateDirectory(Path.Combine(Home.Root, "client-files")).FullName;
            ServerCa = Path.Combine(folder, "server-ca.pem");
            ClientCert = Path.Combine(folder, "alice.pem");
            ClientKey = Path.Combine(folder, "alice.key");
            var alice = TestPki.Instance.Client("alice");
            File.WriteAllText(ServerCa, TestPki.Instance.ServerCa.ExportCertificatePem());
            File.WriteAllText(ClientCert, alice.ExportCertificatePem());
            File.WriteAllText(ClientKey, alice.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }

        public string ServerCa { get; }

        /// <summary>alice's certificate: issued by the test CA, bound to act as admin.</summary>
        public string ClientCert { get; }

        public string ClientKey { get; }

        protected override string InitialToml => $"""
            [admin_service.wsdl]
            enable = true
            [admin_console.authenticator.mutual_ssl_authenticator]
            enable = true
            [admin_console.authenticator.mutual_ssl_authenticator.config]
            allowed_issuers = "{TestPki.AdvisoryDn}"
            "issuer_{TestPki.AdvisoryDn}" = "admin"
            """;
    }
}

/// <summary>
/// A test that needs an outside program. Skipped, with the reason shown, only when the program
/// is missing and CI is unset; with CI set it always runs, so a missing toolkit fails loudly.
/// </summary>
public sealed class ToolkitTheoryAttribute : TheoryAttribute
{
    public ToolkitTheoryAttribute(string program, string probeArguments, string reason)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) && !Runs(program, probeArguments))
        {
            Skip = reason + "; .ci/run installs it";
        }
    }

    private static bool Runs(string program, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit(30_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
