using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExposureWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class Alerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AlertDestinations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Secret = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SecondarySecret = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertDestinations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertDestinations_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    PortfolioId = table.Column<int>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DefinitionJson = table.Column<string>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertRules_Portfolios_PortfolioId",
                        column: x => x.PortfolioId,
                        principalTable: "Portfolios",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AlertRules_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertInstances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RuleId = table.Column<int>(type: "INTEGER", nullable: false),
                    PortfolioId = table.Column<int>(type: "INTEGER", nullable: false),
                    SeriesKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", nullable: true),
                    SinceBlock = table.Column<long>(type: "INTEGER", nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastBlock = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertInstances", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertInstances_AlertRules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "AlertRules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AlertInstances_Portfolios_PortfolioId",
                        column: x => x.PortfolioId,
                        principalTable: "Portfolios",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleId = table.Column<int>(type: "INTEGER", nullable: false),
                    PortfolioId = table.Column<int>(type: "INTEGER", nullable: false),
                    FromState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FromSeverity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ToState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ToSeverity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", nullable: true),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    BlockTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Notify = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    PreviousStateJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertTransitions_AlertInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "AlertInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertNotifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TransitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleId = table.Column<int>(type: "INTEGER", nullable: false),
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DestinationId = table.Column<int>(type: "INTEGER", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PayloadJson = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertNotifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertNotifications_AlertTransitions_TransitionId",
                        column: x => x.TransitionId,
                        principalTable: "AlertTransitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertDeliveryAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NotificationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertDeliveryAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertDeliveryAttempts_AlertNotifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "AlertNotifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertInbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<int>(type: "INTEGER", nullable: false),
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    NotificationId = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleId = table.Column<int>(type: "INTEGER", nullable: false),
                    PortfolioId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertInbox", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertInbox_AlertNotifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "AlertNotifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AlertInbox_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlertDeliveryAttempts_NotificationId",
                table: "AlertDeliveryAttempts",
                column: "NotificationId");

            migrationBuilder.CreateIndex(
                name: "IX_AlertDestinations_WorkspaceId",
                table: "AlertDestinations",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_AlertInbox_NotificationId",
                table: "AlertInbox",
                column: "NotificationId");

            migrationBuilder.CreateIndex(
                name: "IX_AlertInbox_UserId_AcknowledgedAt",
                table: "AlertInbox",
                columns: new[] { "UserId", "AcknowledgedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AlertInbox_UserId_NotificationId",
                table: "AlertInbox",
                columns: new[] { "UserId", "NotificationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AlertInstances_PortfolioId",
                table: "AlertInstances",
                column: "PortfolioId");

            migrationBuilder.CreateIndex(
                name: "IX_AlertInstances_RuleId_SeriesKey",
                table: "AlertInstances",
                columns: new[] { "RuleId", "SeriesKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AlertNotifications_IdempotencyKey_Channel_DestinationId",
                table: "AlertNotifications",
                columns: new[] { "IdempotencyKey", "Channel", "DestinationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AlertNotifications_RuleId",
                table: "AlertNotifications",
                column: "RuleId");

            migrationBuilder.CreateIndex(
                name: "IX_AlertNotifications_Status_NextAttemptAt",
                table: "AlertNotifications",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AlertNotifications_TransitionId",
                table: "AlertNotifications",
                column: "TransitionId");

            migrationBuilder.CreateIndex(
                name: "IX_AlertRules_PortfolioId",
                table: "AlertRules",
                column: "PortfolioId");

            migrationBuilder.CreateIndex(
                name: "IX_AlertRules_WorkspaceId_PortfolioId",
                table: "AlertRules",
                columns: new[] { "WorkspaceId", "PortfolioId" });

            migrationBuilder.CreateIndex(
                name: "IX_AlertTransitions_InstanceId_BlockNumber",
                table: "AlertTransitions",
                columns: new[] { "InstanceId", "BlockNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_AlertTransitions_Status_PortfolioId_BlockNumber",
                table: "AlertTransitions",
                columns: new[] { "Status", "PortfolioId", "BlockNumber" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlertDeliveryAttempts");

            migrationBuilder.DropTable(
                name: "AlertDestinations");

            migrationBuilder.DropTable(
                name: "AlertInbox");

            migrationBuilder.DropTable(
                name: "AlertNotifications");

            migrationBuilder.DropTable(
                name: "AlertTransitions");

            migrationBuilder.DropTable(
                name: "AlertInstances");

            migrationBuilder.DropTable(
                name: "AlertRules");
        }
    }
}
