using System.Globalization;
using System.Text.Json;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using CompatHost.Host.Chain;
using CompatHost.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CompatHost.Tests.Plugins;

/// <summary>
/// The HMAC sample ships in a folder of its own with a private dependency (HmacSignature.Core),
/// resolved from that folder by its load context, not from the host.
/// </summary>
public sealed class PrivateDependencyPluginTests
{
    private const string Secret = "alice-shared-secret";

    [Fact]
    public async Task PluginInItsOwnFolder_LoadsItsPrivateDependency_AndAuthenticatesSignedRequests()
    {
        using var home = new TestHome();
        home.DropPluginFolder(Repo.HmacPluginDll);
        home.WriteToml($"""
            [event.default_listener.hmac_signature_handler]
            enable = true
            [event.default_listener.hmac_signature_handler.config]
            alice = "{Secret}"
            """);
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        Assert.Contains(host.Services.GetRequiredService<HandlerSet>().Plugins, p => p.Loaded && p.File.EndsWith("HmacSignatureHandler/HmacSignatureHandler.dll"));
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var stale = DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);

        var ok = await host.GetAsync("/scim2/Me", null, ("X-Signature", "alice:" + Sign(Secret, "GET", "/scim2/Me", now)), ("X-Date", now));
        var wrongSecret = await host.GetAsync("/scim2/Me", null, ("X-Signature", "alice:" + Sign("guess", "GET", "/scim2/Me", now)), ("X-Date", now));
        var replayed = await host.GetAsync("/scim2/Me", null, ("X-Signature", "alice:" + Sign(Secret, "GET", "/scim2/Me", stale)), ("X-Date", stale));

        // The dependency lives only in the plugin's folder and its own load context.
        Assert.Contains(AssemblyLoadContext.All, c => c != AssemblyLoadContext.Default && c.Assemblies.Any(a => a.GetName().Name == "HmacSignature.Core"));
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "HmacSignature.Core");
        Assert.Equal(200, ok.Status);
        Assert.Equal("alice", JsonDocument.Parse(ok.Body).RootElement.GetProperty("userName").GetString());
        Assert.Equal(401, wrongSecret.Status);
        Assert.Equal(401, replayed.Status);
    }

    /// <summary>The documented scheme, written here independently of the plugin's code.</summary>
    private static string Sign(string secret, string method, string path, string date) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{method}\n{path}\n{date}")));
}
