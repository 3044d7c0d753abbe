using ExposureWeb.Auth;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Workspaces;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// A workspace's members and invitations. Every verdict (who may invite, the last owner, a bad address) comes from
/// <see cref="MembershipStore"/>; the page shows it beside the field or in a message, and keeps the list live as members
/// change elsewhere.
/// </summary>
public sealed partial class WorkspaceMembersPage : IDisposable
{
    private static readonly WorkspaceRole[] Roles = [WorkspaceRole.Viewer, WorkspaceRole.Editor, WorkspaceRole.Owner];

    [Parameter]
    public int WorkspaceId { get; set; }

    [Inject] private MembershipStore Memberships { get; set; } = default!;
    [Inject] private MembershipChangeSignal Changes { get; set; } = default!;
    [Inject] private Data.Alerts.WorkspaceAccess Names { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private bool _loaded;
    private int _userId;
    private string? _name;
    private WorkspaceRole _role;
    private bool _isOwner;
    private IReadOnlyList<MemberView>? _members;
    private IReadOnlyList<InvitationView> _invitations = [];
    private InviteFields _invite = new();
    private string? _inviteError;
    private string? _link;
    private DateTimeOffset _linkExpires;
    private MudTextField<string?>? _addressField;

    protected override async Task OnParametersSetAsync()
    {
        _userId = await User.IdAsync();
        await ReloadAsync();
        _loaded = true;
    }

    protected override void OnInitialized() => Changes.Changed += OnMembershipChanged;

    private async Task ReloadAsync()
    {
        _members = await Memberships.MembersAsync(_userId, WorkspaceId);
        if (_members is null) return;
        _name = await Names.NameAsync(_userId, WorkspaceId);
        _role = _members.First(m => m.UserId == _userId).Role;
        _isOwner = _role == WorkspaceRole.Owner;
        _invitations = await Memberships.InvitationsAsync(_userId, WorkspaceId) ?? [];
    }

    private async Task InviteAsync()
    {
        var (result, invitation) = await Memberships.InviteAsync(await User.ActorAsync(), WorkspaceId, _invite.Address ?? "", _invite.Role, TimeSpan.FromDays(_invite.Days));
        _inviteError = result.Error;
        if (!result.Ok)
        {
            if (_addressField is not null) await _addressField.FocusAsync();
            return;
        }
        Snackbar.Add($"{invitation!.Address} is invited as {MembershipStore.Name(invitation.Role)}; they join when they sign in.", Severity.Success);
        _invite = new InviteFields { Role = _invite.Role, Days = _invite.Days };
        await ReloadAsync();
    }

    private async Task CreateLinkAsync()
    {
        var (result, invitation, secret) = await Memberships.CreateLinkAsync(await User.ActorAsync(), WorkspaceId, _invite.Role, TimeSpan.FromDays(_invite.Days));
        if (!result.Ok)
        {
            Snackbar.Add(result.Error!, Severity.Warning);
            return;
        }
        _link = Navigation.ToAbsoluteUri(Api.InviteLinks.Path(secret!)).ToString();
        _linkExpires = invitation!.ExpiresAt;
        await ReloadAsync();
    }

    private async Task ChangeRoleAsync(MemberView member, WorkspaceRole role)
    {
        var result = await Memberships.ChangeRoleAsync(await User.ActorAsync(), WorkspaceId, member.UserId, role);
        Report(result, $"{Format.Address(member.Address)} is now {MembershipStore.Name(role)}.");
        await ReloadAsync();
    }

    private async Task RemoveAsync(MemberView member)
    {
        var leaving = member.UserId == _userId;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            leaving ? "Leave this workspace?" : "Remove this member?",
            leaving ? $"You will no longer see {_name}'s portfolios; an owner can invite you again."
                    : $"{member.Address} loses access at once, including pages they have open.",
            yesText: leaving ? "Leave" : "Remove", cancelText: "Cancel");
        if (confirmed != true) return;
        var result = await Memberships.RemoveAsync(await User.ActorAsync(), WorkspaceId, member.UserId);
        Report(result, leaving ? $"You left {_name}." : $"{Format.Address(member.Address)} was removed.");
        if (result.Ok && leaving)
        {
            Navigation.NavigateTo("/workspaces");
            return;
        }
        await ReloadAsync();
    }

    private async Task RevokeAsync(InvitationView invitation)
    {
        var result = await Memberships.RevokeInvitationAsync(await User.ActorAsync(), invitation.Id);
        Report(result, "The invitation was revoked.");
        await ReloadAsync();
    }

    private void Report(ChangeResult result, string done) =>
        Snackbar.Add(result.Ok ? done : result.Error!, result.Ok ? Severity.Success : Severity.Warning);

    private static string State(InvitationView invitation) => invitation.State switch
    {
        InvitationState.Accepted => invitation.AcceptedBy is { } by ? $"accepted by {Format.Address(by)}" : "accepted",
        var state => state.ToString().ToLowerInvariant(),
    };

    private void OnMembershipChanged(int workspaceId, int userId)
    {
        if (workspaceId != WorkspaceId) return;
        _ = InvokeAsync(async () =>
        {
            try
            {
                await ReloadAsync();
                StateHasChanged();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });
    }

    public void Dispose() => Changes.Changed -= OnMembershipChanged;

    private sealed class InviteFields
    {
        public string? Address { get; set; }

        public WorkspaceRole Role { get; set; } = WorkspaceRole.Viewer;

        public int Days { get; set; } = 7;
    }
}
