using CompatHost.Sdk.Handlers;

namespace PluginFixtures;

public sealed class ThrowingHandler : IAuthenticationHandler
{
    public ThrowingHandler() => throw new InvalidOperationException("boom: this handler cannot start");

    public string Id => "throwing_handler";

    public string Name => "Throwing";

    public int DefaultPriority => 1;

    public HandlerChains Chains => HandlerChains.Rest;

    public bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration) => true;

    public ValueTask<HandlerResult> AuthenticateAsync(AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken) =>
        ValueTask.FromResult(HandlerResult.Failure("never"));
}
