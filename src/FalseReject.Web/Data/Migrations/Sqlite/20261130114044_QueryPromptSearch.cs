using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalseReject.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// SQLite-specific search and sort support for the queries grid (Features/Datasets/QueryBrowseService):
    /// <list type="bullet">
    /// <item>an FTS5 external-content index over <c>Queries.Prompt</c> (rowid = <c>Queries.Id</c>), kept in
    /// sync by insert/delete/update triggers and rebuilt from the rows already present;</item>
    /// <item>an index on the expression <c>length(Prompt)</c> per dataset, which SQLite uses to order by
    /// prompt length without reading every row, an index on <c>HasResponses</c> per dataset for the
    /// response filter and the per-dataset counts, and one on <c>Prompt</c> per dataset for the
    /// alphabetical sort (train rows are ~10 KB each: without it that sort reads every row).</item>
    /// </list>
    /// None of this is in the EF model (EF cannot describe virtual tables, triggers or expression
    /// indexes), so the model snapshot does not change. A PostgreSQL migration set will need its own
    /// equivalent (a tsvector/GIN or pg_trgm index); the service falls back to LIKE elsewhere.
    /// </summary>
    public partial class QueryPromptSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "QueryPromptSearch" USING fts5(
                    "Prompt",
                    content='Queries',
                    content_rowid='Id',
                    tokenize='unicode61 remove_diacritics 2'
                );
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Queries_QueryPromptSearch_Insert" AFTER INSERT ON "Queries" BEGIN
                    INSERT INTO "QueryPromptSearch"(rowid, "Prompt") VALUES (new."Id", new."Prompt");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Queries_QueryPromptSearch_Delete" AFTER DELETE ON "Queries" BEGIN
                    INSERT INTO "QueryPromptSearch"("QueryPromptSearch", rowid, "Prompt") VALUES ('delete', old."Id", old."Prompt");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Queries_QueryPromptSearch_Update" AFTER UPDATE OF "Prompt" ON "Queries" BEGIN
                    INSERT INTO "QueryPromptSearch"("QueryPromptSearch", rowid, "Prompt") VALUES ('delete', old."Id", old."Prompt");
                    INSERT INTO "QueryPromptSearch"(rowid, "Prompt") VALUES (new."Id", new."Prompt");
                END;
                """);
            migrationBuilder.Sql("""INSERT INTO "QueryPromptSearch"("QueryPromptSearch") VALUES ('rebuild');""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Queries_DatasetId_PromptLength" ON "Queries" ("DatasetId", length("Prompt"));""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Queries_DatasetId_HasResponses" ON "Queries" ("DatasetId", "HasResponses");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Queries_DatasetId_Prompt" ON "Queries" ("DatasetId", "Prompt");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Queries_DatasetId_Prompt";""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Queries_DatasetId_HasResponses";""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Queries_DatasetId_PromptLength";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Queries_QueryPromptSearch_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Queries_QueryPromptSearch_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Queries_QueryPromptSearch_Insert";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "QueryPromptSearch";""");
        }
    }
}
