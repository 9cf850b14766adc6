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
    private readonly string _hash = PasswordHasher.Hash("alicepw");

    [Benchmark]
    public bool VerifyOnce() => PasswordHasher.Verify("alicepw", _hash);
}
