using System.Reflection;
using CompatHost.Sdk.Handlers;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Plugins;

/// <summary>
/// Finds drop-in handler assemblies in repository/components/dropins (a DLL beside the others,
/// or <c>Name/Name.dll</c> in a folder of its own with its dependencies), loads each in its own
/// context, and lists its handler types (the composition root registers them). A plugin that
/// cannot load is logged with its file and reason and skipped; the host still starts.
/// </summary>
public sealed class PluginLoader(ILogger<PluginLoader> logger)
{
    private static readonly Version ContractVersion = typeof(IAuthenticationHandler).Assembly.GetName().Version!;

    public IReadOnlyList<PluginLoadReport> Reports => _reports;

    private readonly List<PluginLoadReport> _reports = [];

    /// <summary>Every loadable plugin's handler types, with the file each came from.</summary>
    public IReadOnlyList<(Type Type, string File)> Discover(string dropinsDir)
    {
        var result = new List<(Type, string)>();
        foreach (var file in Candidates(dropinsDir))
        {
            try
            {
                var assembly = new PluginLoadContext(file).LoadFromAssemblyPath(file);
                CheckContractVersion(assembly);
                var types = HandlerTypes(assembly);
                if (types.Count == 0)
                {
                    Skip(file, "contains no public, non-abstract IAuthenticationHandler");
                    continue;
                }

                result.AddRange(types.Select(t => (t, file)));
                logger.LogInformation("Plugin {File}: found {Handlers}", file, string.Join(", ", types.Select(t => t.FullName)));
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException
                                           or ReflectionTypeLoadException or TypeLoadException or PluginContractException)
            {
                Skip(file, ex.Message);
            }
        }

        return result;
    }

    public void RecordLoaded(string file, IReadOnlyList<string> ids) => _reports.Add(new PluginLoadReport(file, true, ids, null));

    public void Skip(string file, string reason)
    {
        logger.LogError("Plugin {File} not loaded: {Reason}", file, reason);
        _reports.Add(new PluginLoadReport(file, false, [], reason));
    }

    private static IEnumerable<string> Candidates(string dropinsDir)
    {
        if (!Directory.Exists(dropinsDir))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(dropinsDir, "*.dll").Order(StringComparer.Ordinal))
        {
            yield return file;
        }

        foreach (var folder in Directory.EnumerateDirectories(dropinsDir).Order(StringComparer.Ordinal))
        {
            var main = Path.Combine(folder, Path.GetFileName(folder) + ".dll");
            if (File.Exists(main))
            {
                yield return main;
            }
        }
    }

    private static List<Type> HandlerTypes(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            throw new PluginContractException("a type could not load (missing dependency?): " +
                string.Join("; ", ex.LoaderExceptions.Select(e => e?.Message).Distinct()));
        }

        return types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAuthenticationHandler).IsAssignableFrom(t)).ToList();
    }

    /// <summary>Same major contract version, and no newer minor than the host offers.</summary>
    private static void CheckContractVersion(Assembly assembly)
    {
        var reference = assembly.GetReferencedAssemblies().FirstOrDefault(r => r.Name == typeof(IAuthenticationHandler).Assembly.GetName().Name)
            ?? throw new PluginContractException("does not reference the CompatHost.Sdk contract");
        var version = reference.Version ?? new Version(0, 0);
        if (version.Major != ContractVersion.Major || version.Minor > ContractVersion.Minor)
        {
            throw new PluginContractException($"built against contract {version}, host offers {ContractVersion} (same major, equal or older minor required)");
        }
    }
}

/// <summary>A plugin that loads but breaks the contract's rules.</summary>
public sealed class PluginContractException(string message) : Exception(message);
