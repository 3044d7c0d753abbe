using System.Numerics;
using System.Text;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Risk.Governance;
using Nethereum.Contracts;
using Nethereum.Util;

namespace ExposureWeb.Engine.Tests.Governance;

/// <summary>
/// The proposal the demo leaves queued in the timelock (<see cref="DemoMarket.PendingProposal"/>: WETH LTV 80.5% → 77.5%,
/// threshold 83% → 80%), rebuilt from its definition, and what it takes to execute it for real at a chosen time.
/// </summary>
internal sealed class DemoProposal
{
    private DemoProposal(Address governor, Address timelock, Address configurator, Address weth, byte[] calldata)
    {
        Governor = governor;
        Timelock = timelock;
        Configurator = configurator;
        Weth = weth;
        Calldata = calldata;
    }

    public Address Governor { get; }

    public Address Timelock { get; }

    public Address Configurator { get; }

    public Address Weth { get; }

    public byte[] Calldata { get; }

    public static string Description => DemoMarket.PendingProposal.Description;

    public static async Task<DemoProposal> OfAsync(DemoChain chain)
    {
        var provider = Address.Parse((await chain.QueryOutputAsync<AddressesProviderFunction, AddressOutput>(Address.Parse(chain.Profile.AaveV3!.Pool), new AddressesProviderFunction())).Value);
        var configurator = Address.Parse((await chain.QueryOutputAsync<GetPoolConfiguratorFunction, AddressOutput>(provider, new GetPoolConfiguratorFunction())).Value);
        var weth = chain.Token("WETH");
        var p = DemoMarket.PendingProposal;
        var calldata = new ConfigureReserveAsCollateralFunction
        {
            Asset = weth.ToString(), Ltv = p.Ltv, LiquidationThreshold = p.LiquidationThreshold, LiquidationBonus = p.LiquidationBonus,
        }.GetCallData();
        var governance = chain.Profile.Governance!;
        return new DemoProposal(Address.Parse(governance.Governor), Address.Parse(governance.Timelock), configurator, weth, calldata);
    }

    public IReadOnlyList<SimulatedCall> Calls => [new SimulatedCall(Configurator.ToString(), BigInteger.Zero, Calldata)];

    /// <summary>The changes the proposal makes, as the decoder states them (before values from the demo's definition).</summary>
    public IReadOnlyList<ParameterChange> Changes =>
    [
        new(ParameterScopes.Reserve, Weth.ToString(), "WETH", ParameterNames.Ltv, "8050", DemoMarket.PendingProposal.Ltv.ToString(System.Globalization.CultureInfo.InvariantCulture), ParameterUnits.BasisPoints),
        new(ParameterScopes.Reserve, Weth.ToString(), "WETH", ParameterNames.LiquidationThreshold, "8300", DemoMarket.PendingProposal.LiquidationThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture), ParameterUnits.BasisPoints),
        new(ParameterScopes.Reserve, Weth.ToString(), "WETH", ParameterNames.LiquidationBonus, "10500", DemoMarket.PendingProposal.LiquidationBonus.ToString(System.Globalization.CultureInfo.InvariantCulture), ParameterUnits.BasisPoints),
    ];

    private byte[] DescriptionHash => Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(Description));

    public async Task<BigInteger> IdAsync(DemoChain chain) =>
        (await chain.QueryOutputAsync<HashProposalFunction, ProposalIdOutput>(Governor, new HashProposalFunction
        {
            Targets = [Configurator.ToString()], Values = [BigInteger.Zero], Calldatas = [Calldata], DescriptionHash = DescriptionHash,
        })).ProposalId;

    /// <summary>The queued proposal's ETA (Unix seconds).</summary>
    public async Task<long> EtaAsync(DemoChain chain) =>
        (long)(await chain.QueryOutputAsync<ProposalEtaFunction, TimepointOutput>(Governor, new ProposalEtaFunction { ProposalId = await IdAsync(chain) })).Value;

    /// <summary>Executes it through the Governor in a block whose timestamp is <paramref name="at"/> (Unix seconds).</summary>
    public async Task<Chain.Rpc.TransactionReceipt> ExecuteAtAsync(DemoChain chain, long at)
    {
        await chain.Eth.RequestAsync<System.Text.Json.JsonElement>("evm_setNextBlockTimestamp", [Chain.Rpc.HexQuantity.Format(at)]);
        return await chain.SendAsync(DemoChain.Spare, Governor, new ExecuteProposalFunction
        {
            Targets = [Configurator.ToString()], Values = [BigInteger.Zero], Calldatas = [Calldata], DescriptionHash = DescriptionHash,
        });
    }
}
