using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalseReject.Web.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "AdjudicationConfidence",
                table: "AnnotationItems",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdjudicationReason",
                table: "AnnotationItems",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "GoldLabelHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    OldStatus = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    NewStatus = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OldLabel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    NewLabel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    OldRubricJson = table.Column<string>(type: "TEXT", nullable: true),
                    NewRubricJson = table.Column<string>(type: "TEXT", nullable: true),
                    OldKind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    NewKind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Confidence = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
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

            // The gold label history is append-only: the store itself refuses to change or remove a row.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql("""
                    CREATE TRIGGER "TR_GoldLabelHistory_NoUpdate" BEFORE UPDATE ON "GoldLabelHistory"
                    BEGIN SELECT RAISE(ABORT, 'GoldLabelHistory is append-only'); END;
                    """);
                migrationBuilder.Sql("""
                    CREATE TRIGGER "TR_GoldLabelHistory_NoDelete" BEFORE DELETE ON "GoldLabelHistory"
                    BEGIN SELECT RAISE(ABORT, 'GoldLabelHistory is append-only'); END;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_GoldLabelHistory_NoUpdate\";");
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_GoldLabelHistory_NoDelete\";");
            }
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
