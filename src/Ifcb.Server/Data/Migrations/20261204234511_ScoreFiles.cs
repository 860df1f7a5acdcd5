using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ifcb.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScoreFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "file",
                table: "roi_scores",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "file",
                table: "roi_scores");
        }
    }
}
