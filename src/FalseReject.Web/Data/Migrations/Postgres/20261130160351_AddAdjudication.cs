using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FalseReject.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddAdjudication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AcceptMajority",
                table: "AnnotationSettings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "AdjudicationConfidence",
                table: "AnnotationItems",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdjudicationReason",
                table: "AnnotationItems",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "GoldLabelHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    DatasetId = table.Column<int>(type: "integer", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ChangedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    OldStatus = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    NewStatus = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    OldLabel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    NewLabel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    OldRubricJson = table.Column<string>(type: "text", nullable: true),
                    NewRubricJson = table.Column<string>(type: "text", nullable: true),
                    OldKind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    NewKind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    Reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Confidence = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GoldLabelHistory", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GoldLabelHistory_DatasetId_ChangedAt",
                table: "GoldLabelHistory",
                columns: new[] { "DatasetId", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GoldLabelHistory_ItemId_Id",
                table: "GoldLabelHistory",
                columns: new[] { "ItemId", "Id" });

            // The vote history and the gold label history are append-only: the store itself refuses
            // to change or remove a row (the SQLite migrations do the same with RAISE(ABORT)).
            migrationBuilder.Sql("""
                CREATE FUNCTION "FR_RefuseChange"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_AnnotationVoteHistory_AppendOnly" BEFORE UPDATE OR DELETE ON "AnnotationVoteHistory"
                FOR EACH ROW EXECUTE FUNCTION "FR_RefuseChange"();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_GoldLabelHistory_AppendOnly" BEFORE UPDATE OR DELETE ON "GoldLabelHistory"
                FOR EACH ROW EXECUTE FUNCTION "FR_RefuseChange"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_GoldLabelHistory_AppendOnly\" ON \"GoldLabelHistory\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_AnnotationVoteHistory_AppendOnly\" ON \"AnnotationVoteHistory\";");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS \"FR_RefuseChange\"();");

            migrationBuilder.DropTable(
                name: "GoldLabelHistory");

            migrationBuilder.DropColumn(
                name: "AcceptMajority",
                table: "AnnotationSettings");

            migrationBuilder.DropColumn(
                name: "AdjudicationConfidence",
                table: "AnnotationItems");

            migrationBuilder.DropColumn(
                name: "AdjudicationReason",
                table: "AnnotationItems");
        }
    }
}
