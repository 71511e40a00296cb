using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FalseReject.Web.Data.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Markdown = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<string>(type: "text", nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetId = table.Column<int>(type: "integer", nullable: false),
                    QueryId = table.Column<int>(type: "integer", nullable: false),
                    TaskType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    VoteCount = table.Column<int>(type: "integer", nullable: false),
                    GoldLabel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    GoldRubricJson = table.Column<string>(type: "text", nullable: true),
                    SettledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SettledById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    SettlementKind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    SettlementNote = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
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
                    DatasetId = table.Column<int>(type: "integer", nullable: false),
                    VotesPerItem = table.Column<int>(type: "integer", nullable: false),
                    ReservationMinutes = table.Column<int>(type: "integer", nullable: false),
                    ShowResponsesWhileLabeling = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VoteId = table.Column<int>(type: "integer", nullable: false),
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    AnnotatorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OldValueJson = table.Column<string>(type: "text", nullable: true),
                    NewValueJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationVoteHistory", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AnnotationGuidelineAcknowledgements",
                columns: table => new
                {
                    GuidelineId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationGuidelineAcknowledgements", x => new { x.GuidelineId, x.UserId });
                    table.ForeignKey(
                        name: "FK_AnnotationGuidelineAcknowledgements_AnnotationGuidelines_Gu~",
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
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    AnnotatorId = table.Column<string>(type: "text", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    AnnotatorId = table.Column<string>(type: "text", nullable: false),
                    Label = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    RubricJson = table.Column<string>(type: "text", nullable: true),
                    Unsure = table.Column<bool>(type: "boolean", nullable: false),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    GuidelineVersion = table.Column<int>(type: "integer", nullable: true),
                    ActiveMilliseconds = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    DatasetId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false)
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
            migrationBuilder.Sql("""
                CREATE FUNCTION "AnnotationVoteHistory_AppendOnly"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'AnnotationVoteHistory is append-only'; END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_AnnotationVoteHistory_AppendOnly" BEFORE UPDATE OR DELETE ON "AnnotationVoteHistory"
                FOR EACH ROW EXECUTE FUNCTION "AnnotationVoteHistory_AppendOnly"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_AnnotationVoteHistory_AppendOnly\" ON \"AnnotationVoteHistory\";");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS \"AnnotationVoteHistory_AppendOnly\"();");

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
