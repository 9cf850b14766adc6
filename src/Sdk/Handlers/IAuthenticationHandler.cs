namespace CompatHost.Sdk.Handlers;

/// <summary>
/// One authentication handler, built in or dropped in. Priority and enablement never live
/// here: the host reads them from config and sorts the chain once per config load.
/// <para>
/// <see cref="Id"/>, <see cref="Name"/>, <see cref="DefaultPriority"/> and <see cref="Chains"/>
/// are constants of the type (e.g. <c>public string Id => "api_key_handler";</c>): the host reads
/// them before constructing the handler, to validate config before the store its constructor
/// may take is open. A handler whose identity depends on constructor state is not loaded.
/// </para>
/// </summary>
public interface IAuthenticationHandler
{
    /// <summary>Snake_case id used in config, e.g. <c>basic_authentication_handler</c>.</summary>
    string Id { get; }

    /// <summary>Display name used in <c>allowed_auth_handlers</c> and logs, e.g. <c>BasicAuthentication</c>.</summary>
    string Name { get; }

    /// <summary>The product's orderId for this handler, used when config sets none.</summary>
    int DefaultPriority { get; }

    HandlerChains Chains { get; }

    /// <summary>Cheap, side-effect free test: does this request carry what this handler reads?</summary>
    bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration);

    /// <summary>Decides the request. Only called when <see cref="CanHandle"/> said yes; its failure is final.</summary>
    ValueTask<HandlerResult> AuthenticateAsync(
        AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken);
}
