using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.Rest;
using CompatHost.Host.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Host.Startup.Cli;

/// <summary>
/// <c>explain --method GET --path /t/abc.com/scim2/Me [--header "Name: value"]… [--cert FILE]</c>:
/// the rule, the handlers in order, the decider and the authorization result for one REST
/// request, from the serving code, with no audit record and no lockout count.
/// </summary>
public static class ExplainCommand
{
    public static Command Create(CliContext context, Option<string> home)
    {
        var method = new Option<string>("--method") { Description = "HTTP method", DefaultValueFactory = _ => "GET" };
        var path = new Option<string>("--path") { Description = "request path, with /t/<tenant> where the client uses one", Required = true };
        var headers = new Option<string[]>("--header") { Description = "a request header as \"Name: value\" (repeatable)", AllowMultipleArgumentsPerToken = false };
        var certificate = new Option<FileInfo?>("--cert") { Description = "a client certificate (PEM) to present, verified as the TLS handshake would" };
        var command = new Command("explain", "why a REST request would be accepted or refused: rule, handlers, decider, authorization (no side effects)")
        {
            method, path, headers, certificate,
        };
        command.SetAction((parse, ct) => RunAsync(context, ProductHome.At(parse.GetValue(home)!), parse.GetValue(method)!, parse.GetValue(path)!,
            parse.GetValue(headers) ?? [], parse.GetValue(certificate), ct));
        return command;
    }

    private static Task<int> RunAsync(CliContext context, ProductHome home, string method, string path, string[] headerTexts,
        FileInfo? certificateFile, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var text in headerTexts)
        {
            var colon = text.IndexOf(':');
            if (colon <= 0)
            {
                context.Error.WriteLine($"error: --header \"{text}\" is not \"Name: value\"");
                return Task.FromResult(CompatHostCommandLine.UsageError);
            }

            headers[text[..colon].Trim()] = text[(colon + 1)..].Trim();
        }

        if (path is not ['/', ..])
        {
            context.Error.WriteLine("error: --path must start with '/'");
            return Task.FromResult(CompatHostCommandLine.UsageError);
        }

        return context.WithCoreAsync(home, async core =>
        {
            var certificate = certificateFile is null ? null : X509Certificate2.CreateFromPemFile(certificateFile.FullName);
            var settings = core.Settings;
            // The same composition as the server's, so explain walks the handlers the server would build.
            await using var services = CompatHostServices.Compose(core);
            var explainer = services.GetRequiredService<RequestExplainer>();
            var verifier = new ClientCertificateVerifier(new TrustMaterialStore(TrustMaterial.Load(settings)),
                () => settings.Certificates.Revocation, new OcspClient(TimeProvider.System), NullLogger<ClientCertificateVerifier>.Instance);
            var explanation = await ExplainCertificate.ExplainAsync(explainer, verifier, services.GetRequiredService<SettingsStore>().Active, method, path, headers, certificate, cancellationToken);
            Print(context.Output, explanation);
            return 0;
        }, cancellationToken);
    }

    private static void Print(TextWriter output, Explanation e)
    {
        output.WriteLine($"{e.Method} {e.Path}" + (e.Tenant is null ? "" : $" (tenant {e.Tenant})"));
        output.WriteLine($"rule:     {e.Rule}  [{e.RuleOrigin}]");
        output.WriteLine("handlers (in order):");
        foreach (var step in e.Handlers)
        {
            var state = !step.AllowedByRule ? "not allowed by the rule" : step.CanHandle ? "can handle" : "cannot handle";
            output.WriteLine($"  {step.Priority,5}  {step.Name,-28} {state}");
        }

        output.WriteLine($"decides:  {e.Decider ?? "(none)"}" + (e.User is null ? "" : $" as {e.User}") + (e.AuthenticationReason is null ? "" : $" — {e.AuthenticationReason}"));
        output.WriteLine($"result:   {e.Status}" + (e.AuthorizationReason is null ? "" : $" — {e.AuthorizationReason}"));
    }
}
