using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FalseReject.Web.Features.Annotation;

/// <summary>
/// The statements of one queue transaction: parameterised SQL (named <c>@name</c>, which both
/// stores accept) on the transaction's connection. A parameter is bound only where its statement
/// names it, so a statement can take its values from a shared list.
/// </summary>
internal sealed partial class QueueCommands(DbConnection connection, DbTransaction transaction, QueueDialect dialect)
{
    public QueueDialect Dialect => dialect;

    /// <summary>Runs a statement and returns the number of rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row, converted to <typeparamref name="T"/>; default when there is no row or it is NULL.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull
            ? default
            : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    public async Task<DbDataReader> ReaderAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql, parameters);
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default);
    }

    /// <summary>An enum or string value for SQL: its name, or NULL.</summary>
    public static object Text(object? value) => value?.ToString() ?? (object)DBNull.Value;

    /// <summary>The parameter names each statement uses (the queue's statements are a small fixed set).</summary>
    private static readonly ConcurrentDictionary<string, HashSet<string>> Names = new(StringComparer.Ordinal);

    [GeneratedRegex(@"@\w+")]
    private static partial Regex ParameterName();

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var used = Names.GetOrAdd(sql, static text => ParameterName().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal));
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            if (used.Contains(name))
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
        }
        return command;
    }
}
