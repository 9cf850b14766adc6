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
        add.SetAction(p => context.WithCore(Home(p, home), core =>
        {
            var user = CliContext.User(p.GetValue(name)!);
            core.Store.AddUser(user, p.GetValue(password)!, p.GetValue(role)!, new Dictionary<string, string>());
            context.Output.WriteLine($"Added user {user}");
            return 0;
        }));

        var filter = new Argument<string>("FILTER") { Description = "wildcard filter", DefaultValueFactory = _ => "*" };
        var tenant = Tenant();
        var list = new Command("list", "list users") { filter, tenant };
        list.SetAction(p => context.WithCore(Home(p, home), core =>
        {
            foreach (var user in core.Store.ListUsers(p.GetValue(tenant)!, p.GetValue(filter)!, -1))
            {
                context.Output.WriteLine(user);
            }

            return 0;
        }));

        var delete = OnUser(context, home, name, "delete", "delete a user", "Deleted", (store, user) => store.DeleteUser(user));
        var unlock = OnUser(context, home, name, "unlock", "lift an account lockout and clear the failure counters", "Unlocked", (store, user) => store.Unlock(user));
        return new Command("users", "manage users in the home's store") { add, list, delete, unlock };
    }

    public static Command Roles(CliContext context, Option<string> home)
    {
        var role = new Argument<string>("ROLE");
        var permission = Many("--permission", "a permission path, e.g. /permission/admin/login");
        var tenant = Tenant();
        var add = new Command("add", "add a role") { role, permission, tenant };
        add.SetAction(p => context.WithCore(Home(p, home), core =>
        {
            core.Store.AddRole(p.GetValue(tenant)!, p.GetValue(role)!, [], p.GetValue(permission)!);
            context.Output.WriteLine($"Added role {p.GetValue(role)}");
            return 0;
        }));

        var user = Many("--user", "a user to put in the role");
        var grant = new Command("grant", "grant a role permissions, or put users in it") { role, user, permission, tenant };
        grant.SetAction(p => context.WithCore(Home(p, home), core =>
        {
            var name = p.GetValue(role)!;
            core.Store.GrantPermissions(p.GetValue(tenant)!, name, p.GetValue(permission)!);
            foreach (var member in p.GetValue(user)!)
            {
                core.Store.UpdateRolesOfUser(CliContext.User(member), [], [name]);
            }

            context.Output.WriteLine($"Updated role {name}");
            return 0;
        }));

        return new Command("roles", "manage roles and their permissions") { add, grant };
    }

    public static Command Tenants(CliContext context, Option<string> home)
    {
        var domain = new Argument<string>("DOMAIN");
        var add = new Command("add", "add a tenant") { domain };
        add.SetAction(p => context.WithCore(Home(p, home), core =>
        {
            core.Store.AddTenant(p.GetValue(domain)!);
            context.Output.WriteLine($"Added tenant {p.GetValue(domain)}");
            return 0;
        }));

        return new Command("tenants", "manage tenants") { add };
    }

    /// <summary>A command that does one thing to one user and says so.</summary>
    private static Command OnUser(CliContext context, Option<string> home, Argument<string> name, string command, string description, string done,
        Action<Users.IUserStore, QualifiedUserName> act)
    {
        var result = new Command(command, description) { name };
        result.SetAction(p => context.WithCore(Home(p, home), core =>
        {
            var user = CliContext.User(p.GetValue(name)!);
            act(core.Store, user);
            context.Output.WriteLine($"{done} user {user}");
            return 0;
        }));
        return result;
    }

    internal static ProductHome Home(ParseResult parse, Option<string> home) => ProductHome.At(parse.GetValue(home)!);

    internal static Option<string> Tenant() =>
        new("--tenant") { Description = "tenant domain", DefaultValueFactory = _ => QualifiedUserName.SuperTenant, HelpName = "DOMAIN" };

    /// <summary>A repeatable option (<c>--role a --role b</c>), as the previous parser took them.</summary>
    internal static Option<string[]> Many(string name, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => [], AllowMultipleArgumentsPerToken = false };
}
