using System.Reflection;
using CompatHost.Host.Startup;

namespace CompatHost.Tests.Startup;

/// <summary>
/// The dependency arrows run one way: handlers → SDK ← host. The compiler records an assembly
/// reference only for an assembly whose types the code names, so these fail as soon as the host
/// names a handler's type, or a handler a host type.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] HandlerAssemblies = ["CompatHost.Handlers", "CompatHost.Authenticators"];

    private static string[] OwnReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("CompatHost.", StringComparison.Ordinal)).Order()];

    [Fact]
    public void Host_NamesNoHandlersType_OnlyTheSdk()
    {
        Assert.Equal(["CompatHost.Sdk"], OwnReferences(typeof(HostCore).Assembly));
    }

    [Fact]
    public void Handlers_ReferenceOnlyTheSdk()
    {
        foreach (var name in HandlerAssemblies)
        {
            Assert.Equal(["CompatHost.Sdk"], OwnReferences(Assembly.Load(name)));
        }
    }

    [Fact]
    public void Sdk_ReferencesNothingOfOurs()
    {
        Assert.Empty(OwnReferences(typeof(Sdk.Handlers.IAuthenticationHandler).Assembly));
    }
}
