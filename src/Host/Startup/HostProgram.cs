using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Startup;

/// <summary>
/// Entry point: the command line (<see cref="CompatHostCommandLine"/>); without a command, the server.
/// A bad config is a non-zero exit naming file, key and line; nothing starts half-configured.
/// </summary>
public static class HostProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        NativeHeap.LimitArenas();
        // Only the commands that open the core themselves log through this one; the server makes
        // its own, so it is not built (a console logger, its thread and options) on every start.
        var loggerFactory = new Lazy<ILoggerFactory>(CreateLoggerFactory);
        try
        {
            var context = new CliContext(Console.Out, Console.Error, (home, ct) => HostCore.OpenAsync(home, loggerFactory.Value, ct));
            return await CompatHostCommandLine.InvokeAsync(context, args);
        }
        finally
        {
            if (loggerFactory.IsValueCreated)
            {
                loggerFactory.Value.Dispose();
            }
        }
    }

    /// <summary><c>run</c>: makes a development home when there is none, then serves until stopped.</summary>
    public static async Task<int> ServeAsync(ProductHome home, int? port, CancellationToken cancellationToken)
    {
        using var loggerFactory = CreateLoggerFactory();
        try
        {
            DevelopmentHome.Files? created = null;
            if (DevelopmentHome.NeedsSetup(home))
            {
                created = DevelopmentHome.Create(home);
            }

            var core = await HostCore.OpenAsync(home, loggerFactory, cancellationToken);
            await using var app = CompatHostApp.Build(core, port, QuietFramework);
            await app.StartAsync(cancellationToken);
            var address = CompatHostApp.ListeningAddress(app, core.Settings);
            StartupSummary.Print(Console.Out, core.Settings, core.Catalog, app.Services.GetRequiredService<HandlerSet>().Plugins, created, address);
            CertificateSummary.Print(Console.Out, app);
            Console.WriteLine($"Listening on {address.GetLeftPart(UriPartial.Authority)}");
            await app.WaitForShutdownAsync(cancellationToken);
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

    /// <summary>
    /// The framework's own info lines (listening, content root) would bury the startup summary;
    /// they show at <c>COMPATHOST_LOG_LEVEL=Debug</c>.
    /// </summary>
    private static void QuietFramework(WebApplicationBuilder builder)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("COMPATHOST_LOG_LEVEL"), "Debug", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            return;
        }

        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // Its only lines are the per-request start/finish (Information), but while any level of
        // it is on, hosting wraps every request in a log scope and an Activity nobody reads: 3 %
        // of a request's CPU in the bench/Speed profile. Every request is in the audit log, and an
        // unhandled exception is logged by the exception handler under its own category.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        // SoapCore writes two lines per call ("Received SOAP Request…", "Request for operation…
        // received") through the console logger, which the audit record already says.
        builder.Logging.AddFilter("SoapCore", LogLevel.Warning);
    }

    private static ILoggerFactory CreateLoggerFactory() =>
        LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
}
