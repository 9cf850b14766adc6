using System.CommandLine;
using CompatHost.Host.Configuration;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Startup.Cli;

/// <summary>
/// The executable's commands on System.CommandLine: <c>run</c> (the default), <c>users</c>,
/// <c>roles</c>, <c>tenants</c>, <c>apps</c>, <c>check</c>. Parsing, <c>--help</c> and parse
/// errors touch nothing: a home is created, a store opened or a port taken only inside the action
/// of a command that needs it.
/// </summary>
public static class CompatHostCommandLine
{
    /// <summary>Exit code for a command line that does not parse (as the previous hand-written parser answered).</summary>
    public const int UsageError = 2;

    public const string DefaultHome = "compathost-home";

    public static RootCommand Create(CliContext context)
    {
        var home = new Option<string>("--home") { Description = "the product home", DefaultValueFactory = _ => DefaultHome, Recursive = true, HelpName = "DIR" };
        var port = new Option<int?>("--port") { Description = "HTTPS port (0 = any free port; default 9443 + [server] offset)", HelpName = "N" };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } p && p is < 0 or > 65535)
            {
                r.AddError($"--port expects a number from 0 to 65535, found '{p}'");
            }
        });

        var root = new RootCommand("CompatHost: a stand-in for WSO2 Identity Server's authentication front. Without a command: run.");
        root.Add(home);
        root.Add(port);
        root.SetAction((parse, ct) => context.RunServerAsync(ProductHome.At(parse.GetValue(home)!), parse.GetValue(port), ct));

        var run = new Command("run", "serve HTTPS (what the executable does without a command)") { port };
        run.SetAction((parse, ct) => context.RunServerAsync(ProductHome.At(parse.GetValue(home)!), parse.GetValue(port), ct));
        root.Add(run);

        var check = new Command("check", "validate the config and print the startup summary; opens neither the store nor the port (exit 1 on config errors)");
        check.SetAction(parse => context.Check(ProductHome.At(parse.GetValue(home)!)));
        root.Add(check);

        var json = new Option<bool>("--json") { Description = "one JSON array of findings, for pipelines" };
        var audit = new Command("audit", "every config warning with file:line, severity and a fix, and expiring certificates (exit 2 when any is high)") { json };
        audit.SetAction(parse => context.Audit(ProductHome.At(parse.GetValue(home)!), parse.GetValue(json)));
        root.Add(audit);

        root.Add(ExplainCommand.Create(context, home));
        root.Add(UserCommands.Users(context, home));
        root.Add(UserCommands.Roles(context, home));
        root.Add(UserCommands.Tenants(context, home));
        root.Add(AppCommands.Apps(context, home));
        return root;
    }

    /// <summary>Parses and runs; a parse error prints what is wrong and the command's help, and exits 2.</summary>
    public static async Task<int> InvokeAsync(CliContext context, string[] args)
    {
        // No response files: an argument starting with '@' (a password, say) is that text, never
        // the contents of a file of that name, as the previous parser took it.
        var parse = Create(context).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Error.WriteLine("error: " + error.Message);
            }

            var names = new List<string>();
            for (System.CommandLine.Parsing.SymbolResult? r = parse.CommandResult; r is System.CommandLine.Parsing.CommandResult c; r = c.Parent)
            {
                names.Insert(0, c.Command is RootCommand ? "CompatHost" : c.Command.Name);
            }

            context.Error.WriteLine($"Try '{string.Join(' ', names)} --help'.");
            return UsageError;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Output, Error = context.Error });
    }
}

/// <summary>Where commands write, and how they open the home; tests pass an already open core.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, Func<ProductHome, CancellationToken, Task<HostCore>> openCore)
{
    public TextWriter Output => output;

    public TextWriter Error => error;

    public Func<ProductHome, CancellationToken, Task<int>>? Server { get; init; }

    public Task<int> RunServerAsync(ProductHome home, int? port, CancellationToken cancellationToken) =>
        Server is { } server ? server(home, cancellationToken) : HostProgram.ServeAsync(home, port, cancellationToken);

    /// <summary>Runs a store command against the home: 0 done, 1 refused by the store or the config.</summary>
    public async Task<int> WithCoreAsync(ProductHome home, Func<HostCore, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action(await openCore(home, cancellationToken));
        }
        catch (ConfigException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is UserStoreException or FormatException or ArgumentException or IOException
                                       or System.Security.Cryptography.CryptographicException)
        {
            error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }

    public int Check(ProductHome home)
    {
        if (!File.Exists(home.DeploymentToml))
        {
            error.WriteLine($"error: no {home.DeploymentToml} (a home is made by running the host once, or by copying the product's)");
            return 1;
        }

        try
        {
            var config = HostCore.LoadConfiguration(home, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
            StartupSummary.Print(output, config.Settings, config.Catalog, config.Plugins, null, null);
            output.WriteLine("Config OK.");
            return 0;
        }
        catch (ConfigException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }
    }

    public int Audit(ProductHome home, bool json)
    {
        IReadOnlyList<AuditFinding> findings;
        try
        {
            var config = HostCore.LoadConfiguration(home, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
            findings = ConfigAudit.Run(config.Settings, DateTimeOffset.UtcNow);
        }
        catch (ConfigException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }

        var ordered = findings.OrderByDescending(f => f.Severity).ToList();
        if (json)
        {
            output.WriteLine(System.Text.Json.JsonSerializer.Serialize(ordered.Select(f => new
            {
                severity = f.Severity.ToString().ToLowerInvariant(), file = f.File, line = f.Line, key = f.Key, problem = f.Problem, fix = f.Fix,
            })));
        }
        else
        {
            foreach (var f in ordered)
            {
                output.WriteLine($"{f.Severity.ToString().ToUpperInvariant(),-6} {f.Location}: {f.Key}: {f.Problem}");
                output.WriteLine($"       fix: {f.Fix}");
            }

            output.WriteLine($"{ordered.Count(f => f.Severity == AuditSeverity.High)} high, {ordered.Count(f => f.Severity == AuditSeverity.Medium)} medium, {ordered.Count(f => f.Severity == AuditSeverity.Low)} low");
        }

        return ordered.Any(f => f.Severity == AuditSeverity.High) ? 2 : 0;
    }

    public static QualifiedUserName User(string name) => QualifiedUserName.Parse(name);
}
