using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExposureWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class AlertSilencesMuteTimingsPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AlertMuteTimings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IntervalsJson = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertMuteTimings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertMuteTimings_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertPolicies",
                columns: table => new
                {
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    RepeatIntervalMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    GroupWaitSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    GroupByJson = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertPolicies", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_AlertPolicies_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertSilences",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    MatchersJson = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedByUserId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiredByUserId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertSilences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertSilences_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // In-app rows repeated before the partial unique index existed (NULL destinations never collided): keep the first.
            migrationBuilder.Sql("""
                DELETE FROM "AlertNotifications"
                WHERE "DestinationId" IS NULL AND "Id" NOT IN (
                    SELECT MIN("Id") FROM "AlertNotifications" WHERE "DestinationId" IS NULL GROUP BY "IdempotencyKey", "Channel");
                """);
            migrationBuilder.CreateIndex(
                name: "IX_AlertNotifications_IdempotencyKey_Channel_NoDestination",
                table: "AlertNotifications",
                columns: new[] { "IdempotencyKey", "Channel" },
                unique: true,
                filter: "\"DestinationId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AlertMuteTimings_WorkspaceId",
                table: "AlertMuteTimings",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_AlertSilences_WorkspaceId_EndsAt",
                table: "AlertSilences",
                columns: new[] { "WorkspaceId", "EndsAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlertMuteTimings");

            migrationBuilder.DropTable(
                name: "AlertPolicies");

            migrationBuilder.DropTable(
                name: "AlertSilences");

            migrationBuilder.DropIndex(
                name: "IX_AlertNotifications_IdempotencyKey_Channel_NoDestination",
                table: "AlertNotifications");
        }
    }
}
