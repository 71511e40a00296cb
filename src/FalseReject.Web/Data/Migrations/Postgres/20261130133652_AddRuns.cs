using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FalseReject.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Models",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Provider = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    OpenWeights = table.Column<bool>(type: "boolean", nullable: false),
                    Reasoning = table.Column<bool>(type: "boolean", nullable: false),
                    ParametersBillions = table.Column<double>(type: "double precision", nullable: true),
                    ReleaseDate = table.Column<DateOnly>(type: "date", nullable: true),
                    IsSyntheticDemo = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Models", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RunReferenceDatasets",
                columns: table => new
                {
                    DatasetId = table.Column<int>(type: "integer", nullable: false),
                    MarkedById = table.Column<string>(type: "text", nullable: true),
                    MarkedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunReferenceDatasets", x => x.DatasetId);
                    table.ForeignKey(
                        name: "FK_RunReferenceDatasets_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Runs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ModelId = table.Column<int>(type: "integer", nullable: false),
                    DatasetId = table.Column<int>(type: "integer", nullable: false),
                    JudgeModel = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    JudgePromptVersion = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Temperature = table.Column<double>(type: "double precision", nullable: true),
                    RunDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    SourceFile = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ImportedById = table.Column<string>(type: "text", nullable: true),
                    IsSyntheticDemo = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Runs_AspNetUsers_ImportedById",
                        column: x => x.ImportedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Runs_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Runs_Models_ModelId",
                        column: x => x.ModelId,
                        principalTable: "Models",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RunItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<int>(type: "integer", nullable: false),
                    QueryId = table.Column<int>(type: "integer", nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    Response = table.Column<string>(type: "text", nullable: false),
                    Reasoning = table.Column<string>(type: "text", nullable: true),
                    JudgeOutput = table.Column<string>(type: "text", nullable: true),
                    JudgeClass = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    HumanClass = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Class = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RunItems_Queries_QueryId",
                        column: x => x.QueryId,
                        principalTable: "Queries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RunItems_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RunItemOverrides",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunItemId = table.Column<long>(type: "bigint", nullable: false),
                    PreviousClass = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    NewClass = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ById = table.Column<string>(type: "text", nullable: true),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunItemOverrides", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RunItemOverrides_RunItems_RunItemId",
                        column: x => x.RunItemId,
                        principalTable: "RunItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Models_Name",
                table: "Models",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RunItemOverrides_RunItemId",
                table: "RunItemOverrides",
                column: "RunItemId");

            migrationBuilder.CreateIndex(
                name: "IX_RunItems_QueryId",
                table: "RunItems",
                column: "QueryId");

            migrationBuilder.CreateIndex(
                name: "IX_RunItems_RunId_CategoryId_Class",
                table: "RunItems",
                columns: new[] { "RunId", "CategoryId", "Class" });

            migrationBuilder.CreateIndex(
                name: "IX_RunItems_RunId_QueryId",
                table: "RunItems",
                columns: new[] { "RunId", "QueryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Runs_DatasetId_RunDate",
                table: "Runs",
                columns: new[] { "DatasetId", "RunDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ImportedById",
                table: "Runs",
                column: "ImportedById");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ModelId",
                table: "Runs",
                column: "ModelId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunItemOverrides");

            migrationBuilder.DropTable(
                name: "RunReferenceDatasets");

            migrationBuilder.DropTable(
                name: "RunItems");

            migrationBuilder.DropTable(
                name: "Runs");

            migrationBuilder.DropTable(
                name: "Models");
        }
    }
}
