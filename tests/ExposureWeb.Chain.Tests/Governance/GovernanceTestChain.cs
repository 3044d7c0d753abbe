using ExposureWeb.Chain.Governance;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.DevChain.Deployment;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Tests.Governance;

/// <summary>What the governance tests need of the demo chain: its governance contracts and the demo's pending proposal.</summary>
internal static class GovernanceTestChain
{
    public static GovernanceDeployment Governance(DemoChain chain) => new(
        Address.Parse(chain.Profile.Governance!.Governor), Address.Parse(chain.Profile.Governance.Timelock), Address.Parse(chain.Profile.Governance.Token));

    public static Task<GovernedContracts> ContractsAsync(DemoChain chain) =>
        GovernedContracts.ReadAsync(chain.Eth, chain.Profile, ExposureWeb.Chain.Rpc.BlockParameter.Latest, CancellationToken.None);

    /// <summary>The calldata of <see cref="DemoMarket.PendingProposal"/>'s one call (to the PoolConfigurator).</summary>
    public static byte[] PendingCalldata(DemoChain chain)
    {
        var pending = DemoMarket.PendingProposal;
        return new ConfigureReserveAsCollateralFunction
        {
            Asset = chain.Token(pending.Symbol).ToString(), Ltv = pending.Ltv, LiquidationThreshold = pending.LiquidationThreshold, LiquidationBonus = pending.LiquidationBonus,
        }.GetCallData();
    }

    public static async Task<GovernanceProposal> PendingProposalAsync(DemoChain chain) =>
        GovernanceProposal.Single((await ContractsAsync(chain)).PoolConfigurator, PendingCalldata(chain), DemoMarket.PendingProposal.Description);
}
