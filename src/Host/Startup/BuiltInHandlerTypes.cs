using System.Reflection;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Startup;

/// <summary>
/// The host's own handlers: every concrete <see cref="IAuthenticationHandler"/> in the handler
/// assemblies (src/Handlers, src/Authenticators) and in the host itself, found by their type, so
/// adding one is adding its folder. What each is called in the product's files, whether it is on
/// by default and where it sits among the admin fallbacks are declared on it
/// (<see cref="HandlerDefaultsAttribute"/>); nothing here names a handler.
/// </summary>
public static class BuiltInHandlerTypes
{
    private static readonly string[] HandlerAssemblies = ["CompatHost.Handlers", "CompatHost.Authenticators"];

    public static IReadOnlyList<Type> All { get; } =
    [
        .. HandlerAssemblies.Select(name => Assembly.Load(new AssemblyName(name)))
            .Append(typeof(BuiltInHandlerTypes).Assembly)
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IAuthenticationHandler).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal),
    ];
}
