using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExposureWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class ManualPositions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ManualPositions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PortfolioId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Underlying = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Quantity = table.Column<double>(type: "REAL", nullable: false),
                    EntryPriceUsd = table.Column<double>(type: "REAL", nullable: true),
                    Strike = table.Column<double>(type: "REAL", nullable: true),
                    Expiry = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Right = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    CashUsd = table.Column<double>(type: "REAL", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ManualPositions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ManualPositions_Portfolios_PortfolioId",
                        column: x => x.PortfolioId,
                        principalTable: "Portfolios",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ManualPositions_PortfolioId",
                table: "ManualPositions",
                column: "PortfolioId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ManualPositions");
        }
    }
}
