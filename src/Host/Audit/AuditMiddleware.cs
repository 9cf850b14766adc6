using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.Metrics;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Audit;

/// <summary>Writes one audit record per request once its status is known.</summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditLog audit, SettingsStore store)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            // The exception handler outside answers 500; record that, not the 200 not yet sent.
            await WriteAsync(context, StatusCodes.Status500InternalServerError, "unhandled " + ex.GetType().Name);
            throw;
        }

        await WriteAsync(context, context.Response.StatusCode, null);
    }

    private ValueTask WriteAsync(HttpContext context, int status, string? error)
    {
        var state = context.GetDecision(store);
        var decision = state.Decision;
        var outcome = state.Refusal ?? status switch
        {
            StatusCodes.Status500InternalServerError when error is not null => "failure",
            StatusCodes.Status401Unauthorized => "failure",
            StatusCodes.Status403Forbidden => "denied",
            _ when state.DenialReason is not null => "denied",
            _ when decision is { Result.Succeeded: false } => "failure",
            _ => "success",
        };
        var reason = error ?? state.DenialReason ?? state.OperationError
            ?? (decision is { } d ? d.Result.Reason : state.Rule.Secure ? null : "unsecured resource");
        var user = outcome == "failure" ? null : (state.LoggedInUser ?? decision?.Result.User)?.ToString();
        var chain = state.Chain == HandlerChains.SoapAdmin ? "soap" : "rest";
        HostMetrics.Decisions.Add(1, new("chain", chain), new("handler", decision?.Handler?.Name ?? "none"), new("outcome", outcome));
        return audit.WriteAsync(new AuditRecord(
            DateTimeOffset.UtcNow,
            context.Connection.RemoteIpAddress?.ToString(),
            chain,
            context.Request.Method,
            (context.Request.PathBase + context.Request.Path).Value ?? "/",
            state.Operation,
            decision?.Handler?.Name,
            user,
            outcome,
            status,
            reason));
    }
}
