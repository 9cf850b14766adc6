using Npgsql;

namespace CompatHost.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's packages on a free loopback port, owned by the
/// test run (so tests can stop and restart it). Never a mock.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "compathost-pg-" + Guid.NewGuid().ToString("N")[..8]);

    public int Port { get; } = Loopback.FreePort();

    /// <summary>The newest installed server's bin folder, or null when PostgreSQL is not installed.</summary>
    public static string? BinDir { get; } = Directory.Exists("/usr/lib/postgresql")
        ? Directory.EnumerateDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault()
        : null;

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        await RunAsync("chown", "postgres:postgres", _dir);
        await RunAsPostgresAsync("initdb", "-D", _dir, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
        await StartAsync();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Directory.Delete(_dir, true);
        }
    }

    public Task StartAsync() => RunAsPostgresAsync("pg_ctl", "-D", _dir, "-w", "-l", Path.Combine(_dir, "server.log"),
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_dir}", "start");

    public Task StopAsync() => RunAsPostgresAsync("pg_ctl", "-D", _dir, "-w", "-m", "fast", "stop");

    /// <summary>A fresh database for one test class.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "compathost_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private Task RunAsPostgresAsync(string tool, params string[] args)
    {
        var path = Path.Combine(BinDir ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql)"), tool);
        // The server refuses to run as root; tests in CI run as root.
        if (Environment.UserName == "root")
        {
            return RunAsync("runuser", ["-u", "postgres", "--", path, .. args]);
        }

        return RunAsync(path, args);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var (code, output, error) = await ChildProcess.RunAsync(file, args, TimeSpan.FromSeconds(60), "/tmp");
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output}{error}");
        }
    }
}

/// <summary>
/// A test that needs a real PostgreSQL server. Skipped, with the reason shown, only outside CI
/// on a machine without Debian's postgresql package; in CI (CI=true) it always runs, so a
/// missing server fails loudly instead of passing silently.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresCluster.BinDir is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "PostgreSQL is not installed here (apt-get install postgresql); .ci/run installs it";
        }
    }
}
