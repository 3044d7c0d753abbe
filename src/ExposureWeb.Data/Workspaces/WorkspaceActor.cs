namespace ExposureWeb.Data.Workspaces;

/// <summary>Who asks for a change, as the audit log records it: the signed-in user, their wallet, and their client's address.</summary>
public sealed record WorkspaceActor(int UserId, string Address, string? ClientAddress);
