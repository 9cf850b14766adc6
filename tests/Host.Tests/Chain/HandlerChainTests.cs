using System.Collections.Frozen;
using CompatHost.Host.Access;
using CompatHost.Host.Chain;
using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Tests.Chain;

/// <summary>The chain engine's rules, independent of any transport.</summary>
public sealed class HandlerChainTests
{
    private sealed class RecordingHandler(string name, int priority, bool canHandle, bool succeeds, List<string> calls) : IAuthenticationHandler
    {
        public string Id => name.ToLowerInvariant();

        public string Name => name;

        public int DefaultPriority => priority;

        public HandlerChains Chains => HandlerChains.Rest;

        public bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration)
        {
            calls.Add("can:" + name);
            return canHandle;
        }

        public ValueTask<HandlerResult> AuthenticateAsync(AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken)
        {
            calls.Add("auth:" + name);
            return ValueTask.FromResult(succeeds ? HandlerResult.Success(QualifiedUserName.Parse(name)) : HandlerResult.Failure("no"));
        }
    }

    private static HandlerChain Chain(params (IAuthenticationHandler Handler, int Priority, bool Enabled)[] handlers)
    {
        // Several instances of one test type with different names: described by hand, not from the type.
        var catalog = new HandlerCatalog(handlers.Select(h =>
            new HandlerDescriptor(h.Handler.Id, h.Handler.Name, h.Priority, true, h.Handler.Chains, [h.Handler.Name], h.Handler.GetType(), "built-in")));
        var configs = handlers.ToFrozenDictionary(
            h => h.Handler.Id,
            h => new HandlerConfiguration(h.Handler.Id, h.Priority, h.Enabled, SettingSource.Toml, SettingSource.Toml, FrozenDictionary<string, string>.Empty));
        return HandlerChain.Build(HandlerChains.Rest, catalog, configs, d => handlers.Single(h => h.Handler.Id == d.Id).Handler);
    }

    private static AuthenticationRequest Request() =>
        new(HandlerChains.Rest, "GET", "/x", null, new HeaderDictionary(), null, SoapHeaders.None, null!);

    [Fact]
    public void Chain_SortsByPriority_TiesByName_AndDropsDisabled()
    {
        var calls = new List<string>();
        var chain = Chain(
            (new RecordingHandler("Zeta", 0, false, false, calls), 20, true),
            (new RecordingHandler("Alpha", 0, false, false, calls), 20, true),
            (new RecordingHandler("First", 0, false, false, calls), 1, true),
            (new RecordingHandler("Off", 0, false, false, calls), 0, false));

        Assert.Equal(["First", "Alpha", "Zeta"], chain.Entries.Select(e => e.Handler.Name));
    }

    [Fact]
    public async Task FirstHandlerThatCanHandle_Decides_AndItsFailureIsFinal()
    {
        var calls = new List<string>();
        var chain = Chain(
            (new RecordingHandler("Skips", 0, false, true, calls), 1, true),
            (new RecordingHandler("Fails", 0, true, false, calls), 2, true),
            (new RecordingHandler("Would", 0, true, true, calls), 3, true));

        var decision = await chain.DecideAsync(Request(), ResourceRule.SecuredByDefault, CancellationToken.None);

        Assert.Equal("Fails", decision.Handler?.Name);
        Assert.False(decision.Result.Succeeded);
        Assert.Equal(["can:Skips", "can:Fails", "auth:Fails"], calls);
    }

    [Fact]
    public async Task HandlersTheResourceDoesNotAllow_AreSkipped()
    {
        var calls = new List<string>();
        var chain = Chain(
            (new RecordingHandler("NotAllowed", 0, true, true, calls), 1, true),
            (new RecordingHandler("Allowed", 0, true, true, calls), 2, true));

        var decision = await chain.DecideAsync(Request(), ResourceRule.SecuredByDefault with { AllowedHandlers = new[] { "Allowed" }.ToFrozenSet() }, CancellationToken.None);

        Assert.Equal("Allowed", decision.Handler?.Name);
        Assert.DoesNotContain("can:NotAllowed", calls);
    }

    [Fact]
    public async Task NoHandlerCanHandle_IsUnauthenticated()
    {
        var calls = new List<string>();
        var chain = Chain((new RecordingHandler("Never", 0, false, true, calls), 1, true));

        var decision = await chain.DecideAsync(Request(), ResourceRule.SecuredByDefault, CancellationToken.None);

        Assert.Null(decision.Handler);
        Assert.False(decision.Result.Succeeded);
    }
}
