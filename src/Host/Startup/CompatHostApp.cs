using System.Net;
using CompatHost.Host.Access;
using CompatHost.Host.Audit;
using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.Metrics;
using CompatHost.Host.OAuth.Grants;
using CompatHost.Host.Rest;
using CompatHost.Host.Security;
using CompatHost.Host.Soap;
using CompatHost.Host.Storage;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace CompatHost.Host.Startup;

/// <summary>Builds the web host: Kestrel over TLS, the chain as the authentication scheme, the rules as the fallback policy.</summary>
public static class CompatHostApp
{
    /// <param name="configure">For hosts that embed CompatHost (tests, benchmarks): logging and extra services.</param>
    public static WebApplication Build(HostCore core, int? port, Action<WebApplicationBuilder>? configure = null)
    {
        var settings = core.Settings;
        // Reading the keystore and truststore is ~125 ms of a ~900 ms cold start, most of it the
        // process's first X509 chain build (the server certificate's TLS context), which loads the
        // system certificate store. Nothing until the app is built needs the material, so it is
        // read on a pool thread meanwhile, and Build waits for it before returning (README:
        // Performance, cold start).
        var loading = Task.Run(() => new TrustMaterialStore(TrustMaterial.Load(settings)));
        // A bare LF ending a header line is read by some proxies and not by others: a way to
        // smuggle a header past one of them. Lines end with CRLF here, or the request is a 400.
        AppContext.SetSwitch("Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators", true);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = settings.Home.Root,
            // The framework would watch the content root, the whole product home, for changes to
            // an appsettings.json the host does not use: every SQLite commit and audit line then
            // woke the watcher thread (3 % of a token request's CPU). deployment.toml and its
            // siblings are watched by ConfigWatcher.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        configure?.Invoke(builder);

        ConfigureKestrel(builder, settings, port ?? settings.Server.Port);

        var services = builder.Services;
        services.AddSingleton(_ => loading.GetAwaiter().GetResult());
        services.AddSingleton(sp => new OcspClient(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ClientCertificateVerifier(sp.GetRequiredService<TrustMaterialStore>(),
            () => sp.GetRequiredService<SettingsStore>().Current.Certificates.Revocation,
            sp.GetRequiredService<OcspClient>(), sp.GetRequiredService<ILogger<ClientCertificateVerifier>>()));
        services.AddHostedService<TrustMaterialWatcher>();
        services.AddCompatHostCore(core);
        services.AddSingleton(sp => new OAuth.MutualTls.JwksCache(sp.GetRequiredService<TrustMaterialStore>().Current.Anchors, TimeProvider.System));
        services.AddOAuthGrants();
        if (core.Database is PostgresStoreDatabase postgres)
        {
            services.AddSingleton(postgres);
            services.AddHostedService<PostgresChangeFeed>();
        }
        services.AddSingleton(sp => new AuditLog(settings.Home.AuditLog, settings.AuditLog, TimeProvider.System, sp.GetRequiredService<ILogger<AuditLog>>()));
        services.AddSingleton<ChallengeWriter>();
        services.AddHostedService<ConfigWatcher>();
        services.AddHostedService<NativeHeapTrimmer>();
        services.AddProblemDetails();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(HostMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            .AddView(MetricStream)
            .AddPrometheusExporter());
        services.AddAdminServices();

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError });
        app.UseMiddleware<ClientCertificateMiddleware>();
        app.UseMiddleware<TenantPathMiddleware>();
        app.UseMiddleware<RequestStateMiddleware>();
        app.UseMiddleware<AuditMiddleware>();
        app.UseMiddleware<StoreUnavailableMiddleware>();
        app.UseMiddleware<SoapEnvelopeReader>();
        app.UseMiddleware<AdminServiceWsdl>();
        app.UseRouting();
        app.UseMiddleware<ChainAuthenticationMiddleware>();
        app.UseMiddleware<AdminSessionMiddleware>();
        app.UseMiddleware<ResourceRuleMiddleware>();
        RestEndpoints.Map(app);
        app.MapAdminServices();
        // Every endpoint says who may call it, or the host does not start (REST endpoints are
        // checked at the first settings load already; this also covers the admin services).
        EndpointAccessRules.RequireDeclared(((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints));
        // Unreadable trust material is a startup error (fail closed): its ConfigException ends
        // Build here, as itself. Later changes are reloaded (TrustMaterialWatcher).
        var trust = app.Services.GetRequiredService<TrustMaterialStore>();
        HostMetrics.ServerCertificate(() => trust.Current.ServerCertificate.NotAfter);
        return app;
    }

    /// <summary>The address the host listens on, once started.</summary>
    public static Uri ListeningAddress(WebApplication app, HostSettings settings)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address.Replace("[::]", "localhost").Replace("0.0.0.0", "localhost"));
        var host = uri.Host is "127.0.0.1" or "[::1]" or "localhost" ? settings.Server.Hostname : uri.Host;
        return new UriBuilder("https", host, uri.Port).Uri;
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, HostSettings settings, int port)
    {
        // Runs when the server starts, with the app built: the trust material and the verifier
        // (which logs and follows reloaded settings) come from its services.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var trust = kestrel.ApplicationServices.GetRequiredService<TrustMaterialStore>();
            var verifier = kestrel.ApplicationServices.GetRequiredService<ClientCertificateVerifier>();
            kestrel.AddServerHeader = false;
            // Limits a slow or hostile client runs into (README: Reliability). A client that drips
            // its headers is cut off after RequestHeadersTimeout; one that drips a body below
            // MinRequestBodyDataRate after its grace period; each connection costs no thread
            // while it waits, so others keep being served.
            kestrel.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 100;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            var address = settings.Server.Hostname is "localhost" or "127.0.0.1" ? IPAddress.Loopback : IPAddress.Any;
            kestrel.Listen(address, port, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = trust.Current.ServerCertificate;
                // Read per handshake, so a reloaded keystore serves new connections at once.
                https.OnAuthenticate = (_, ssl) => ssl.ServerCertificateContext = trust.Current.ServerContext;
                https.ClientCertificateMode = settings.Server.ClientAuth switch
                {
                    ClientAuthMode.Need => ClientCertificateMode.RequireCertificate,
                    ClientAuthMode.None => ClientCertificateMode.NoCertificate,
                    _ => ClientCertificateMode.AllowCertificate,
                };
                https.CheckCertificateRevocation = false;
                // SslStream hands the validation callback a chain whose ExtraStore holds the
                // certificates the client sent after its own (its intermediates); the verdict
                // is ours alone, so SslStream's own policy errors are not consulted.
                https.ClientCertificateValidation = (certificate, sent, _) =>
                    verifier.VerifyAtHandshake(certificate, sent?.ChainPolicy.ExtraStore);
            }));
        });
    }

    /// <summary>
    /// Every instrument's stream, bounded to <see cref="MetricSeriesLimit"/> series: the SDK's
    /// default of 2,000 preallocates its points per instrument on the large-object heap, about
    /// 10 MiB of the idle host for the ~45 instruments exported. The in-flight request gauge is
    /// dropped: two aggregator updates per request (~1 % of a cached REST request's CPU) for
    /// nothing the duration histogram's rate does not answer.
    /// </summary>
    private static OpenTelemetry.Metrics.MetricStreamConfiguration MetricStream(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Name == "http.server.active_requests"
            ? OpenTelemetry.Metrics.MetricStreamConfiguration.Drop
            : new OpenTelemetry.Metrics.MetricStreamConfiguration { CardinalityLimit = MetricSeriesLimit };

    /// <summary>Series per instrument; more are folded into the SDK's overflow series (<c>otel_metric_overflow="true"</c>).</summary>
    private const int MetricSeriesLimit = 500;
}
