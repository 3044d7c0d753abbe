namespace ExposureWeb.DevChain.Contracts.Messages;

/// <summary>The demo's pending governance proposal: a collateral parameter change of one Aave reserve, in basis points.</summary>
public sealed record PendingProposalText(string Description, string Symbol, int Ltv, int LiquidationThreshold, int LiquidationBonus);
