using System.Runtime.InteropServices;
using CompatHost.Host.Startup;

namespace CompatHost.Tests.Startup;

public sealed class NativeHeapTests
{
    /// <summary>
    /// Blocks freed below glibc's mmap threshold stay in their arena, resident, while a block
    /// above them is in use; the trim hands their pages back.
    /// </summary>
    [Fact]
    public void Trim_GivesFreedArenaPagesBackToTheSystem()
    {
        // Without glibc (Windows, macOS, musl) there is nothing to trim, and Trim says so.
        var glibc = OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc)
            && NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _);
        if (!glibc)
        {
            Assert.False(NativeHeap.Trim());
            return;
        }

        const int Block = 64 * 1024;
        var ones = Enumerable.Repeat((byte)1, Block).ToArray();
        var blocks = new nint[800];
        for (var i = 0; i < blocks.Length; i++)
        {
            // Written, so its pages are resident.
            blocks[i] = Marshal.AllocHGlobal(Block);
            Marshal.Copy(ones, 0, blocks[i], Block);
        }

        // All but the last, which keeps the freed ones below the arena's top.
        foreach (var block in blocks[..^1])
        {
            Marshal.FreeHGlobal(block);
        }

        var before = ResidentAnonymousKiB();
        Assert.True(NativeHeap.Trim());
        var after = ResidentAnonymousKiB();
        Marshal.FreeHGlobal(blocks[^1]);

        Assert.True(before - after > 25 * 1024, $"resident anonymous memory {before} KiB before the trim, {after} KiB after");
    }

    private static long ResidentAnonymousKiB() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("RssAnon:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}
