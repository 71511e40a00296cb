using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalseReject.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RunnerEndpointsAndJudgments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "JudgeTemplates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    IsBuiltIn = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JudgeTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ModelEndpoints",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ModelId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProtectedApiKey = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    MaxTokensField = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ExtraBodyJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ConcurrencyLimit = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestsPerMinute = table.Column<int>(type: "INTEGER", nullable: true),
                    TokensPerMinute = table.Column<int>(type: "INTEGER", nullable: true),
                    TimeoutSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelEndpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Judgments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    JudgeTemplateId = table.Column<int>(type: "INTEGER", nullable: true),
                    TemplateName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TemplateVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    TemplateSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: true),
                    EndpointName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    JudgeModel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Temperature = table.Column<double>(type: "REAL", nullable: true),
                    MaxTokens = table.Column<int>(type: "INTEGER", nullable: true),
                    IncludesReasoning = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Judgments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Judgments_JudgeTemplates_JudgeTemplateId",
                        column: x => x.JudgeTemplateId,
                        principalTable: "JudgeTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Judgments_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Verdicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JudgmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    RunItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Class = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RawOutput = table.Column<string>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    InputSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: true),
                    RequestBody = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Verdicts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Verdicts_Judgments_JudgmentId",
                        column: x => x.JudgmentId,
                        principalTable: "Judgments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Verdicts_RunItems_RunItemId",
                        column: x => x.RunItemId,
                        principalTable: "RunItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_JudgeTemplates_Name_Version",
                table: "JudgeTemplates",
                columns: new[] { "Name", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Judgments_JudgeTemplateId",
                table: "Judgments",
                column: "JudgeTemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_Judgments_RunId_CreatedAt",
                table: "Judgments",
                columns: new[] { "RunId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ModelEndpoints_Name",
                table: "ModelEndpoints",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_JudgmentId_Class",
                table: "Verdicts",
                columns: new[] { "JudgmentId", "Class" });

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_JudgmentId_RunItemId",
                table: "Verdicts",
                columns: new[] { "JudgmentId", "RunItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_RunItemId",
                table: "Verdicts",
                column: "RunItemId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ModelEndpoints");

            migrationBuilder.DropTable(
                name: "Verdicts");

            migrationBuilder.DropTable(
                name: "Judgments");

            migrationBuilder.DropTable(
                name: "JudgeTemplates");
        }
    }
}
