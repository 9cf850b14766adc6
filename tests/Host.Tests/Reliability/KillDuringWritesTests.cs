using System.Collections.Concurrent;
using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// The host process killed with SIGKILL in the middle of token issuance and SCIM user creation:
/// after a restart on the same home, every write the host acknowledged (200 token, 201 user)
/// is there — the store commits before it answers — and the restarted host takes new writes.
/// </summary>
public sealed class KillDuringWritesTests
{
    private static readonly (string, string) Admin = WriteCalls.Admin;

    [Fact]
    public async Task KillNine_DuringTokenIssuanceAndScimWrites_LosesNoAcknowledgedWrite()
    {
        using var home = new TestHome();
        var tokens = new ConcurrentBag<string>();
        var users = new ConcurrentBag<string>();
        await using (var first = await HostProcess.StartAsync(home))
        {
            var app = await WriteCalls.RegisterAsync(first);
            using var stop = new CancellationTokenSource();
            var load = Task.WhenAll(Enumerable.Range(0, 8).Select(w => w % 2 == 0
                ? WriteUntilKilledAsync(first, c => WriteCalls.IssueTokenAsync(c, app, tokens), stop.Token)
                : WriteUntilKilledAsync(first, c => WriteCalls.CreateUserAsync(c, users), stop.Token)));

            // Kill only once both kinds of write are flowing, so the kill lands mid-write.
            for (var i = 0; i < 600 && (tokens.Count < 20 || users.Count < 20); i++)
            {
                await Task.Delay(50);
            }

            await first.KillHardAsync();
            await stop.CancelAsync();
            await load;
        }

        Assert.True(tokens.Count >= 20 && users.Count >= 20, $"too few writes before the kill: {tokens.Count} tokens, {users.Count} users");
        await using var second = await HostProcess.StartAsync(home);
        using var client = second.Client();
        var lostTokens = await MissingAsync(tokens, async t => await ActiveAsync(client, t));
        var lostUsers = await MissingAsync(users, async u => await ExistsAsync(client, u));

        Assert.Empty(lostTokens);
        Assert.Empty(lostUsers);
        Assert.Equal(201, await WriteCalls.CreateUserAsync(client, users));
    }

    /// <summary>Sends writes back to back until the host dies; a failed connection ends the worker, an answer other than success fails the test.</summary>
    private static async Task WriteUntilKilledAsync(HostProcess host, Func<HttpClient, Task<int>> write, CancellationToken stop)
    {
        using var client = host.Client();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var status = await write(client);
                Assert.True(status is 200 or 201, $"a write was answered {status} before the kill:\n{host.Output}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                return;
            }
        }
    }

    private static async Task<bool> ActiveAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/introspect")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        };
        request.Headers.TryAddWithoutValidation(Admin.Item1, Admin.Item2);
        using var response = await client.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("active").GetBoolean();
    }

    private static async Task<bool> ExistsAsync(HttpClient client, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/scim2/Users?filter={Uri.EscapeDataString($"userName eq \"{user}\"")}");
        request.Headers.TryAddWithoutValidation(Admin.Item1, Admin.Item2);
        using var response = await client.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("totalResults").GetInt32() == 1;
    }

    private static async Task<List<string>> MissingAsync(IEnumerable<string> acknowledged, Func<string, Task<bool>> present)
    {
        var missing = new List<string>();
        foreach (var item in acknowledged)
        {
            if (!await present(item))
            {
                missing.Add(item);
            }
        }

        return missing;
    }
}
