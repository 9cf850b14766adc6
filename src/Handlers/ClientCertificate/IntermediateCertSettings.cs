namespace CompatHost.Handlers.ClientCertificate;

/// <summary><c>[intermediate_cert_validation]</c>: CN-as-username for certificates issued by listed intermediates.</summary>
public sealed record IntermediateCertSettings(bool Enabled, IReadOnlyList<string> CertCns, IReadOnlyList<string> ExemptContexts)
{
    public static readonly IntermediateCertSettings Disabled = new(false, [], []);

    /// <summary>
    /// Applies when enabled and the path contains none of the exempt contexts, compared
    /// case-sensitively as the product's <c>String.contains</c> does (rest-auth.md).
    /// </summary>
    public bool AppliesTo(string path)
    {
        if (!Enabled)
        {
            return false;
        }

        foreach (var context in ExemptContexts)
        {
            if (path.Contains(context, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
