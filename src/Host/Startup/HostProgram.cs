using CompatHost.Host.Configuration;
using CompatHost.Host.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Startup;

/// <summary>
/// Entry point: the server, or an operator subcommand (<c>users</c>, <c>roles</c>, <c>tenants</c>).
/// A bad config is a non-zero exit naming file, key and line; nothing starts half-configured.
/// </summary>
public static class HostProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        HostOptions options;
        try
        {
            options = HostOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var home = ProductHome.At(options.Home);
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        try
        {
            if (options.Rest.Length > 0)
            {
                using var cliCore = HostCore.Open(home, loggerFactory);
                return OperatorCommands.Run(cliCore, options.Rest, Console.Out, Console.Error);
            }

            DevelopmentHome.Files? created = null;
            if (DevelopmentHome.NeedsSetup(home))
            {
                created = DevelopmentHome.Create(home);
            }

            using var core = HostCore.Open(home, loggerFactory);
            await using var app = CompatHostApp.Build(core, options.Port);
            await app.StartAsync();
            var address = CompatHostApp.ListeningAddress(app, core.Settings);
            StartupSummary.Print(Console.Out, core, created, address);
            CertificateSummary.Print(Console.Out, app);
            Console.WriteLine($"Listening on {address.GetLeftPart(UriPartial.Authority)}");
            await app.WaitForShutdownAsync();
            return 0;
        }
        catch (ConfigException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        catch (IOException ex)
        {
            // Kestrel reports a taken port this way; say which, without a stack trace.
            Console.Error.WriteLine($"Cannot listen: {ex.Message} (is another host using the port? try --port N or [server] offset)");
            return 1;
        }
    }
}
