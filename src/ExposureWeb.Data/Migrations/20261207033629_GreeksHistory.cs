using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExposureWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class GreeksHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GreeksHistory",
                columns: table => new
                {
                    PortfolioId = table.Column<int>(type: "INTEGER", nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockTime = table.Column<long>(type: "INTEGER", nullable: false),
                    NetUsdDelta = table.Column<double>(type: "REAL", nullable: false),
                    DollarGammaPerPercent = table.Column<double>(type: "REAL", nullable: false),
                    VegaPerVolPoint = table.Column<double>(type: "REAL", nullable: false),
                    ThetaPerDay = table.Column<double>(type: "REAL", nullable: false),
                    ValueUsd = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GreeksHistory", x => new { x.PortfolioId, x.BlockNumber });
                    table.ForeignKey(
                        name: "FK_GreeksHistory_Portfolios_PortfolioId",
                        column: x => x.PortfolioId,
                        principalTable: "Portfolios",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GreeksHistory_BlockTime",
                table: "GreeksHistory",
                column: "BlockTime");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GreeksHistory");
        }
    }
}
