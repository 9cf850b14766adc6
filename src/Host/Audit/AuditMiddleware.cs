using CompatHost.Host.Chain;
using CompatHost.Host.Metrics;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CompatHost.Host.Audit;

/// <summary>Writes one audit record per request once its status is known.</summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditLog audit)
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
        var state = context.Features.GetRequiredFeature<AuthRequestState>();
        var decision = state.Decision;
        var (concluded, reason) = state.Conclude(status, error);
        var outcome = concluded switch
        {
            AuditOutcome.Failure => "failure",
            AuditOutcome.Denied => "denied",
            _ => "success",
        };
        var user = concluded == AuditOutcome.Failure ? null : (state.LoggedInUser ?? decision?.Result.User)?.ToString();
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
