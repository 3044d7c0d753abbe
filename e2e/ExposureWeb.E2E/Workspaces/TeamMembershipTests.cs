using Microsoft.Playwright;

namespace ExposureWeb.E2E.Workspaces;

/// <summary>
/// Two wallets in two browser contexts against the real app: A invites B, B sees A's portfolio live without edit
/// controls, A promotes B and B's open page gains them, A removes B and B's open page loses the portfolio at once.
/// </summary>
public sealed class TeamMembershipTests(LiveAppFixture fixture) : IClassFixture<LiveAppFixture>
{
    /// <summary>anvil dev account #2: no positions, a plain teammate.</summary>
    private const string Teammate = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    private static readonly LocatorAssertionsToBeVisibleOptions WithinFiveSeconds = new() { Timeout = 5_000 };

    [Fact]
    public async Task Membership_InvitePromoteRemove_TeammatesOpenPageFollowsWithinFiveSeconds()
    {
        var owner = await fixture.NewWalletPageAsync();
        await fixture.SignInAsync(owner);
        var portfolioUrl = owner.Url;
        await owner.Locator("[data-testid=nav-workspaces]").ClickAsync();
        await owner.Locator("[data-testid^=workspace-members-]").First.ClickAsync();
        await owner.WaitForURLAsync("**/workspaces/*/members");

        // A bad address first: the error shows beside the field and nothing is invited.
        await owner.Locator("[data-testid=invite-address]").FillAsync("0x3C44");
        await owner.Locator("[data-testid=invite-submit]").ClickAsync();
        await Assertions.Expect(owner.Locator("form").Filter(new() { Has = owner.Locator("[data-testid=invite-address]") })).ToContainTextAsync("40 hex");
        await Assertions.Expect(owner.Locator("[data-testid=invitation-table]")).ToContainTextAsync("No invitation");

        await owner.Locator("[data-testid=invite-address]").FillAsync(Teammate);
        await owner.Locator("[data-testid=invite-address]").PressAsync("Enter");
        await Assertions.Expect(owner.Locator("[data-testid=invitation-state]").First).ToHaveTextAsync("pending");

        // B signs in (accepting the invitation) and opens A's portfolio: live, read-only.
        var teammate = await fixture.NewWalletPageAsync(account: Teammate);
        await fixture.SignInAsync(teammate, Teammate);
        await teammate.GotoAsync(portfolioUrl);
        await Assertions.Expect(teammate.Locator("[data-testid=workspace-chip]")).ToContainTextAsync("viewer");
        await Assertions.Expect(teammate.Locator("[data-testid=position-row]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(teammate.Locator("[data-testid=watch-form]")).ToHaveCountAsync(0);
        await Assertions.Expect(owner.Locator("[data-testid=invitation-state]").First).ToContainTextAsync("accepted");

        // A promotes B to editor: B's open page gets its edit controls without B doing anything.
        var row = owner.Locator("[data-testid=member-table] tr").Filter(new() { HasText = Teammate });
        await row.Locator("[data-testid=member-role]").ClickAsync();
        await owner.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "editor" }).ClickAsync();
        await Assertions.Expect(teammate.Locator("[data-testid=workspace-chip]")).ToContainTextAsync("editor", new() { Timeout = 5_000 });
        await Assertions.Expect(teammate.Locator("[data-testid=watch-form]")).ToBeVisibleAsync(WithinFiveSeconds);

        // A removes B: B's open page stops showing the portfolio within 5 s.
        await row.Locator("[data-testid=member-remove]").ClickAsync();
        await owner.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(teammate.Locator("[data-testid=portfolio-not-found]")).ToBeVisibleAsync(WithinFiveSeconds);
        await Assertions.Expect(teammate.Locator("[data-testid=position-row]")).ToHaveCountAsync(0);

        // The audit log has it all, with who and from where.
        await owner.Locator("[data-testid=audit-link]").ClickAsync();
        var actions = owner.Locator("[data-testid=audit-action]");
        await Assertions.Expect(actions).ToHaveTextAsync(["member.removed", "member.role_changed", "member.joined", "member.invited"]);
        await Assertions.Expect(owner.Locator("[data-testid=audit-table]")).ToContainTextAsync("127.0.0.1");
        await owner.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "workspace-audit.png"), FullPage = true });
    }
}
