using System.Net;
using BenchmarkDotNet.Attributes;
using CompatHost.Host.Configuration;
using CompatHost.Host.OAuth;
using CompatHost.Host.Startup;
using Microsoft.Extensions.DependencyInjection;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Bench;

/// <summary>
/// The per-request decision of each handler on a warm cache (verification cache, account
/// cache, certificate facts), against a no-auth baseline: matching an unsecured resource rule.
/// </summary>
[MemoryDiagnoser]
public class HandlerDecisionBenchmarks
{
    private BenchHome _home = null!;
    private HostSettings _settings = null!;
    private AuthenticationRequest _basic = null!;
    private ServiceProvider _services = null!;
    private Host.Chain.ActiveSettings _active = null!;
    private AuthenticationRequest _certificate = null!;
    private AuthenticationRequest _mutualSsl = null!;
    private AuthenticationRequest _bearer = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _home = await BenchHome.CreateAsync();
        _services = CompatHostServices.Compose(_home.Core);
        _active = _services.GetRequiredService<SettingsStore>().Active;
        _settings = _active.Settings;
        _basic = Request(HandlerChains.Rest, "/scim2/Me", null, ("Authorization", "Basic " + Convert.ToBase64String("alice:alicepw"u8.ToArray())));
        _certificate = Request(HandlerChains.Rest, "/scim2/Me", _home.Alice);
        _mutualSsl = Request(HandlerChains.SoapAdmin, "/services/RemoteUserStoreManagerService", _home.Alice,
            ("UserName", Convert.ToBase64String("alice"u8.ToArray())));
        var (application, _) = await _home.Core.OAuth.AddApplicationAsync(new ApplicationRegistration("bench", "carbon.super", ["password"], null, null, null, null, null, null));
        var token = Host.OAuth.TokenValues.New();
        var now = DateTimeOffset.UtcNow;
        await _home.Core.OAuth.AddTokensAsync([new Host.OAuth.AccessToken(Host.OAuth.TokenValues.Hash(token), Host.OAuth.AccessToken.Access, application.ClientId,
            Sdk.Identity.QualifiedUserName.Parse("alice"), ["internal_login"], now, now.AddHours(1), false, null)]);
        _bearer = Request(HandlerChains.Rest, "/scim2/Me", null, ("Authorization", "Bearer " + token));
        // Warm every cache the steady state runs on.
        await Basic();
        await ClientCertificate();
        await MutualSsl();
        await Bearer();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _services.DisposeAsync();
        _home.Dispose();
    }

    [Benchmark(Baseline = true)]
    public bool NoAuthBaseline() => _settings.AccessControl.RuleFor("/api/health", "/api/health", "GET").Secure;

    [Benchmark]
    public ValueTask<bool> Basic() => DecideAsync(_active.Rest, _basic, "/scim2/Me");

    [Benchmark]
    public ValueTask<bool> ClientCertificate() => DecideAsync(_active.Rest, _certificate, "/scim2/Me");

    [Benchmark]
    public ValueTask<bool> Bearer() => DecideAsync(_active.Rest, _bearer, "/scim2/Me");

    [Benchmark]
    public ValueTask<bool> MutualSsl() => DecideAsync(_active.Soap, _mutualSsl, null);

    private async ValueTask<bool> DecideAsync(Host.Chain.HandlerChain chain, AuthenticationRequest request, string? path)
    {
        var rule = path is null ? Host.Access.ResourceRule.SecuredByDefault : _settings.AccessControl.RuleFor(path, path, "GET");
        var decision = await chain.DecideAsync(request, rule, CancellationToken.None);
        return decision.Result.Succeeded ? true : throw new InvalidOperationException(decision.Result.Reason);
    }

    private AuthenticationRequest Request(HandlerChains chain, string path, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate,
        params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return new AuthenticationRequest(chain, "GET", path, IPAddress.Loopback, dictionary, certificate, SoapHeaders.None, _settings);
    }
}
