namespace CompatHost.Host.Configuration;

/// <summary>The product home's layout (spec README: Product home), mirrored so operators can copy their files in.</summary>
public sealed record ProductHome(string Root)
{
    public string ConfDir => Path.Combine(Root, "repository", "conf");

    public string DeploymentToml => Path.Combine(ConfDir, "deployment.toml");

    public string IdentityXml => Path.Combine(ConfDir, "identity", "identity.xml");

    public string CarbonXml => Path.Combine(ConfDir, "carbon.xml");

    public string AuthenticatorsXml => Path.Combine(ConfDir, "security", "authenticators.xml");

    public string SecurityDir => Path.Combine(Root, "repository", "resources", "security");

    public string DropinsDir => Path.Combine(Root, "repository", "components", "dropins");

    public string DatabaseDir => Path.Combine(Root, "repository", "database");

    public string LogsDir => Path.Combine(Root, "repository", "logs");

    public string AuditLog => Path.Combine(LogsDir, "audit.log");

    public static ProductHome At(string path) => new(Path.GetFullPath(path));
}
