using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Storage;

/// <summary>
/// A request that needs the database while it is down gets 503 with Retry-After: never a 500,
/// and never an accept (nothing is decided without the store).
/// </summary>
public sealed class StoreUnavailableMiddleware(RequestDelegate next, IStoreDatabase database, ILogger<StoreUnavailableMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (database.IsUnavailable(ex) && !context.Response.HasStarted)
        {
            logger.LogWarning("{Database} unavailable for {Path}: {Reason}", database.Description, context.Request.Path, ex.Message);
            Metrics.HostMetrics.StoreUnavailable.Add(1);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"code":"SVC-50301","message":"Service Unavailable","description":"The identity store is temporarily unavailable."}""");
        }
    }
}
