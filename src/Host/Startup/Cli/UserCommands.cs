using System.CommandLine;
using CompatHost.Host.Configuration;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Startup.Cli;

/// <summary><c>users</c>, <c>roles</c> and <c>tenants</c>: the home's user store, without SOAP.</summary>
internal static class UserCommands
{
    public static Command Users(CliContext context, Option<string> home)
    {
        var name = new Argument<string>("NAME") { Description = "[USERSTORE/]name[@tenant]" };
        var password = new Option<string>("--password") { Description = "the new user's password", Required = true };
        var role = Many("--role", "a role to put the user in");
        var add = new Command("add", "add a user") { name, password, role };
        add.SetAction((p, ct) => context.WithCoreAsync(Home(p, home), async core =>
        {
            var user = CliContext.User(p.GetValue(name)!);
            await core.Store.AddUserAsync(user, p.GetValue(password)!, p.GetValue(role)!, new Dictionary<string, string>(), ct);
            context.Output.WriteLine($"Added user {user}");
            return 0;
        }, ct));

        var filter = new Argument<string>("FILTER") { Description = "wildcard filter", DefaultValueFactory = _ => "*" };
        var tenant = Tenant();
        var list = new Command("list", "list users") { filter, tenant };
        list.SetAction((p, ct) => context.WithCoreAsync(Home(p, home), async core =>
        {
            foreach (var user in await core.Store.ListUsersAsync(p.GetValue(tenant)!, p.GetValue(filter)!, -1, cancellationToken: ct))
            {
                context.Output.WriteLine(user);
            }

            return 0;
        }, ct));

        var delete = OnUser(context, home, name, "delete", "delete a user", "Deleted", (store, user, ct) => store.DeleteUserAsync(user, ct));
        var unlock = OnUser(context, home, name, "unlock", "lift an account lockout and clear the failure counters", "Unlocked", (store, user, ct) => store.UnlockAsync(user, ct));
        return new Command("users", "manage users in the home's store") { add, list, delete, unlock };
    }

    public static Command Roles(CliContext context, Option<string> home)
    {
        var role = new Argument<string>("ROLE");
        var permission = Many("--permission", "a permission path, e.g. /permission/admin/login");
        var tenant = Tenant();
        var add = new Command("add", "add a role") { role, permission, tenant };
        add.SetAction((p, ct) => context.WithCoreAsync(Home(p, home), async core =>
        {
            await core.Store.AddRoleAsync(p.GetValue(tenant)!, p.GetValue(role)!, [], p.GetValue(permission)!, ct);
            context.Output.WriteLine($"Added role {p.GetValue(role)}");
            return 0;
        }, ct));

        var user = Many("--user", "a user to put in the role");
        var grant = new Command("grant", "grant a role permissions, or put users in it") { role, user, permission, tenant };
        grant.SetAction((p, ct) => context.WithCoreAsync(Home(p, home), async core =>
        {
            var name = p.GetValue(role)!;
            await core.Store.GrantPermissionsAsync(p.GetValue(tenant)!, name, p.GetValue(permission)!, ct);
            foreach (var member in p.GetValue(user)!)
            {
                await core.Store.UpdateRolesOfUserAsync(CliContext.User(member), [], [name], ct);
            }

            context.Output.WriteLine($"Updated role {name}");
            return 0;
        }, ct));

        return new Command("roles", "manage roles and their permissions") { add, grant };
    }

    public static Command Tenants(CliContext context, Option<string> home)
    {
        var domain = new Argument<string>("DOMAIN");
        var add = new Command("add", "add a tenant") { domain };
        add.SetAction((p, ct) => context.WithCoreAsync(Home(p, home), async core =>
        {
            await core.Store.AddTenantAsync(p.GetValue(domain)!, ct);
            context.Output.WriteLine($"Added tenant {p.GetValue(domain)}");
            return 0;
        }, ct));

        return new Command("tenants", "manage tenants") { add };
    }

    /// <summary>A command that does one thing to one user and says so.</summary>
    private static Command OnUser(CliContext context, Option<string> home, Argument<string> name, string command, string description, string done,
        Func<Users.IUserStore, QualifiedUserName, CancellationToken, Task> act)
    {
        var result = new Command(command, description) { name };
        result.SetAction((p, ct) => context.WithCoreAsync(Home(p, home), async core =>
        {
            var user = CliContext.User(p.GetValue(name)!);
            await act(core.Store, user, ct);
            context.Output.WriteLine($"{done} user {user}");
            return 0;
        }, ct));
        return result;
    }

    internal static ProductHome Home(ParseResult parse, Option<string> home) => ProductHome.At(parse.GetValue(home)!);

    internal static Option<string> Tenant() =>
        new("--tenant") { Description = "tenant domain", DefaultValueFactory = _ => QualifiedUserName.SuperTenant, HelpName = "DOMAIN" };

    /// <summary>A repeatable option (<c>--role a --role b</c>), as the previous parser took them.</summary>
    internal static Option<string[]> Many(string name, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => [], AllowMultipleArgumentsPerToken = false };
}
