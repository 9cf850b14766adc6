using CompatHost.Host.Startup.Cli;

namespace CompatHost.Host.Startup;

/// <summary>
/// The operator commands (<c>users</c>, <c>roles</c>, <c>tenants</c>, <c>apps</c>) against an
/// already open core, through the same command tree the executable parses.
/// </summary>
public static class OperatorCommands
{
    public static Task<int> RunAsync(HostCore core, string[] args, TextWriter output, TextWriter error)
    {
        var context = new CliContext(output, error, (_, _) => Task.FromResult(core))
        {
            // An open core is never served from here.
            Server = (_, _) => Task.FromResult(CompatHostCommandLine.UsageError),
        };
        return CompatHostCommandLine.InvokeAsync(context, args);
    }
}
