using CompatHost.Sdk.Handlers;

namespace CompatHost.Tests.Support;

/// <summary>A REST handler that handles nothing, for tests about what the host reads from a handler's type.</summary>
public abstract class StubHandler : IAuthenticationHandler
{
    public abstract string Id { get; }

    public abstract string Name { get; }

    public int DefaultPriority => 50;

    public HandlerChains Chains => HandlerChains.Rest;

    public bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration) => false;

    public ValueTask<HandlerResult> AuthenticateAsync(AuthenticationRequest request, HandlerConfiguration configuration,
        CancellationToken cancellationToken) => ValueTask.FromResult(HandlerResult.Failure("a stub authenticates nobody"));
}
