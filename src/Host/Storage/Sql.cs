using System.Data.Common;

namespace CompatHost.Host.Storage;

/// <summary>Small ADO.NET helpers shared by the stores: parameters as name/value pairs, never string-built SQL.</summary>
public static class Sql
{
    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 15;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static int Execute(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static T? Scalar<T>(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return Convert<T>(command.ExecuteScalar());
    }

    public static async Task<T?> ScalarAsync<T>(DbConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return Convert<T>(await command.ExecuteScalarAsync(cancellationToken));
    }

    public static async Task<List<T>> RowsAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> map,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static List<T> Rows<T>(DbConnection connection, string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters) =>
        RowsAsync(connection, sql, map, CancellationToken.None, parameters).GetAwaiter().GetResult();

    private static T? Convert<T>(object? value) =>
        value is null or DBNull ? default : (T)System.Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
}
