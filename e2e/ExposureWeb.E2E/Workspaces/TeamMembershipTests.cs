using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ExposureWeb.E2E.Workspaces;

/// <summary>
/// Two wallets in two browser contexts against the real app. A invites B as viewer; B sees A's dashboard live without
/// edit controls; A promotes B and B's open page gains them; B moves a widget and A's open page shows it; A removes B
/// and B's open page loses the dashboard within 5 s. The audit log records it all.
/// </summary>
public sealed partial class TeamMembershipTests(LiveAppFixture fixture) : IClassFixture<LiveAppFixture>
{
    /// <summary>anvil dev account #2: no positions, a plain teammate.</summary>
    private const string Teammate = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    private static readonly LocatorAssertionsToBeVisibleOptions WithinFiveSeconds = new() { Timeout = 5_000 };

    [GeneratedRegex(@"/portfolios/(\d+)")]
    private static partial Regex PortfolioUrl();

    [Fact]
    public async Task Membership_InvitePromoteMoveRemove_BothOpenPagesFollowWithinFiveSeconds()
    {
        var owner = await fixture.NewWalletPageAsync();
        await fixture.SignInAsync(owner);
        var portfolioId = PortfolioUrl().Match(owner.Url).Groups[1].Value;
        await owner.Locator("[data-testid=nav-workspaces]").ClickAsync();
        await owner.Locator("[data-testid^=workspace-members-]").First.ClickAsync();
        await owner.WaitForURLAsync("**/workspaces/*/members");
        var membersUrl = owner.Url;

        // A bad address first: the error shows beside the field and nothing is invited.
        await owner.Locator("[data-testid=invite-address]").FillAsync("0x3C44");
        await owner.Locator("[data-testid=invite-submit]").ClickAsync();
        await Assertions.Expect(owner.Locator("form").Filter(new() { Has = owner.Locator("[data-testid=invite-address]") })).ToContainTextAsync("40 hex");
        await Assertions.Expect(owner.Locator("[data-testid=invitation-table]")).ToContainTextAsync("No invitation");

        await owner.Locator("[data-testid=invite-address]").FillAsync(Teammate);
        await owner.Locator("[data-testid=invite-address]").PressAsync("Enter");
        await Assertions.Expect(owner.Locator("[data-testid=invitation-state]").First).ToHaveTextAsync("pending");

        // A opens the portfolio's default dashboard: the page's sections as widgets.
        await owner.GotoAsync(new Uri(fixture.App.BaseUrl, $"/portfolios/{portfolioId}/dashboard").ToString());
        await owner.WaitForURLAsync("**/dashboards/*");
        var dashboardUrl = owner.Url;
        await Assertions.Expect(owner.Locator("[data-testid=dashboard-widget]").First).ToBeVisibleAsync();
        await Assertions.Expect(owner.Locator("[data-testid=net-usd-delta]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // B signs in (accepting the invitation) and opens it: live, read-only.
        var teammate = await fixture.NewWalletPageAsync(account: Teammate);
        await fixture.SignInAsync(teammate, Teammate);
        await teammate.GotoAsync(dashboardUrl);
        await teammate.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(teammate.Locator("[data-testid=workspace-chip]")).ToContainTextAsync("viewer");
        await Assertions.Expect(teammate.Locator("[data-testid=position-row]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(teammate.Locator("[data-testid=dashboard-arrange]")).ToHaveCountAsync(0);

        // A promotes B to editor: B's open page gets its edit controls without B doing anything.
        var members = await owner.Context.NewPageAsync();
        await members.GotoAsync(membersUrl);
        await members.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var row = members.Locator("[data-testid=member-table] tr").Filter(new() { HasText = Teammate });
        await row.Locator("[data-testid=member-role]").ClickAsync();
        await members.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "editor" }).ClickAsync();
        await Assertions.Expect(teammate.Locator("[data-testid=dashboard-arrange]")).ToBeVisibleAsync(WithinFiveSeconds);

        // B moves the summary widget down a row with its button, then drags it by its title bar one row further;
        // A's open dashboard follows each move.
        await teammate.Locator("[data-testid=dashboard-arrange]").ClickAsync();
        await teammate.Locator("[data-testid=dashboard-grid][data-drag-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var summary = "[data-testid=dashboard-widget][data-widget-id=summary]";
        await Assertions.Expect(teammate.Locator(summary)).ToHaveAttributeAsync("data-y", "0");
        await teammate.Locator(summary).Locator("[data-testid=widget-down]").ClickAsync();
        await Assertions.Expect(teammate.Locator(summary)).ToHaveAttributeAsync("data-y", "1");
        await Assertions.Expect(owner.Locator(summary)).ToHaveAttributeAsync("data-y", "1", new() { Timeout = 5_000 });
        var title = await teammate.Locator(summary).Locator("[data-testid=widget-title]").BoundingBoxAsync();
        await teammate.Mouse.MoveAsync(title!.X + 5, title.Y + title.Height / 2);
        await teammate.Mouse.DownAsync();
        await teammate.Mouse.MoveAsync(title.X + 5, title.Y + title.Height / 2 + 50, new() { Steps = 5 });
        await teammate.Mouse.MoveAsync(title.X + 5, title.Y + title.Height / 2 + 98, new() { Steps = 5 });
        await teammate.Mouse.UpAsync();
        await Assertions.Expect(teammate.Locator(summary)).ToHaveAttributeAsync("data-y", "2");
        await Assertions.Expect(owner.Locator(summary)).ToHaveAttributeAsync("data-y", "2", new() { Timeout = 5_000 });

        // A removes B: B's open dashboard stops showing within 5 s.
        await row.Locator("[data-testid=member-remove]").ClickAsync();
        await members.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(teammate.Locator("[data-testid=dashboard-not-found]")).ToBeVisibleAsync(WithinFiveSeconds);
        await Assertions.Expect(teammate.Locator("[data-testid=position-row]")).ToHaveCountAsync(0);

        // The audit log has it all, with who and from where.
        await members.Locator("[data-testid=audit-link]").ClickAsync();
        var actions = members.Locator("[data-testid=audit-action]");
        await Assertions.Expect(actions).ToHaveTextAsync(["member.removed", "member.role_changed", "member.joined", "member.invited"]);
        await Assertions.Expect(members.Locator("[data-testid=audit-table]")).ToContainTextAsync("127.0.0.1");
        await owner.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "dashboard-default.png"), FullPage = true });
    }
}
