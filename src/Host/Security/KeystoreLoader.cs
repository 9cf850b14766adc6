using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace CompatHost.Host.Security;

/// <summary>
/// Reads keystores and truststores as operators have them: JKS as keytool writes it (read
/// natively with BouncyCastle's JksStore, so nobody converts files), PKCS#12 and PEM.
/// A missing file or wrong password is a <see cref="ConfigException"/> naming the file.
/// </summary>
public static class KeystoreLoader
{
    /// <summary>The server certificate with its private key, from the configured alias.</summary>
    public static X509Certificate2 LoadServerCertificate(StoreSettings store) => Guard(store, () => store.Type switch
    {
        StoreType.Jks => LoadJksKey(store),
        StoreType.Pkcs12 => LoadPkcs12Key(store),
        _ => LoadPemKey(store),
    });

    /// <summary>Every certificate in a truststore; these are the anchors client certificates must chain to.</summary>
    public static X509Certificate2Collection LoadTrustedCertificates(StoreSettings store) => Guard(store, () =>
    {
        var result = store.Type switch
        {
            StoreType.Jks => LoadJksCertificates(store),
            StoreType.Pkcs12 => X509CertificateLoader.LoadPkcs12CollectionFromFile(store.Path, store.Password),
            _ => LoadPem(store.Path),
        };
        if (result.Count == 0)
        {
            throw new ConfigException([new ConfigError(store.Path, "truststore", null, "holds no certificate: no client certificate could be verified")]);
        }

        return result;
    });

    private static T Guard<T>(StoreSettings store, Func<T> load)
    {
        if (!File.Exists(store.Path))
        {
            throw new ConfigException([new ConfigError(store.Path, "file_name", null, "file not found")]);
        }

        try
        {
            return load();
        }
        catch (ConfigException)
        {
            throw;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException or InvalidOperationException
                                       or Org.BouncyCastle.Security.GeneralSecurityException or FormatException)
        {
            throw new ConfigException([new ConfigError(store.Path, "password", null,
                $"cannot read the {store.Type} store (wrong password, wrong type or a damaged file): {ex.Message}")]);
        }
    }

    private static JksStore OpenJks(StoreSettings store)
    {
        var jks = new JksStore();
        using var stream = File.OpenRead(store.Path);
        jks.Load(stream, store.Password.ToCharArray());
        return jks;
    }

    private static X509Certificate2 LoadJksKey(StoreSettings store)
    {
        var jks = OpenJks(store);
        var alias = FindAlias(store, jks.Aliases.Where(jks.IsKeyEntry).ToList());
        var key = jks.GetKey(alias, (store.KeyPassword ?? store.Password).ToCharArray());
        var chain = jks.GetCertificateChain(alias);
        var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetEncoded();
        var certificate = X509CertificateLoader.LoadCertificate(chain[0].GetEncoded());
        return WithKey(certificate, pkcs8);
    }

    private static X509Certificate2Collection LoadJksCertificates(StoreSettings store)
    {
        var jks = OpenJks(store);
        var result = new X509Certificate2Collection();
        foreach (var alias in jks.Aliases)
        {
            var certificate = jks.GetCertificate(alias);
            if (certificate is not null)
            {
                result.Add(X509CertificateLoader.LoadCertificate(certificate.GetEncoded()));
            }
        }

        return result;
    }

    private static X509Certificate2 LoadPkcs12Key(StoreSettings store)
    {
        var collection = X509CertificateLoader.LoadPkcs12CollectionFromFile(store.Path, store.Password, X509KeyStorageFlags.Exportable);
        var withKeys = collection.Where(c => c.HasPrivateKey).ToList();
        if (withKeys.Count == 0)
        {
            throw new ConfigException([new ConfigError(store.Path, "keystore", null, "holds no private key")]);
        }

        // PKCS#12 files from keytool carry the alias as the friendly name.
        var named = withKeys.FirstOrDefault(c => string.Equals(c.FriendlyName, store.Alias, StringComparison.OrdinalIgnoreCase));
        return named ?? withKeys[0];
    }

    /// <summary>PEM keystore: the certificate (chain) and its private key in one file, or the key in a sibling <c>.key</c> file.</summary>
    private static X509Certificate2 LoadPemKey(StoreSettings store)
    {
        var keyFile = Path.ChangeExtension(store.Path, ".key");
        return File.Exists(keyFile) && !File.ReadAllText(store.Path).Contains("PRIVATE KEY", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPemFile(store.Path, keyFile)
            : X509Certificate2.CreateFromPemFile(store.Path);
    }

    private static X509Certificate2Collection LoadPem(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    private static string FindAlias(StoreSettings store, List<string> keyAliases)
    {
        if (store.Alias is { } alias && keyAliases.FirstOrDefault(a => string.Equals(a, alias, StringComparison.OrdinalIgnoreCase)) is { } found)
        {
            return found;
        }

        throw new ConfigException([new ConfigError(store.Path, "alias", null,
            $"no private key entry named '{store.Alias}' (key entries: {string.Join(", ", keyAliases)})")]);
    }

    private static X509Certificate2 WithKey(X509Certificate2 certificate, byte[] pkcs8)
    {
        return certificate.GetKeyAlgorithm() switch
        {
            "1.2.840.10045.2.1" => certificate.CopyWithPrivateKey(Import(ECDsa.Create(), pkcs8)),
            _ => certificate.CopyWithPrivateKey(Import(RSA.Create(), pkcs8)),
        };
    }

    private static T Import<T>(T algorithm, byte[] pkcs8) where T : AsymmetricAlgorithm
    {
        algorithm.ImportPkcs8PrivateKey(pkcs8, out _);
        return algorithm;
    }
}
