using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Governance;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>
/// The selectors and topics of the messages a governance report decodes, as Nethereum computes them from the typed
/// messages, against the values in reference.md (Aave v3 PoolConfigurator of @aave/core-v3 1.19.3, AaveOracle,
/// OpenZeppelin Governor and TimelockController).
/// </summary>
public class GovernanceSelectorTests
{
    [Theory]
    [InlineData(typeof(ConfigureReserveAsCollateralFunction), "0x7c4e560b")]
    [InlineData(typeof(SetReserveFreezeFunction), "0x96e957c4")]
    [InlineData(typeof(SetReservePauseFunction), "0x48d9fba9")]
    [InlineData(typeof(SetReserveBorrowingFunction), "0x682cf264")]
    [InlineData(typeof(SetSupplyCapFunction), "0x571f03e5")]
    [InlineData(typeof(SetBorrowCapFunction), "0xd14a0983")]
    [InlineData(typeof(SetReserveFactorFunction), "0x4b4e6753")]
    [InlineData(typeof(SetDebtCeilingFunction), "0xaeb4fcc1")]
    [InlineData(typeof(SetLiquidationProtocolFeeFunction), "0x26d2cec2")]
    [InlineData(typeof(SetReserveInterestRateStrategyAddressFunction), "0x1d2118f9")]
    [InlineData(typeof(SetEModeCategoryFunction), "0xc19d61e4")]
    [InlineData(typeof(SetAssetEModeCategoryFunction), "0xd4fe3f99")]
    [InlineData(typeof(SetAssetSourcesFunction), "0xabfd5310")]
    [InlineData(typeof(ProposalStateFunction), "0x3e4f49e6")]
    [InlineData(typeof(ProposalEtaFunction), "0xab58fb8e")]
    [InlineData(typeof(ProposeFunction), "0x7d5e81e2")]
    [InlineData(typeof(QueueProposalFunction), "0x160cbed7")]
    [InlineData(typeof(ExecuteProposalFunction), "0x2656227d")]
    [InlineData(typeof(CastVoteFunction), "0x56781388")]
    public void Selector_TypedMessage_MatchesReference(Type message, string selector)
    {
        Assert.Equal(selector, "0x" + ABITypedRegistry.GetFunctionABI(message).Sha3Signature);
    }

    [Theory]
    [InlineData(typeof(ProposalCreatedEventDto), "0x7d84a6263ae0d98d3329bd7b46bb4e8d6f98cd35a7adb45c274c8b7fd5ebd5e0")]
    [InlineData(typeof(CallScheduledEventDto), "0x4cf4410cc57040e44862ef0f45f3dd5a5e02db8eb8add648d4b0e236f1d07dca")]
    public void Topic_EventDto_MatchesReference(Type dto, string topic)
    {
        Assert.Equal(topic, "0x" + ABITypedRegistry.GetEvent(dto).Sha3Signature);
    }
}
