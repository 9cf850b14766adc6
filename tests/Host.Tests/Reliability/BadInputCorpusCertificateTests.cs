using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CompatHost.Tests.Soap;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// Odd client certificates over real TLS, each to REST (<c>/scim2/Me</c>, a system mapping per
/// mapped issuer acting as alice) and to SOAP (MutualSSL, <c>allowed_issuers</c> and an
/// <c>issuer_</c> entry per mapped issuer allowing admin). Oracle, as the product decides:
/// accepted only when the chain reaches a truststore CA, the certificate is within its validity,
/// JSSE's TLS-client checks pass (key usage allows signatures, an EKU names clientAuth or any),
/// and the issuer is mapped — issuer DNs compared as the README says (attribute/value pairs,
/// any RDN order, multi-valued RDNs kept whole).
/// </summary>
public sealed class BadInputCorpusCertificateTests(BadInputCorpusCertificateTests.Fixture fixture) : IClassFixture<BadInputCorpusCertificateTests.Fixture>
{
    [Fact]
    public async Task OddCertificates_AreAcceptedExactlyWhenTheProductWould()
    {
        var cases = fixture.Cases;
        var outcomes = new List<(CertificateCase Case, string Target, int Status, bool Accepted, string Body)>();
        foreach (var c in cases)
        {
            var rest = await fixture.Host.GetAsync("/scim2/Me", c.Certificate);
            outcomes.Add((c, "REST", rest.Status, rest.Status == 200 && rest.Body.Contains("\"userName\":\"alice\"", StringComparison.Ordinal), rest.Body));
            var soap = await fixture.Host.PostSoapAsync(SoapCorpus.Service, SoapCorpus.Envelope(SoapCorpus.IsAliceThere), "isExistingUser", c.Certificate,
                ("UserName", Convert.ToBase64String("admin"u8)));
            outcomes.Add((c, "SOAP", soap.Status, new SoapAnswer(c.Name, soap.Status, soap.Body).AnsweredTrue, soap.Body));
            // A refused SOAP call is the product's fault, or a refused handshake (counted as 401).
            Assert.True(soap.Status is 200 or 401 || (soap.Status == 500 && soap.Body.Contains("Fault", StringComparison.Ordinal)), $"SOAP {soap.Status} for {c.Name}");
        }

        Assert.True(cases.Count >= 25, $"only {cases.Count} certificates tried");
        Assert.All(outcomes, o => Assert.True(o.Status is > 0 and < 500 || (o.Target == "SOAP" && o.Status == 500), $"{o.Target} {o.Status} for {o.Case.Name}"));
        Assert.All(outcomes, o => Assert.True(o.Accepted == o.Case.Accepts(o.Target),
            $"{o.Target} {(o.Accepted ? "accepted" : "refused")} {o.Case.Name} ({o.Status}: {SoapCorpus.Shorten(o.Body)})"));
        Assert.Equal(200, (await fixture.Host.GetAsync("/api/health")).Status);
    }

    /// <summary>
    /// Certificates .NET cannot present: an Ed25519 key (no .NET signer), and a SHA-1 signature
    /// (a .NET client on this system's OpenSSL fails its own handshake with one). openssl makes
    /// them, signed by the trusted CA, and <c>openssl s_client</c> presents them. The product
    /// accepts both (the JDK disables SHA-1 only for chains to its own cacerts roots, "SHA1 jdkCA
    /// &amp; usage TLSServer"; EdDSA certificates work in TLS since JDK 15).
    /// </summary>
    [ToolkitTheory("openssl", "version", "openssl is not installed (apt-get install openssl)")]
    [InlineData("Ed25519", "ed25519", "-sha256")]
    [InlineData("SHA-1 signature", "RSA", "-sha1")]
    public async Task CertificatesOnlyOpensslMakes_AreAcceptedAsTheProductAcceptsThem(string name, string algorithm, string digest)
    {
        var dir = Directory.CreateTempSubdirectory("compathost-corpus-").FullName;
        try
        {
            var ca = TestPki.Instance.ClientCa;
            File.WriteAllText(Path.Combine(dir, "ca.pem"), ca.ExportCertificatePem());
            File.WriteAllText(Path.Combine(dir, "ca.key"), ca.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(Path.Combine(dir, "server-ca.pem"), TestPki.Instance.ServerCa.ExportCertificatePem());
            File.WriteAllText(Path.Combine(dir, "leaf.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
            await OpensslAsync(dir, "", "genpkey", "-algorithm", algorithm, "-out", "leaf.key");
            await OpensslAsync(dir, "", "req", "-new", "-key", "leaf.key", "-subj", "/O=WSO2/CN=alice", "-out", "leaf.csr");
            await OpensslAsync(dir, "", "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "0x1c0ffee",
                digest, "-days", "30", "-extfile", "leaf.ext", "-out", "leaf.pem");

            var soap = SoapCorpus.Post(Encoding.UTF8.GetBytes(SoapCorpus.Envelope(SoapCorpus.IsAliceThere)), headers: "UserName: " + Convert.ToBase64String("admin"u8));
            var rest = await PresentAsync(dir, "GET /scim2/Me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"u8.ToArray());
            var mutualSsl = SoapAnswer.From(name, await PresentAsync(dir, soap));

            Assert.True(HostClient.RawStatuses(rest) is [200] && rest.Contains("\"userName\":\"alice\"", StringComparison.Ordinal), $"REST refused {name}: {SoapCorpus.Shorten(rest)}");
            Assert.True(mutualSsl.AnsweredTrue, $"SOAP refused {name}: {mutualSsl.Status} {SoapCorpus.Shorten(mutualSsl.Body)}");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Sends <paramref name="request"/> over <c>openssl s_client</c> with the leaf in <paramref name="dir"/>; its output.</summary>
    private Task<string> PresentAsync(string dir, byte[] request) =>
        OpensslAsync(dir, Encoding.Latin1.GetString(request), "s_client", "-connect", $"127.0.0.1:{fixture.Host.Port}", "-servername", "localhost",
            "-cert", "leaf.pem", "-key", "leaf.key", "-CAfile", "server-ca.pem", "-quiet", "-cipher", "DEFAULT@SECLEVEL=0");

    private static async Task<string> OpensslAsync(string dir, string input, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("openssl", arguments)
        {
            WorkingDirectory = dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0 || arguments[0] == "s_client", $"openssl {string.Join(' ', arguments)}: {await errors}");
        return await output;
    }

    /// <summary>A certificate made by this class, and where the product accepts it.</summary>
    public sealed record CertificateCase(string Name, X509Certificate2 Certificate, bool Rest, bool Soap)
    {
        public bool Accepts(string target) => target == "REST" ? Rest : Soap;
    }

    public sealed class Fixture : SharedHostFixture
    {
        private const string EmailAddress = "1.2.840.113549.1.9.1";
        private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
        private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
        private static readonly Oid AnyUsage = new("2.5.29.37.0");

        // Issuers with awkward names, all in the truststore; the mapped ones by the DN text an
        // operator copies from Java's printout, the look-alikes left unmapped.
        private readonly Issuer _escapedComma = Issuer.Create("escaped comma", "CN=Corpus\\, Escaped CA, O=WSO2", [[("2.5.4.10", "WSO2")], [("2.5.4.3", "Corpus, Escaped CA")]]);
        private readonly Issuer _multiValued = Issuer.Create("multi-valued RDN", "CN=Corpus Multi CA + OU=IAM, O=WSO2", [[("2.5.4.10", "WSO2")], [("2.5.4.3", "Corpus Multi CA"), ("2.5.4.11", "IAM")]]);
        private readonly Issuer _unicode = Issuer.Create("unicode", "CN=Zertifizierungsstelle \u00dcn\u00efc\u00f8d\u00e9 \u4e2d\u6587 \ud83d\ude00, O=\u00c4rger", [[("2.5.4.10", "\u00c4rger")], [("2.5.4.3", "Zertifizierungsstelle \u00dcn\u00efc\u00f8d\u00e9 \u4e2d\u6587 \ud83d\ude00")]]);
        private readonly Issuer _manyRdns = Issuer.Create("50 RDNs", string.Join(", ", Enumerable.Range(0, 49).Select(i => $"OU=unit{i}").Append("CN=Corpus Deep CA").Reverse()),
            [.. Enumerable.Range(0, 49).Select(i => new[] { ("2.5.4.11", $"unit{i}") }), [("2.5.4.3", "Corpus Deep CA")]]);
        private readonly Issuer[] _lookAlikes =
        [
            Issuer.Create("comma not escaped", "", [[("2.5.4.10", "WSO2")], [("2.5.4.3", "Corpus")], [("2.5.4.3", "Escaped CA")]]),
            Issuer.Create("multi-valued RDN split", "", [[("2.5.4.10", "WSO2")], [("2.5.4.11", "IAM")], [("2.5.4.3", "Corpus Multi CA")]]),
            Issuer.Create("unicode decomposed", "", [[("2.5.4.10", "A\u0308rger")], [("2.5.4.3", "Zertifizierungsstelle U\u0308n\u00efc\u00f8d\u00e9 \u4e2d\u6587 \ud83d\ude00")]]),
            Issuer.Create("49 of 50 RDNs", "", [.. Enumerable.Range(0, 48).Select(i => new[] { ("2.5.4.11", $"unit{i}") }), [("2.5.4.3", "Corpus Deep CA")]]),
        ];

        public Fixture()
        {
            // The file ends without a newline; PEM blocks run together on one line are not read.
            var pem = new StringBuilder(File.ReadAllText(Truststore)).Append('\n');
            foreach (var issuer in Mapped.Concat(_lookAlikes))
            {
                pem.Append(issuer.Certificate.ExportCertificatePem()).Append('\n');
            }

            File.WriteAllText(Truststore, pem.ToString());
            Cases = [.. BuildCases()];
        }

        public IReadOnlyList<CertificateCase> Cases { get; }

        private string Truststore => Path.Combine(Home.Home.SecurityDir, "truststore.pem");

        private Issuer[] Mapped => [_escapedComma, _multiValued, _unicode, _manyRdns];

        protected override string InitialToml
        {
            get
            {
                var issuers = Mapped.Select(i => i.Dn).Prepend(TestPki.AdvisoryDn).ToList();
                var toml = new StringBuilder("[client_certificate_based_authentication]\nenable = true\n");
                foreach (var dn in issuers)
                {
                    toml.Append($"[[client_certificate_based_authentication.system_thumbprint_mapping]]\ntrusted_issuer = '{dn}'\ncert_thumbprint = \"*\"\nallowed_system_user = \"alice\"\n");
                }

                toml.Append($"[admin_console.authenticator.mutual_ssl_authenticator]\nenable = true\n[admin_console.authenticator.mutual_ssl_authenticator.config]\nallowed_issuers = '{string.Join('|', issuers)}'\n");
                foreach (var dn in issuers)
                {
                    toml.Append($"'issuer_{dn}' = \"admin\"\n");
                }

                return toml.ToString();
            }
        }

        private IEnumerable<CertificateCase> BuildCases()
        {
            var ca = TestPki.Instance.ClientCa;
            var name = Name([[("2.5.4.10", "WSO2")], [("2.5.4.3", "alice")]]);
            yield return Both("RSA-2048, SHA-256, clientAuth", Leaf(ca, name), true);
            yield return Both("subject with an escaped comma", Leaf(ca, Name([[("2.5.4.10", "WSO2")], [("2.5.4.3", "alice, the second")]])), true);
            yield return Both("subject with a multi-valued RDN", Leaf(ca, Name([[("2.5.4.10", "WSO2")], [("2.5.4.3", "alice"), ("0.9.2342.19200300.100.1.1", "42")]])), true);
            yield return Both("subject in unicode", Leaf(ca, Name([[("2.5.4.10", "WSO2")], [("2.5.4.3", "\u00c5lice \u4e2d\u6587 \ud83d\ude00")]])), true);
            yield return Both("subject of 50 RDNs", Leaf(ca, Name([.. Enumerable.Range(0, 49).Select(i => new[] { ("2.5.4.11", $"u{i}") }), [("2.5.4.3", "alice")]])), true);
            yield return Both("RSA-4096", Leaf(ca, name, key: 4096), true);
            yield return Both("EC P-384, signed with SHA-384", Leaf(ca, name, key: 384, hash: HashAlgorithmName.SHA384), true);
            yield return Both("EC P-256, signed with SHA-512", Leaf(ca, name, key: 256, hash: HashAlgorithmName.SHA512), true);
            yield return Both("no EKU", Leaf(ca, name, ekus: []), true);
            yield return Both("EKU anyExtendedKeyUsage", Leaf(ca, name, ekus: [AnyUsage]), true);
            yield return Both("EKU serverAuth and clientAuth", Leaf(ca, name, ekus: [ServerAuth, ClientAuth]), true);
            // JSSE's EndEntityChecker.checkTLSClient: an EKU without clientAuth (or any), or a key
            // usage without digitalSignature, is refused for a TLS client.
            yield return Both("EKU serverAuth only", Leaf(ca, name, ekus: [ServerAuth]), false);
            yield return Both("EKU emailProtection only", Leaf(ca, name, ekus: [new Oid("1.3.6.1.5.5.7.3.4")]), false);
            yield return Both("key usage without digitalSignature", Leaf(ca, name, usage: X509KeyUsageFlags.KeyEncipherment), false);
            yield return Both("key usage digitalSignature", Leaf(ca, name, usage: X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment), true);
            yield return Both("CA:TRUE leaf", Leaf(ca, name, isCa: true), true);
            yield return Both("expired", TestPki.Instance.Client("expired"), false);
            yield return Both("not yet valid", TestPki.Instance.Client("notyet"), false);
            yield return Both("expired a second ago", Leaf(ca, name, notAfter: DateTimeOffset.UtcNow.AddSeconds(-1)), false);
            yield return Both("issued by an untrusted CA", TestPki.Instance.Client("mallory"), false);
            var forger = Issuer.Create("forger", "", [[("2.5.4.6", "AU")], [("2.5.4.8", "Northern")], [("2.5.4.7", "Colombo")], [("2.5.4.10", "WSO2")],
                [("2.5.4.11", "IAM")], [("2.5.4.3", "RootCA")], [(EmailAddress, "ca@wso2.com")]]).Certificate;
            yield return Both("issued by a forged CA with the trusted CA's name", Leaf(forger, name), false);
            yield return Both("self-signed, the trusted CA's name", forger, false);
            foreach (var issuer in Mapped)
            {
                yield return Both($"issuer: {issuer.Label}", Leaf(issuer.Certificate, name), true);
            }

            foreach (var issuer in _lookAlikes)
            {
                // Trusted, so the handshake passes; unmapped, so no handler lets it act.
                yield return Both($"issuer look-alike: {issuer.Label}", Leaf(issuer.Certificate, name), false);
            }
        }

        private static CertificateCase Both(string name, X509Certificate2 certificate, bool accepted) => new(name, certificate, accepted, accepted);

        /// <param name="key">RSA modulus bits (2048, 4096) or an EC curve size (256, 384).</param>
        private static X509Certificate2 Leaf(X509Certificate2 ca, X500DistinguishedName subject, int key = 2048, HashAlgorithmName? hash = null,
            Oid[]? ekus = null, X509KeyUsageFlags? usage = null, bool isCa = false, DateTimeOffset? notAfter = null)
        {
            using AsymmetricAlgorithm algorithm = key switch
            {
                256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
                384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
                _ => RSA.Create(key),
            };
            var request = algorithm is RSA rsa
                ? new CertificateRequest(subject, rsa, hash ?? HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest(subject, (ECDsa)algorithm, hash ?? HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, isCa));
            var usages = ekus ?? [ClientAuth];
            if (usages.Length > 0)
            {
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
            }

            if (usage is { } flags)
            {
                request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, true));
            }

            // The issuer's RSA key signs, whatever the leaf's own key is.
            using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(ca.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1),
                DateTimeOffset.UtcNow.AddDays(-2), notAfter ?? DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(12));
            var withKey = algorithm is RSA r ? issued.CopyWithPrivateKey(r) : issued.CopyWithPrivateKey((ECDsa)algorithm);
            // Through PKCS#12, so SslStream can use the key on every platform.
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12, "t"), "t", X509KeyStorageFlags.Exportable);
        }

        /// <summary>A name from RDNs written most general first; an RDN of several pairs is multi-valued. Values are UTF8String.</summary>
        public static X500DistinguishedName Name(IEnumerable<(string Oid, string Value)[]> rdns)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                foreach (var rdn in rdns)
                {
                    using (writer.PushSetOf())
                    {
                        foreach (var (oid, value) in rdn)
                        {
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(oid);
                                writer.WriteCharacterString(oid switch
                                {
                                    "2.5.4.6" => UniversalTagNumber.PrintableString,
                                    EmailAddress => UniversalTagNumber.IA5String,
                                    _ => UniversalTagNumber.UTF8String,
                                }, value);
                            }
                        }
                    }
                }
            }

            return new X500DistinguishedName(writer.Encode());
        }
    }

    /// <summary>A CA with a hand-made name; <see cref="Dn"/> is how an operator writes it in a mapping (empty: never mapped).</summary>
    private sealed record Issuer(string Label, string Dn, X509Certificate2 Certificate)
    {
        public static Issuer Create(string label, string dn, IEnumerable<(string Oid, string Value)[]> rdns)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest(Fixture.Name(rdns), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            return new Issuer(label, dn, request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddYears(1)));
        }
    }
}
