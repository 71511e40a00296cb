using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalseReject.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddAnnotation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnnotationGuidelines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Markdown = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationGuidelines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AnnotationGuidelines_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_AnnotationGuidelines_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AnnotationItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    QueryId = table.Column<int>(type: "INTEGER", nullable: false),
                    TaskType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    VoteCount = table.Column<int>(type: "INTEGER", nullable: false),
                    GoldLabel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    GoldRubricJson = table.Column<string>(type: "TEXT", nullable: true),
                    SettledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SettledById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    SettlementKind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    SettlementNote = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationItems", x => x.Id);
                    table.CheckConstraint("CK_AnnotationItems_VoteCount", "\"VoteCount\" >= 0");
                    table.ForeignKey(
                        name: "FK_AnnotationItems_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AnnotationItems_Queries_QueryId",
                        column: x => x.QueryId,
                        principalTable: "Queries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AnnotationSettings",
                columns: table => new
                {
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    VotesPerItem = table.Column<int>(type: "INTEGER", nullable: false),
                    ReservationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    ShowResponsesWhileLabeling = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationSettings", x => x.DatasetId);
                    table.CheckConstraint("CK_AnnotationSettings_ReservationMinutes", "\"ReservationMinutes\" BETWEEN 1 AND 1440");
                    table.CheckConstraint("CK_AnnotationSettings_VotesPerItem", "\"VotesPerItem\" BETWEEN 1 AND 20");
                    table.ForeignKey(
                        name: "FK_AnnotationSettings_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AnnotationVoteHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VoteId = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    AnnotatorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OldValueJson = table.Column<string>(type: "TEXT", nullable: true),
                    NewValueJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationVoteHistory", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AnnotationGuidelineAcknowledgements",
                columns: table => new
                {
                    GuidelineId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationGuidelineAcknowledgements", x => new { x.GuidelineId, x.UserId });
                    table.ForeignKey(
                        name: "FK_AnnotationGuidelineAcknowledgements_AnnotationGuidelines_GuidelineId",
                        column: x => x.GuidelineId,
                        principalTable: "AnnotationGuidelines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AnnotationGuidelineAcknowledgements_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AnnotationReservations",
                columns: table => new
                {
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    AnnotatorId = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationReservations", x => new { x.ItemId, x.AnnotatorId });
                    table.ForeignKey(
                        name: "FK_AnnotationReservations_AnnotationItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "AnnotationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AnnotationReservations_AspNetUsers_AnnotatorId",
                        column: x => x.AnnotatorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AnnotationVotes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    AnnotatorId = table.Column<string>(type: "TEXT", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    RubricJson = table.Column<string>(type: "TEXT", nullable: true),
                    Unsure = table.Column<bool>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    GuidelineVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    ActiveMilliseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationVotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AnnotationVotes_AnnotationItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "AnnotationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AnnotationVotes_AspNetUsers_AnnotatorId",
                        column: x => x.AnnotatorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AnnotationAllowedAnnotators",
                columns: table => new
                {
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationAllowedAnnotators", x => new { x.DatasetId, x.UserId });
                    table.ForeignKey(
                        name: "FK_AnnotationAllowedAnnotators_AnnotationSettings_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "AnnotationSettings",
                        principalColumn: "DatasetId",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AnnotationAllowedAnnotators_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationAllowedAnnotators_UserId",
                table: "AnnotationAllowedAnnotators",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationGuidelineAcknowledgements_UserId",
                table: "AnnotationGuidelineAcknowledgements",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationGuidelines_CreatedById",
                table: "AnnotationGuidelines",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationGuidelines_DatasetId_Version",
                table: "AnnotationGuidelines",
                columns: new[] { "DatasetId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationItems_DatasetId_TaskType_Status_Ordinal",
                table: "AnnotationItems",
                columns: new[] { "DatasetId", "TaskType", "Status", "Ordinal" });

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationItems_QueryId_TaskType",
                table: "AnnotationItems",
                columns: new[] { "QueryId", "TaskType" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationReservations_AnnotatorId",
                table: "AnnotationReservations",
                column: "AnnotatorId");

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationVoteHistory_AnnotatorId_ChangedAt",
                table: "AnnotationVoteHistory",
                columns: new[] { "AnnotatorId", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationVoteHistory_VoteId",
                table: "AnnotationVoteHistory",
                column: "VoteId");

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationVotes_AnnotatorId_UpdatedAt",
                table: "AnnotationVotes",
                columns: new[] { "AnnotatorId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationVotes_ItemId_AnnotatorId",
                table: "AnnotationVotes",
                columns: new[] { "ItemId", "AnnotatorId" },
                unique: true);

            // The vote history is append-only: the store itself refuses to change or remove a row.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql("""
                    CREATE TRIGGER "TR_AnnotationVoteHistory_NoUpdate" BEFORE UPDATE ON "AnnotationVoteHistory"
                    BEGIN SELECT RAISE(ABORT, 'AnnotationVoteHistory is append-only'); END;
                    """);
                migrationBuilder.Sql("""
                    CREATE TRIGGER "TR_AnnotationVoteHistory_NoDelete" BEFORE DELETE ON "AnnotationVoteHistory"
                    BEGIN SELECT RAISE(ABORT, 'AnnotationVoteHistory is append-only'); END;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_AnnotationVoteHistory_NoUpdate\";");
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_AnnotationVoteHistory_NoDelete\";");
            }
            migrationBuilder.DropTable(
                name: "AnnotationAllowedAnnotators");

            migrationBuilder.DropTable(
                name: "AnnotationGuidelineAcknowledgements");

            migrationBuilder.DropTable(
                name: "AnnotationReservations");

            migrationBuilder.DropTable(
                name: "AnnotationVoteHistory");

            migrationBuilder.DropTable(
                name: "AnnotationVotes");

            migrationBuilder.DropTable(
                name: "AnnotationSettings");

            migrationBuilder.DropTable(
                name: "AnnotationGuidelines");

            migrationBuilder.DropTable(
                name: "AnnotationItems");
        }
    }
}
