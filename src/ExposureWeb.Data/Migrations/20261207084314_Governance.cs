using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExposureWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class Governance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GovernanceProposals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChainName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Governor = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    ProposalId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Proposer = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    CallsJson = table.Column<string>(type: "TEXT", nullable: false),
                    CalldataHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Eta = table.Column<long>(type: "INTEGER", nullable: true),
                    VoteStart = table.Column<long>(type: "INTEGER", nullable: false),
                    VoteEnd = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBlock = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedTransaction = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    DetectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LatestReportId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GovernanceProposals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GovernanceScans",
                columns: table => new
                {
                    ChainName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LastLogBlock = table.Column<long>(type: "INTEGER", nullable: true),
                    LastScanBlock = table.Column<long>(type: "INTEGER", nullable: true),
                    LastScanAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    ScanCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseHolder = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseExpiresAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GovernanceScans", x => x.ChainName);
                });

            migrationBuilder.CreateTable(
                name: "GovernanceSnapshots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChainName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Protocol = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Market = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ParametersJson = table.Column<string>(type: "TEXT", nullable: false),
                    ChangesJson = table.Column<string>(type: "TEXT", nullable: false),
                    ChangeCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GovernanceSnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GovernanceReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChainName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProposalEntryId = table.Column<int>(type: "INTEGER", nullable: true),
                    ProposalState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Eta = table.Column<long>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CalldataHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    ForkBlock = table.Column<long>(type: "INTEGER", nullable: false),
                    HeaderJson = table.Column<string>(type: "TEXT", nullable: false),
                    AffectedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PreviousReportId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedByUserId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GovernanceReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GovernanceReports_GovernanceProposals_ProposalEntryId",
                        column: x => x.ProposalEntryId,
                        principalTable: "GovernanceProposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_GovernanceReports_Users_CreatedByUserId",
                        column: x => x.CreatedByUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GovernanceReportPortfolios",
                columns: table => new
                {
                    ReportId = table.Column<int>(type: "INTEGER", nullable: false),
                    PortfolioId = table.Column<int>(type: "INTEGER", nullable: false),
                    Affected = table.Column<bool>(type: "INTEGER", nullable: false),
                    ImpactJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GovernanceReportPortfolios", x => new { x.ReportId, x.PortfolioId });
                    table.ForeignKey(
                        name: "FK_GovernanceReportPortfolios_GovernanceReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "GovernanceReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_GovernanceReportPortfolios_Portfolios_PortfolioId",
                        column: x => x.PortfolioId,
                        principalTable: "Portfolios",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GovernanceProposals_ChainName_Governor_ProposalId",
                table: "GovernanceProposals",
                columns: new[] { "ChainName", "Governor", "ProposalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GovernanceReportPortfolios_PortfolioId",
                table: "GovernanceReportPortfolios",
                column: "PortfolioId");

            migrationBuilder.CreateIndex(
                name: "IX_GovernanceReports_ChainName_CreatedAt",
                table: "GovernanceReports",
                columns: new[] { "ChainName", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GovernanceReports_CreatedByUserId",
                table: "GovernanceReports",
                column: "CreatedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_GovernanceReports_ProposalEntryId",
                table: "GovernanceReports",
                column: "ProposalEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_GovernanceSnapshots_ChainName_Protocol_Market_BlockNumber",
                table: "GovernanceSnapshots",
                columns: new[] { "ChainName", "Protocol", "Market", "BlockNumber" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GovernanceReportPortfolios");

            migrationBuilder.DropTable(
                name: "GovernanceScans");

            migrationBuilder.DropTable(
                name: "GovernanceSnapshots");

            migrationBuilder.DropTable(
                name: "GovernanceReports");

            migrationBuilder.DropTable(
                name: "GovernanceProposals");
        }
    }
}
