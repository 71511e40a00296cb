using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalseReject.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DoorsDatasetRunsVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RunsVersion",
                table: "Datasets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RunsVersion",
                table: "Datasets");
        }
    }
}
