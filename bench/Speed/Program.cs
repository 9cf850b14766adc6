using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CompatHost.Host.Configuration;
using CompatHost.Speed;

// Same-run speed harness (issue #15): builds and starts the bare baselines and the host, drives
// every host shape in turns with its baseline, with the same client, and prints the table with ratios.
// Usage: dotnet run -c Release --project bench/Speed [-- --seconds 8 --warmup 2 --prewarm 5 --connections 16 --rounds 3 --no-build --shapes TEXT[,TEXT] --postgres CONNECTION]
string Option(string name, string fallback) =>
    Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

var repo = RepositoryRoot();
var rounds = int.Parse(Option("rounds", "1"));
// For profiling: only host shapes whose name contains one of these (comma-separated) run, with their baselines.
var only = Option("shapes", "").Split(',');
// Published ReadyToRun, as a deployment would run them: the host's own code and its packages
// (SoapCore, OpenTelemetry, ...) start precompiled instead of being jitted during the first shapes.
// The baselines get exactly the same treatment.
var published = Path.Combine(repo, "bench/Speed/bin/published");
if (!args.Contains("--no-build"))
{
    foreach (var (project, name) in new[] { ("src/Host/CompatHost.Host.csproj", "host"), ("bench/Baselines/Baselines.csproj", "baselines") })
    {
        using var build = Process.Start("dotnet", ["publish", Path.Combine(repo, project), "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
            "-p:PublishReadyToRun=true", "-o", Path.Combine(published, name), "-v", "q", "-nologo"]);
        await build.WaitForExitAsync();
        if (build.ExitCode != 0)
        {
            return build.ExitCode;
        }
    }
}

var hostDll = Path.Combine(published, "host/CompatHost.dll");
var baselineDll = Path.Combine(published, "baselines/CompatHost.Baselines.dll");
// The identity database on PostgreSQL instead of the home's SQLite file (bench/Speed/postgres-run.sh starts a throwaway cluster).
using var home = await SpeedHome.CreateAsync(Option("postgres", "") is { Length: > 0 } postgres ? postgres : null);
var client = new LoadClient(int.Parse(Option("connections", "16")), TimeSpan.FromSeconds(double.Parse(Option("warmup", "2"))),
    TimeSpan.FromSeconds(double.Parse(Option("seconds", "8"))), home.AdminCertificate);
// Before a process's shapes are measured, each is driven unmeasured for this long, so the JIT's
// tier-up of every path has settled: with only the per-shape warm-up, the first SOAP shape measured
// paid the tier-up of the whole SOAP path (MutualSSL 257-311 µs of server CPU per call against
// 185 µs with an 8 s warm-up, while SOAP Basic, measured after it, was at 175-187 µs either way).
var prewarm = new LoadClient(int.Parse(Option("connections", "16")), TimeSpan.Zero,
    TimeSpan.FromSeconds(double.Parse(Option("prewarm", "5"))), home.AdminCertificate);
using var probe = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } });
var table = new ResultTable();

for (var round = 1; round <= rounds; round++)
{
    Console.Error.WriteLine($"round {round}/{rounds}: load {File.ReadAllText("/proc/loadavg").Trim()}");
    // Started one at a time, so each cold start is timed on an otherwise idle machine; then all
    // three stay up, and each host shape is measured in turns with its baseline (LoadClient.RunPairedAsync).
    // Measured one process after another, a baseline and the host shapes compared with it were
    // up to two minutes apart, and the host's SOAP ratio swung from 0.61 to 1.15 between runs of
    // one build.
    await using var rest = await StartAsync(baselineDll, "rest");
    await using var soap = await StartAsync(baselineDll, "soap");
    await using var host = await StartAsync(hostDll, "host");
    var bareRest = Shapes.Get(ResultTable.BareRest, "/scim2/Me");
    var bareSoap = Shapes.Soap(ResultTable.BareSoap, mutualSsl: false);
    var bareNewConnection = Shapes.Get(ResultTable.BareNewConnection, "/scim2/Me", certificate: true, newConnection: true);
    (Shape Shape, Running? Bare, Shape? BareShape)[] all =
    [
        (Shapes.Get("host GET /api/health (no auth)", "/api/health"), rest, bareRest),
        (Shapes.Get("host GET /scim2/Me client certificate", "/scim2/Me", certificate: true), rest, bareRest),
        (Shapes.Get("host GET /scim2/Me Basic (cached)", "/scim2/Me", Shapes.AdminBasic), rest, bareRest),
        (Shapes.Get("host GET /scim2/Me bearer", "/scim2/Me", "Bearer " + await TokenAsync(host.Address)), rest, bareRest),
        (Shapes.Soap("host SOAP isExistingUser MutualSSL", mutualSsl: true), soap, bareSoap),
        (Shapes.Soap("host SOAP isExistingUser Basic", mutualSsl: false), soap, bareSoap),
        (Shapes.ClientCredentials("host POST /oauth2/token client_credentials", home.ClientBasic), null, null),
        (Shapes.Get("host new TLS connection per request (client cert, /scim2/Me)", "/scim2/Me", certificate: true, newConnection: true), rest, bareNewConnection),
    ];
    var selected = all.Where(s => only.Any(o => s.Shape.Name.Contains(o, StringComparison.Ordinal))).ToList();
    foreach (var (server, shape) in selected.Where(s => s.Bare is not null).Select(s => (s.Bare!, s.BareShape!)).DistinctBy(s => s.Item2.Name)
                 .Concat(selected.Select(s => (host, s.Shape))))
    {
        await prewarm.RunAsync(new Target(server.Address, shape, server.Gauges));
    }

    foreach (var (shape, bare, bareShape) in selected)
    {
        var target = new Target(host.Address, shape, host.Gauges);
        if (bare is null)
        {
            Record(shape.Name, await client.RunAsync(target), null);
            continue;
        }

        var (baseline, result) = await client.RunPairedAsync(new Target(bare.Address, bareShape!, bare.Gauges), target);
        Record(bareShape!.Name, baseline, null);
        Record(shape.Name, result, baseline);
    }

    foreach (var server in new[] { rest, soap, host })
    {
        table.AddResident(server.Role, server.Process.ResidentBytes);
    }
}

table.Print(Console.Out, rounds, File.ReadAllText("/proc/loadavg").Trim());
return table.AnyFailed ? 1 : 0;

void Record(string name, ShapeResult result, ShapeResult? baseline)
{
    Console.Error.WriteLine($"  {name}: {result.RequestsPerSecond:F0} req/s, {result.ServerCpuMicroseconds:F0} µs server CPU/request, {result.AllocatedBytes / 1024:F1} KiB allocated/request, failed {result.Failed}{(result.FirstFailure is { } f ? " (" + f[..Math.Min(f.Length, 200)] + ")" : "")}");
    table.Add(name, result, baseline);
}

// The bearer token is issued by the host under test, so it is fetched once that host answers.
async Task<string> TokenAsync(Uri server)
{
    using var request = Shapes.ClientCredentials("token", home.ClientBasic).Request(server);
    using var response = await probe.SendAsync(request);
    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    return json.RootElement.GetProperty("access_token").GetString()!;
}

// A server process started and timed to its first answer; it stays up for the round.
async Task<Running> StartAsync(string dll, string role)
{
    var port = FreePort().ToString();
    var address = new Uri($"https://127.0.0.1:{port}");
    string[] arguments = role == "host"
        ? ["--home", home.Root, "--port", port]
        : [role, "--port", port, "--keystore", home.Files.Keystore, "--password", DevelopmentHome.StorePassword];
    var server = await ServerProcess.StartAsync(dll, arguments, new Uri(address, "/api/health"), probe);
    table.AddColdStart(role, server.ColdStart);
    Console.Error.WriteLine($"  {role} pid {server.Id}, cold start {server.ColdStart.TotalMilliseconds:F0} ms");
    return new Running(role, address, server, new ServerGauges(() => server.CpuTime, () => AllocatedAsync(address, role)));
}

// The bytes the server's runtime has allocated so far: the host's own Prometheus scrape (the
// runtime's dotnet.gc.heap.total_allocated, asked as the administrator), the baselines' one-line
// /gc. Read twice per window; the scrape's own allocations are a few KiB against the window's
// hundreds of thousands of requests.
async Task<long> AllocatedAsync(Uri server, string role)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, role == "host" ? "/metrics" : "/gc"));
    request.Headers.TryAddWithoutValidation("Authorization", Shapes.AdminBasic);
    using var response = await probe.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    if (role != "host")
    {
        return long.Parse(text);
    }

    const string Series = "dotnet_gc_heap_total_allocated_bytes_total";
    var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(Series, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"the host's /metrics has no {Series} ({(int)response.StatusCode})");
    return (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Host.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("run from inside the repository (Host.sln not found above the harness)");
}

/// <summary>A server under test for one round: its role (rest, soap, host), address and gauges.</summary>
internal sealed record Running(string Role, Uri Address, ServerProcess Process, ServerGauges Gauges) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
