using CompatHost.Host.OAuth.Grants;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CompatHost.Tests.OAuth;

/// <summary>The token endpoint dispatches by grant_type to the registered grant handlers, and to nothing else.</summary>
public sealed class GrantHandlersTests
{
    [Fact]
    public void AnotherGrant_IsOneClassAndOneRegistration_FoundByItsExactGrantType()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IGrantHandler, DeviceCodeGrant>()
            .AddSingleton<GrantHandlers>()
            .BuildServiceProvider();
        var grants = services.GetRequiredService<GrantHandlers>();

        Assert.IsType<DeviceCodeGrant>(grants.Find(DeviceCodeGrant.Type));
        // RFC 6749 grant types are compared as written, as the product keys its supported grants (OAuthServerConfiguration).
        Assert.Null(grants.Find(DeviceCodeGrant.Type.ToUpperInvariant()));
        Assert.Null(grants.Find("password"));
    }

    private sealed class DeviceCodeGrant : IGrantHandler
    {
        public const string Type = "urn:ietf:params:oauth:grant-type:device_code";

        public string GrantType => Type;

        public Task<IResult> HandleAsync(GrantRequest request, CancellationToken cancellationToken) =>
            Task.FromResult<IResult>(Results.StatusCode(501));
    }
}
