using System.CommandLine;
using CompatHost.Host.OAuth;

namespace CompatHost.Host.Startup.Cli;

/// <summary><c>apps</c>: OAuth applications in the home's store.</summary>
internal static class AppCommands
{
    public static Command Apps(CliContext context, Option<string> home)
    {
        var name = new Argument<string>("NAME");
        var grant = UserCommands.Many("--grant", "a grant type (default: password, client_credentials, refresh_token)");
        var callback = new Option<string?>("--callback") { HelpName = "URL" };
        var cert = new Option<string?>("--cert") { Description = "PEM file of the client certificate", HelpName = "PEM_FILE" };
        var jwks = new Option<string?>("--jwks-uri") { HelpName = "URL" };
        var subject = new Option<string?>("--subject-dn") { HelpName = "DN" };
        var binding = new Option<string?>("--token-binding") { Description = "none or certificate" };
        var owner = new Option<string?>("--owner") { Description = "the user the application belongs to (default: the super admin)", HelpName = "USER" };
        var tenant = UserCommands.Tenant();
        var add = new Command("add", "register an application; prints its client_id and, once, its secret")
            { name, grant, callback, cert, jwks, subject, binding, owner, tenant };
        add.SetAction((p, ct) => context.WithCoreAsync(UserCommands.Home(p, home), async core =>
        {
            // No user runs the CLI: the super admin owns what it registers unless told otherwise.
            var ownerName = CliContext.User(p.GetValue(owner) ?? core.Settings.SuperAdmin.Username);
            if (await core.Store.FindAsync(ownerName, ct) is null)
            {
                throw new ArgumentException($"no user {ownerName} to own the application");
            }

            var grants = p.GetValue(grant)!;
            var (app, secret) = await core.OAuth.AddApplicationAsync(new ApplicationRegistration(p.GetValue(name)!, p.GetValue(tenant)!,
                grants.Length > 0 ? (IReadOnlyList<string>)grants : ApplicationRegistration.DefaultGrants,
                p.GetValue(callback),
                p.GetValue(cert) is { } file ? File.ReadAllText(file) : null,
                p.GetValue(jwks), p.GetValue(subject), p.GetValue(binding), ownerName), ct);
            context.Output.WriteLine($"client_id:     {app.ClientId}");
            context.Output.WriteLine($"client_secret: {secret}   (shown once; store it now)");
            return 0;
        }, ct));

        var listTenant = UserCommands.Tenant();
        var list = new Command("list", "list applications") { listTenant };
        list.SetAction((p, ct) => context.WithCoreAsync(UserCommands.Home(p, home), async core =>
        {
            foreach (var application in await core.OAuth.ListApplicationsAsync(p.GetValue(listTenant)!, ct))
            {
                var material = application.JwksUri is { } uri ? $"  (jwks {uri})" : application.CertificateThumbprint is null ? "" : "  (certificate)";
                context.Output.WriteLine($"{application.ClientId}  {application.Name}  {string.Join(',', application.GrantTypes)}{material}  binding={ApplicationRegistration.WireName(application.TokenBinding)}");
            }

            return 0;
        }, ct));

        var clientId = new Argument<string>("CLIENT_ID");
        var delete = new Command("delete", "delete an application and its tokens") { clientId };
        delete.SetAction((p, ct) => context.WithCoreAsync(UserCommands.Home(p, home), async core =>
        {
            if (!await core.OAuth.DeleteApplicationAsync(p.GetValue(clientId)!, ct))
            {
                context.Error.WriteLine($"error: no application {p.GetValue(clientId)}");
                return 1;
            }

            context.Output.WriteLine($"Deleted application {p.GetValue(clientId)}");
            return 0;
        }, ct));

        return new Command("apps", "manage OAuth applications") { add, list, delete };
    }
}
