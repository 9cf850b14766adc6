using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;

namespace CompatHost.Tests.Support;

/// <summary>
/// A throwaway product home: server keystore (PKCS#12), a PEM truststore holding the test
/// client CA, and a deployment.toml made of the base keys plus what a test adds.
/// </summary>
public sealed class TestHome : IDisposable
{
    public const string StorePassword = "test-store-pw";

    public TestHome()
    {
        Root = Path.Combine(Path.GetTempPath(), "compathost-tests", Guid.NewGuid().ToString("N"));
        Home = ProductHome.At(Root);
        Directory.CreateDirectory(Home.SecurityDir);
        Directory.CreateDirectory(Path.GetDirectoryName(Home.DeploymentToml)!);
        Directory.CreateDirectory(Home.DropinsDir);
        var pki = TestPki.Instance;
        var keystore = new X509Certificate2Collection { pki.Server, pki.ServerCa };
        File.WriteAllBytes(Path.Combine(Home.SecurityDir, "server.p12"), keystore.Export(X509ContentType.Pkcs12, StorePassword)!);
        File.WriteAllText(Path.Combine(Home.SecurityDir, "truststore.pem"), pki.ClientCa.ExportCertificatePem());
        WriteToml("");
    }

    public string Root { get; }

    public ProductHome Home { get; }

    public static string BaseToml => $"""
        [super_admin]
        username = "admin"
        password = "admin"

        [keystore.primary]
        file_name = "server.p12"
        type = "PKCS12"
        password = "{StorePassword}"
        alias = "server"

        [truststore]
        file_name = "truststore.pem"
        type = "PEM"
        password = ""

        """;

    /// <summary>Writes deployment.toml as the base keys followed by <paramref name="extra"/>.</summary>
    public void WriteToml(string extra) => File.WriteAllText(Home.DeploymentToml, BaseToml + extra);

    public void WriteIdentityXml(string sourceFile) => CopyInto(sourceFile, Home.IdentityXml);

    public void WriteAuthenticatorsXml(string sourceFile) => CopyInto(sourceFile, Home.AuthenticatorsXml);

    public void DropPlugin(string dll)
    {
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(dll)!, Path.GetFileNameWithoutExtension(dll) + ".*"))
        {
            File.Copy(file, Path.Combine(Home.DropinsDir, Path.GetFileName(file)), true);
        }
    }

    /// <summary>Drops a plugin's whole output folder as <c>dropins/Name/</c>, private dependencies included.</summary>
    public void DropPluginFolder(string dll)
    {
        var target = Path.Combine(Home.DropinsDir, Path.GetFileNameWithoutExtension(dll));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(dll)!))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), true);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, true);
        }
        catch (IOException)
        {
            // A file still open by a stopping host; the temp folder is cleaned by the OS.
        }
    }

    private static void CopyInto(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, true);
    }
}
