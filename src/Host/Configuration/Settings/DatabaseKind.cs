namespace CompatHost.Host.Configuration;

public enum DatabaseKind
{
    Sqlite,
    Postgres,
}
