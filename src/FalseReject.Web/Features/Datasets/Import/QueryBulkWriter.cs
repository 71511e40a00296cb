using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>
/// Inserts queries with one prepared INSERT through the context's connection and transaction,
/// without tracking entities: memory stays flat however many rows come. Table and column names
/// come from the EF model and identifiers and parameters are written by the provider's SQL helper,
/// so nothing here is SQLite-specific.
/// </summary>
internal sealed class QueryBulkWriter : IAsyncDisposable
{
    private static readonly string[] Columns =
    [
        nameof(Query.DatasetId), nameof(Query.Ordinal), nameof(Query.Prompt), nameof(Query.PromptHash),
        nameof(Query.CategoryId), nameof(Query.InstructResponse), nameof(Query.CotReasoning), nameof(Query.CotSolution),
        nameof(Query.HasResponses), nameof(Query.MetadataJson), nameof(Query.SourceLine),
    ];

    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;
    private bool _prepared;

    public QueryBulkWriter(AppDbContext db, IDbContextTransaction transaction)
    {
        var entity = db.Model.FindEntityType(typeof(Query))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();

        _command = db.Database.GetDbConnection().CreateCommand();
        _command.Transaction = transaction.GetDbTransaction();
        _parameters = new DbParameter[Columns.Length];
        var names = new string[Columns.Length];
        var placeholders = new string[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            names[i] = sql.DelimitIdentifier(entity.FindProperty(Columns[i])!.GetColumnName(table)!);
            var parameter = _command.CreateParameter();
            parameter.ParameterName = sql.GenerateParameterName("p" + i);
            placeholders[i] = sql.GenerateParameterNamePlaceholder("p" + i);
            _parameters[i] = parameter;
            _command.Parameters.Add(parameter);
        }
        _command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", placeholders)})";
    }

    public async Task InsertAsync(int datasetId, int ordinal, string promptHash, ImportRow row, CancellationToken cancellationToken)
    {
        _parameters[0].Value = datasetId;
        _parameters[1].Value = ordinal;
        _parameters[2].Value = row.Prompt;
        _parameters[3].Value = promptHash;
        _parameters[4].Value = row.CategoryId;
        _parameters[5].Value = (object?)row.InstructResponse ?? DBNull.Value;
        _parameters[6].Value = (object?)row.CotReasoning ?? DBNull.Value;
        _parameters[7].Value = (object?)row.CotSolution ?? DBNull.Value;
        _parameters[8].Value = row.HasResponses;
        _parameters[9].Value = (object?)row.MetadataJson ?? DBNull.Value;
        _parameters[10].Value = row.Line;
        if (!_prepared)
        {
            await _command.PrepareAsync(cancellationToken);
            _prepared = true;
        }
        await _command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
