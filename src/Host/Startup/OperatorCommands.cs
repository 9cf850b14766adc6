using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Startup;

/// <summary>
/// Operator subcommands against the home's store, so users and roles can be set up without SOAP:
/// <c>users add NAME --password P [--role R]...</c>, <c>users list [FILTER]</c>, <c>users delete NAME</c>, <c>users unlock NAME</c>,
/// <c>roles add ROLE [--permission P]... [--tenant T]</c>, <c>roles grant ROLE (--user U | --permission P)...</c>,
/// <c>tenants add DOMAIN</c>.
/// </summary>
public static class OperatorCommands
{
    public const string Usage = """
        usage: CompatHost [--home DIR] users add NAME --password P [--role ROLE]...
               CompatHost [--home DIR] users list [FILTER]
               CompatHost [--home DIR] users delete NAME
               CompatHost [--home DIR] users unlock NAME
               CompatHost [--home DIR] roles add ROLE [--permission PATH]... [--tenant DOMAIN]
               CompatHost [--home DIR] roles grant ROLE [--user NAME]... [--permission PATH]... [--tenant DOMAIN]
               CompatHost [--home DIR] tenants add DOMAIN
               CompatHost [--home DIR] apps add NAME [--grant TYPE]... [--callback URL] [--cert PEM_FILE | --jwks-uri URL]
                                                [--subject-dn DN] [--token-binding none|certificate] [--owner USER]
               CompatHost [--home DIR] apps list
               CompatHost [--home DIR] apps delete CLIENT_ID
        """;

    public static int Run(HostCore core, string[] args, TextWriter output, TextWriter error)
    {
        var store = core.Store;
        try
        {
            var (positional, flags) = Split(args);
            switch (positional)
            {
                case ["users", "add", var name]:
                    store.AddUser(User(name), Required(flags, "password"), Many(flags, "role"), new Dictionary<string, string>());
                    output.WriteLine($"Added user {User(name)}");
                    return 0;
                case ["users", "list", ..]:
                    foreach (var user in store.ListUsers(Tenant(flags), positional.Length > 2 ? positional[2] : "*", -1))
                    {
                        output.WriteLine(user);
                    }

                    return 0;
                case ["users", "delete", var name]:
                    store.DeleteUser(User(name));
                    output.WriteLine($"Deleted user {User(name)}");
                    return 0;
                case ["users", "unlock", var name]:
                    store.Unlock(User(name));
                    output.WriteLine($"Unlocked user {User(name)}");
                    return 0;
                case ["roles", "add", var role]:
                    store.AddRole(Tenant(flags), role, [], Many(flags, "permission"));
                    output.WriteLine($"Added role {role}");
                    return 0;
                case ["roles", "grant", var role]:
                    store.GrantPermissions(Tenant(flags), role, Many(flags, "permission"));
                    foreach (var user in Many(flags, "user"))
                    {
                        store.UpdateRolesOfUser(User(user), [], [role]);
                    }

                    output.WriteLine($"Updated role {role}");
                    return 0;
                case ["apps", "add", var name]:
                    var grants = Many(flags, "grant");
                    // No user runs the CLI: the super admin owns what it registers unless told otherwise.
                    var owner = User(Optional(flags, "owner") ?? core.Settings.SuperAdmin.Username);
                    if (store.FindAsync(owner, CancellationToken.None).AsTask().GetAwaiter().GetResult() is null)
                    {
                        throw new ArgumentException($"no user {owner} to own the application");
                    }

                    var (app, secret) = core.OAuth.AddApplication(new OAuth.ApplicationRegistration(name, Tenant(flags),
                        grants.Count > 0 ? grants : OAuth.ApplicationRegistration.DefaultGrants,
                        Optional(flags, "callback"),
                        Optional(flags, "cert") is { } cert ? File.ReadAllText(cert) : null,
                        Optional(flags, "jwks-uri"), Optional(flags, "subject-dn"), Optional(flags, "token-binding"), owner));
                    output.WriteLine($"client_id:     {app.ClientId}");
                    output.WriteLine($"client_secret: {secret}   (shown once; store it now)");
                    return 0;
                case ["apps", "list"]:
                    foreach (var application in core.OAuth.ListApplications(Tenant(flags)))
                    {
                        var material = application.JwksUri is { } jwks ? $"  (jwks {jwks})" : application.CertificateThumbprint is null ? "" : "  (certificate)";
                        output.WriteLine($"{application.ClientId}  {application.Name}  {string.Join(',', application.GrantTypes)}{material}  binding={OAuth.ApplicationRegistration.WireName(application.TokenBinding)}");
                    }

                    return 0;
                case ["apps", "delete", var clientId]:
                    if (!core.OAuth.DeleteApplication(clientId))
                    {
                        error.WriteLine($"error: no application {clientId}");
                        return 1;
                    }

                    output.WriteLine($"Deleted application {clientId}");
                    return 0;
                case ["tenants", "add", var domain]:
                    store.AddTenant(domain);
                    output.WriteLine($"Added tenant {domain}");
                    return 0;
                default:
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception ex) when (ex is UserStoreException or FormatException or ArgumentException or IOException)
        {
            error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }

    private static QualifiedUserName User(string name) => QualifiedUserName.Parse(name);

    private static string Tenant(Dictionary<string, List<string>> flags) => Optional(flags, "tenant") ?? QualifiedUserName.SuperTenant;

    private static string Required(Dictionary<string, List<string>> flags, string name) =>
        Optional(flags, name) ?? throw new ArgumentException($"--{name} is required");

    private static string? Optional(Dictionary<string, List<string>> flags, string name) =>
        flags.TryGetValue(name, out var values) ? values[^1] : null;

    private static IReadOnlyList<string> Many(Dictionary<string, List<string>> flags, string name) =>
        flags.TryGetValue(name, out var values) ? values : [];

    private static (string[] Positional, Dictionary<string, List<string>> Flags) Split(string[] args)
    {
        var positional = new List<string>();
        var flags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{args[i]} needs a value");
                }

                var key = args[i][2..];
                if (!flags.TryGetValue(key, out var list))
                {
                    flags[key] = list = [];
                }

                list.Add(args[++i]);
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        return (positional.ToArray(), flags);
    }
}
