using System.Security.Cryptography.X509Certificates;
using CompatHost.Sdk.Certificates;

namespace CompatHost.Authenticators.MutualSsl;

/// <summary>
/// What an operator with a pre-advisory MutualSSLAuthenticator config (no <c>allowed_issuers</c>,
/// no enabled whitelist) must add, written as the exact lines for the file that configures it.
/// Until then the authenticator refuses every request, as the patched product does: the host
/// offers no legacy switch, only this advice (soap-auth.md step 4).
/// </summary>
public static class MutualSslMigrationAdvice
{
    /// <summary>The advice, or null when the settings need none.</summary>
    /// <param name="trustedCas">The truststore's certificates: their subjects are the issuers client certificates chain to.</param>
    /// <param name="xmlLayout">true for authenticators.xml <c>&lt;Parameter&gt;</c> lines, false for deployment.toml keys.</param>
    /// <param name="exampleUser">The user name shown in the <c>issuer_</c> line (the operator lists the real ones).</param>
    public static string? For(MutualSslSettings settings, IEnumerable<X509Certificate2> trustedCas, bool xmlLayout, string exampleUser)
    {
        if (!settings.RefusesEveryone)
        {
            return null;
        }

        var issuers = trustedCas.Select(c => JavaForm(c.SubjectName)).Distinct(StringComparer.Ordinal).ToList();
        if (issuers.Count == 0)
        {
            issuers.Add("CN=<your client CA>, O=<organisation>, C=<country>");
        }

        var allowed = string.Join('|', issuers);
        IEnumerable<string> lines = xmlLayout
            ? [$"<Parameter name=\"{MutualSslSettings.AllowedIssuersKey}\">{allowed}</Parameter>",
               .. issuers.Select(dn => $"<Parameter name=\"{MutualSslSettings.IssuerPrefix}{dn}\">{exampleUser}</Parameter>")]
            : ["[admin_console.authenticator.mutual_ssl_authenticator.config]",
               $"{MutualSslSettings.AllowedIssuersKey} = \"{allowed}\"",
               .. issuers.Select(dn => $"\"{MutualSslSettings.IssuerPrefix}{dn}\" = \"{exampleUser}\"")];
        return "MutualSSLAuthenticator refuses every request: it has no allowed_issuers and no enabled whitelist "
            + "(the patched product's rule since advisory WSO2-2025-4494). To keep certificate logins, add"
            + (xmlLayout ? " under <Config>:" : ":") + Environment.NewLine
            + string.Join(Environment.NewLine, lines.Select(l => "    " + l)) + Environment.NewLine
            + "listing in each issuer_ line the users certificates from that CA may act as (comma-separated; "
            + "* lets them act as anyone, the pre-advisory behaviour). Or disable the authenticator.";
    }

    /// <summary>
    /// A DN as Java prints an issuer (<c>getIssuerDN().getName()</c>): most specific first,
    /// EMAILADDRESS and ST spelled out, so the line reads the same in the product.
    /// </summary>
    private static string JavaForm(X500DistinguishedName name) => string.Join(", ",
        DistinguishedName.FromX500(name).Components.Reverse().Select(c => (c.Key == "E" ? "EMAILADDRESS" : c.Key) + "=" + c.Value));
}
