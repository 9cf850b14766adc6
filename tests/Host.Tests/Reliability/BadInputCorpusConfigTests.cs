using CompatHost.Host.Configuration;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// The operator's config files, mutated with a fixed seed (lines dropped, doubled, cut, junk,
/// wrong types): deployment.toml, the product's identity.xml and authenticators.xml. Every
/// mutation either loads or fails with errors that each name the file, the key or element, and
/// the line; none throws anything else.
/// </summary>
public sealed class BadInputCorpusConfigTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private const int PerFile = 120;

    [Fact]
    public void ConfigFiles_Mutated_EitherLoadOrFailNamingFileAndKey()
    {
        var random = new Random(42);
        var sources = new (string Text, Action<TestHome, string> Write)[]
        {
            (RichToml, (home, text) => File.WriteAllText(home.Home.DeploymentToml, TestHome.BaseToml + text)),
            (File.ReadAllText(Path.Combine(Repo.Conformance, "product", "identity.xml")), (home, text) => WriteBeside(home.Home.IdentityXml, text)),
            (RichAuthenticatorsXml, (home, text) => WriteBeside(home.Home.AuthenticatorsXml, text)),
        };
        var tried = 0;
        var loaded = new int[sources.Length];
        foreach (var ((source, write), index) in sources.Select((s, i) => (s, i)))
        {
            for (var i = 0; i < PerFile; i++)
            {
                using var home = new TestHome();
                write(home, Mutate(source, random));
                tried++;
                try
                {
                    HostSettingsLoader.Load(home.Home, fixture.Host.Core.Catalog);
                    loaded[index]++;
                }
                catch (ConfigException ex)
                {
                    Assert.All(ex.Errors, e =>
                    {
                        Assert.False(string.IsNullOrEmpty(e.File), $"an error without its file: {e}");
                        Assert.False(string.IsNullOrEmpty(e.Key), $"an error without its key: {e}");
                        Assert.True(e.Line is not null, $"an error without its line: {e}");
                    });
                }
            }
        }

        Assert.Equal(3 * PerFile, tried);
        Assert.All(loaded, count => Assert.InRange(count, 1, PerFile - 1));
    }

    private static void WriteBeside(string file, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    /// <summary>An authenticators.xml with every MutualSSLAuthenticator parameter the host reads, and an authenticator it does not know.</summary>
    private static readonly string RichAuthenticatorsXml = $$"""
        <Authenticators xmlns="http://wso2.org/projects/carbon/authenticators.xml">
            <Authenticator name="MutualSSLAuthenticator" disabled="false">
                <Priority>5</Priority>
                <Config>
                    <Parameter name="UsernameHeader">UserName</Parameter>
                    <Parameter name="WhiteListEnabled">true</Parameter>
                    <Parameter name="WhiteList">{{TestPki.Fingerprint(TestPki.Instance.Client("alice"))}}</Parameter>
                    <Parameter name="EnableSHA256">true</Parameter>
                    <Parameter name="allowed_issuers">{{TestPki.AdvisoryDn}}|{{TestPki.OtherDn}}</Parameter>
                    <Parameter name="issuer_{{TestPki.AdvisoryDn}}">admin,bob</Parameter>
                    <Parameter name="cert_thumbprint_{{TestPki.Fingerprint(TestPki.Instance.Client("bob"))}}">bob</Parameter>
                </Config>
            </Authenticator>
            <Authenticator name="SAML2SSOAuthenticator" disabled="true">
                <Priority>10</Priority>
                <Config>
                    <Parameter name="LoginPage">/carbon/admin/login.jsp</Parameter>
                </Config>
            </Authenticator>
        </Authenticators>
        """;

    /// <summary>A deployment.toml with most sections the host reads.</summary>
    private static readonly string RichToml = $$"""
        [server]
        hostname = "localhost"
        offset = 0
        [transport.https]
        client_auth = "want"
        [event.default_listener.basic_authentication_handler]
        enable = true
        priority = "100"
        [event.default_listener.identity_mgt]
        priority = "50"
        enable = false
        [event.default_listener.mutual_tls_authenticator]
        enable = true
        priority = 158
        [admin_console.authenticator.mutual_ssl_authenticator]
        enable = true
        priority = 5
        [admin_console.authenticator.mutual_ssl_authenticator.config]
        UsernameHeader = "UserName"
        WhiteListEnabled = false
        [client_certificate_based_authentication]
        enable = true
        [[client_certificate_based_authentication.system_thumbprint_mapping]]
        trusted_issuer = "{{TestPki.AdvisoryDn}}"
        cert_thumbprint = "*"
        allowed_system_user = "admin"
        [[client_certificate_based_authentication.user_thumbprint_mapping]]
        trusted_issuer = "{{TestPki.AdvisoryDnReversed}}"
        cert_thumbprint = "{{TestPki.Fingerprint(TestPki.Instance.Client("alice"))}}"
        allowed_username = ["alice", "bob"]
        [intermediate_cert_validation]
        enable = false
        cert_cns = ["wso2is.org"]
        exempt_contexts = ["dcr", "scim2"]
        [[resource.access_control]]
        context = "(.*)/api/custom/(.*)"
        secure = true
        http_method = "GET, POST"
        permissions = ["/permission/admin/login"]
        scopes = ["internal_login"]
        allowed_auth_handlers = ["BasicAuthentication"]
        [resource_access_control]
        default_access_allow = false
        [audit_log]
        max_file_size_kb = 1024
        retained_files = 3
        [oauth]
        token_expiry_seconds = 3600
        """;

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        switch (random.Next(6))
        {
            case 0:
                lines.RemoveAt(random.Next(lines.Count));
                break;
            case 1:
                var at = random.Next(lines.Count);
                lines.Insert(at, lines[at]);
                break;
            case 2:
                return text[..random.Next(text.Length)];
            case 3:
                var chars = text.ToCharArray();
                chars[random.Next(chars.Length)] = "\"'[]{}<>=#,\\\0\u00e9"[random.Next(14)];
                return new string(chars);
            case 4:
                var line = random.Next(lines.Count);
                lines[line] = lines[line].Replace("true", "\"maybe\"").Replace("= \"", "= 7 #").Replace("context=\"", "context=\"(");
                break;
            default:
                lines.Insert(random.Next(lines.Count), BadInputCorpusTests.RandomText(random, random.Next(1, 30)));
                break;
        }

        return string.Join('\n', lines);
    }
}
