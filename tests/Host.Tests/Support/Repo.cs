using System.Reflection;

namespace CompatHost.Tests.Support;

[AttributeUsage(AttributeTargets.Assembly)]
public sealed class BuildConfigurationAttribute(string configuration) : Attribute
{
    public string Configuration { get; } = configuration;
}

/// <summary>Where the repository, the conformance vectors and the sample plugin's build are.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The project's own copy of the conformance vectors (kept in step with the steering repo's
    /// shared/conformance), so a plain clone tests against them with nothing beside it.
    /// </summary>
    public static string Conformance => Path.Combine(Root, "tests", "Conformance");

    public static string ConformanceConfig(string name) => Path.Combine(Conformance, "configs", name);

    public static string SamplePluginDll => PluginOutput("ApiKeyHandler");

    /// <summary>The HMAC sample, whose output folder holds its private dependency too.</summary>
    public static string HmacPluginDll => PluginOutput("HmacSignatureHandler");

    /// <summary>A broken drop-in built for the loader tests (tests/PluginFixtures).</summary>
    public static string FixturePluginDll(string name) => PluginOutput(name, Path.Combine(Root, "tests", "PluginFixtures"));

    /// <summary>The bench executable (built with the solution), for the soak the reliability suite runs.</summary>
    public static string BenchDll => Path.Combine(Root, "bench", "Bench", "bin", Configuration, "net10.0", "CompatHost.Bench.dll");

    private static string Configuration => typeof(Repo).Assembly.GetCustomAttribute<BuildConfigurationAttribute>()!.Configuration;

    private static string PluginOutput(string name, string? folder = null) =>
        Path.Combine(folder ?? Path.Combine(Root, "plugins"), name, "bin", Configuration, "net10.0", name + ".dll");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Host.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Host.sln not found above " + AppContext.BaseDirectory);
    }
}
