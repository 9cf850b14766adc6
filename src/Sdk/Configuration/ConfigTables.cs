namespace CompatHost.Sdk.Configuration;

/// <summary>Contract 1.4: reading a single TOML table the way the host reads its own.</summary>
public static class ConfigTables
{
    /// <summary>
    /// Reads the first of <paramref name="tables"/> (a plain <c>[a.b]</c> has one) with
    /// <paramref name="read"/>, then reports the keys it did not read; default when none is written.
    /// </summary>
    public static T? ReadFirst<TTable, T>(this IEnumerable<TTable> tables, Func<TTable, T?> read)
        where TTable : IConfigTable
    {
        foreach (var table in tables)
        {
            var value = read(table);
            table.WarnUnreadKeys();
            return value;
        }

        return default;
    }
}
