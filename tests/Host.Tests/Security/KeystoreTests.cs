using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using CompatHost.Host.Security;
using CompatHost.Tests.Support;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace CompatHost.Tests.Security;

/// <summary>Keystores and truststores are read as operators have them: JKS (made by keytool), PKCS#12, PEM.</summary>
public sealed class KeystoreTests : IDisposable
{
    private const string Password = "changeit-42";
    private readonly string _dir = Directory.CreateTempSubdirectory("compathost-stores").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Jks_MadeByKeytool_YieldsTheServerKeyAndTrustedCertificates()
    {
        var p12 = WritePkcs12("server.p12");
        var jks = Path.Combine(_dir, "wso2carbon.jks");
        Keytool("-importkeystore", "-srckeystore", p12, "-srcstoretype", "PKCS12", "-srcstorepass", Password,
            "-destkeystore", jks, "-deststoretype", "JKS", "-deststorepass", Password, "-destkeypass", Password,
            "-srcalias", "server", "-destalias", "wso2carbon");
        var ca = Path.Combine(_dir, "ca.crt");
        File.WriteAllText(ca, TestPki.Instance.ClientCa.ExportCertificatePem());
        var truststore = Path.Combine(_dir, "client-truststore.jks");
        Keytool("-importcert", "-noprompt", "-alias", "clientca", "-file", ca, "-keystore", truststore,
            "-storetype", "JKS", "-storepass", Password);

        var server = KeystoreLoader.LoadServerCertificate(new StoreSettings(jks, Password, StoreType.Jks, "wso2carbon", Password));
        var trusted = KeystoreLoader.LoadTrustedCertificates(new StoreSettings(truststore, Password, StoreType.Jks, null, null));

        Assert.True(server.HasPrivateKey);
        Assert.Equal(TestPki.Instance.Server.Thumbprint, server.Thumbprint);
        Assert.Equal(TestPki.Instance.ClientCa.Thumbprint, Assert.Single(trusted).Thumbprint);
    }

    [Fact]
    public void Pkcs12_PicksTheKeyEntry()
    {
        var server = KeystoreLoader.LoadServerCertificate(new StoreSettings(WritePkcs12("server.p12"), Password, StoreType.Pkcs12, "server", Password));

        Assert.True(server.HasPrivateKey);
        Assert.Equal(TestPki.Instance.Server.Thumbprint, server.Thumbprint);
    }

    [Fact]
    public void Pem_CertificateWithKeyInOneFile_AndPemTruststore()
    {
        var pem = Path.Combine(_dir, "server.pem");
        File.WriteAllText(pem, TestPki.Instance.Server.ExportCertificatePem() + "\n" + TestPki.Instance.Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var trust = Path.Combine(_dir, "trust.pem");
        File.WriteAllText(trust, TestPki.Instance.ClientCa.ExportCertificatePem() + "\n" + TestPki.Instance.ServerCa.ExportCertificatePem());

        var server = KeystoreLoader.LoadServerCertificate(new StoreSettings(pem, "", StoreType.Pem, null, null));
        var trusted = KeystoreLoader.LoadTrustedCertificates(new StoreSettings(trust, "", StoreType.Pem, null, null));

        Assert.True(server.HasPrivateKey);
        Assert.Equal(2, trusted.Count);
    }

    [Theory]
    [InlineData(StoreType.Pkcs12)]
    [InlineData(StoreType.Jks)]
    public void WrongPassword_IsAConfigErrorNamingTheFile(StoreType type)
    {
        var file = WritePkcs12("server.p12");
        if (type == StoreType.Jks)
        {
            var jks = Path.Combine(_dir, "server.jks");
            Keytool("-importkeystore", "-srckeystore", file, "-srcstoretype", "PKCS12", "-srcstorepass", Password,
                "-destkeystore", jks, "-deststoretype", "JKS", "-deststorepass", Password, "-destkeypass", Password);
            file = jks;
        }

        var ex = Assert.Throws<ConfigException>(() =>
            KeystoreLoader.LoadServerCertificate(new StoreSettings(file, "wrong-password", type, "server", "wrong-password")));

        Assert.Equal(file, Assert.Single(ex.Errors).File);
    }

    [Fact]
    public void UnreadableTruststore_IsAConfigError_NeverAnEmptyTrustList()
    {
        var file = Path.Combine(_dir, "garbage.jks");
        File.WriteAllBytes(file, [1, 2, 3, 4, 5]);

        var ex = Assert.Throws<ConfigException>(() =>
            KeystoreLoader.LoadTrustedCertificates(new StoreSettings(file, Password, StoreType.Jks, null, null)));

        Assert.Contains("garbage.jks", ex.Message);
    }

    /// <summary>A PKCS#12 file whose key entry is named "server", as keytool would name it.</summary>
    private string WritePkcs12(string name)
    {
        var path = Path.Combine(_dir, name);
        var store = new Pkcs12StoreBuilder().Build();
        var certificate = new X509CertificateParser().ReadCertificate(TestPki.Instance.Server.RawData);
        var key = PrivateKeyFactory.CreateKey(TestPki.Instance.Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKey());
        store.SetKeyEntry("server", new AsymmetricKeyEntry(key), [new X509CertificateEntry(certificate)]);
        using var stream = File.Create(path);
        store.Save(stream, Password.ToCharArray(), new SecureRandom());
        return path;
    }

    private static void Keytool(params string[] args)
    {
        var start = new ProcessStartInfo("keytool") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "keytool failed: " + output);
    }
}
