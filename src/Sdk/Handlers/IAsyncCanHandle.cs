namespace CompatHost.Sdk.Handlers;

/// <summary>
/// Contract 1.2: for a handler whose "is this mine?" needs I/O (e.g. whether a session is still
/// alive decides between it and the handler after it). The host awaits this instead of
/// <see cref="IAuthenticationHandler.CanHandle"/>, so no request thread blocks on the store; the
/// synchronous method stays the cheap, I/O-free part of the same test (what <c>explain</c>
/// shows when it must not touch the store). Handlers built against 1.0/1.1 do not implement it.
/// </summary>
public interface IAsyncCanHandle
{
    ValueTask<bool> CanHandleAsync(AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken);
}
