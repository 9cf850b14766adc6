using BenchmarkDotNet.Attributes;
using CompatHost.Host.Users;

namespace CompatHost.Bench;

/// <summary>
/// The cost of one password verification (PBKDF2-SHA256, 600,000 iterations): what a Basic
/// request would pay on every call without the verification cache.
/// </summary>
[MemoryDiagnoser]
public class PasswordVerificationBenchmarks
{
    private string _hash = "";

    [GlobalSetup]
    public async Task SetupAsync() => _hash = await PasswordHasher.HashAsync("alicepw", CancellationToken.None);

    [Benchmark]
    public Task<bool> VerifyOnce() => PasswordHasher.VerifyAsync("alicepw", _hash, CancellationToken.None);
}
