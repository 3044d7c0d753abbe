using System.Numerics;
using ExposureWeb.Chain.Governance;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Risk.Governance;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Tests.Governance;

/// <summary>Proposal calls decoded against the demo's real PoolConfigurator and AaveOracle addresses (read only).</summary>
public sealed class GovernanceCallDecoderTests(DemoChain chain) : IClassFixture<DemoChain>
{
    private async Task<(GovernanceCallDecoder Decoder, GovernedContracts Contracts)> DecoderAsync()
    {
        var contracts = await GovernanceTestChain.ContractsAsync(chain);
        return (new GovernanceCallDecoder(contracts, chain.Profile), contracts);
    }

    [Fact]
    public async Task ReadAsync_DemoPool_ConfiguratorAndOracleOfItsProvider()
    {
        var contracts = await GovernanceTestChain.ContractsAsync(chain);
        var scan = await new AaveParameterScanner().ScanAsync(chain.Eth, chain.Profile, BlockParameter.Latest, CancellationToken.None);

        Assert.Equal(scan.Parameters.Oracle, contracts.AaveOracle.ToString());
        Assert.NotEqual(Address.Zero, contracts.PoolConfigurator);
    }

    [Fact]
    public async Task Decode_PendingProposalCall_ConfigureReserveAsCollateralWithThreeChangesAndBeforeFromAScan()
    {
        var (decoder, contracts) = await DecoderAsync();
        var current = (await new AaveParameterScanner().ScanAsync(chain.Eth, chain.Profile, BlockParameter.Latest, CancellationToken.None)).Parameters;
        var data = GovernanceTestChain.PendingCalldata(chain);

        var call = decoder.Decode(0, contracts.PoolConfigurator.ToString().ToLowerInvariant(), BigInteger.Zero, data, current);

        Assert.True(call.IsRecognised, call.Unrecognised);
        Assert.Equal(("PoolConfigurator", "0x7c4e560b", "configureReserveAsCollateral(address,uint256,uint256,uint256)"), (call.TargetName, call.Selector, call.Signature));
        Assert.Equal(contracts.PoolConfigurator.ToString(), call.Target);
        var weth = chain.Token("WETH").ToString();
        Assert.Equal(
            [new CallArgument("asset", "address", weth), new CallArgument("ltv", "uint256", "7750"), new CallArgument("liquidationThreshold", "uint256", "8000"), new CallArgument("liquidationBonus", "uint256", "10500")],
            call.Arguments);
        Assert.Equal(
            [
                new ParameterChange(ParameterScopes.Reserve, weth, "WETH", ParameterNames.Ltv, "8050", "7750", ParameterUnits.BasisPoints),
                new ParameterChange(ParameterScopes.Reserve, weth, "WETH", ParameterNames.LiquidationThreshold, "8300", "8000", ParameterUnits.BasisPoints),
                new ParameterChange(ParameterScopes.Reserve, weth, "WETH", ParameterNames.LiquidationBonus, "10500", "10500", ParameterUnits.BasisPoints),
            ],
            call.Changes);
        Assert.Equal(Hex.Encode(data), call.RawData);
    }

    [Fact]
    public async Task Decode_NoCurrentMarket_BeforeIsNull()
    {
        var (decoder, contracts) = await DecoderAsync();

        var call = decoder.Decode(0, contracts.PoolConfigurator.ToString(), BigInteger.Zero, GovernanceTestChain.PendingCalldata(chain));

        Assert.Equal(3, call.Changes.Count);
        Assert.All(call.Changes, c => Assert.Null(c.Before));
    }

    [Theory]
    [InlineData("truncated", "do not decode")]
    [InlineData("extra bytes", "do not decode")]
    [InlineData("three bytes", "shorter than a 4-byte selector")]
    [InlineData("empty", "shorter than a 4-byte selector")]
    [InlineData("unknown selector", "not a known PoolConfigurator setter")]
    [InlineData("unknown target", "not a known governed contract")]
    [InlineData("not an address", "not an address")]
    public async Task Decode_MalformedCall_UnrecognisedWithReasonTargetSelectorAndRawData(string kind, string reason)
    {
        var (decoder, contracts) = await DecoderAsync();
        var pending = GovernanceTestChain.PendingCalldata(chain);
        var configurator = contracts.PoolConfigurator.ToString();
        var (target, data) = kind switch
        {
            "truncated" => (configurator, pending[..^5]),
            "extra bytes" => (configurator, [.. pending, 0, 0, 0, 0]),
            "three bytes" => (configurator, pending[..3]),
            "empty" => (configurator, []),
            "unknown selector" => (configurator, [0xde, 0xad, 0xbe, 0xef, .. pending[4..]]),
            "unknown target" => (chain.Profile.AaveV3!.Pool, pending),
            _ => ("0x1234", pending),
        };

        var call = decoder.Decode(3, target, BigInteger.One, data);

        Assert.False(call.IsRecognised);
        Assert.Contains(reason, call.Unrecognised);
        Assert.Contains(Hex.Encode(data), call.Unrecognised);
        Assert.Contains(data.Length >= 4 ? Hex.Encode(data[..4]) : "none", call.Unrecognised);
        Assert.Equal((3, BigInteger.One, Hex.Encode(data)), (call.Index, call.Value, call.RawData));
        Assert.Empty(call.Changes);
        Assert.Null(call.Signature);
    }

    [Fact]
    public async Task Decode_SetAssetSourcesOfTwoAssets_TwoOracleSourceChanges()
    {
        var (decoder, contracts) = await DecoderAsync();
        var current = (await new AaveParameterScanner().ScanAsync(chain.Eth, chain.Profile, BlockParameter.Latest, CancellationToken.None)).Parameters;
        var newWethFeed = "0x1111111111111111111111111111111111111111";
        var data = new SetAssetSourcesFunction
        {
            Assets = [chain.Token("WETH").ToString(), chain.Token("LINK").ToString()],
            Sources = [newWethFeed, chain.Feed("BTC").ToString()],
        }.GetCallData();

        var call = decoder.Decode(1, contracts.AaveOracle.ToString(), BigInteger.Zero, data, current);

        Assert.True(call.IsRecognised, call.Unrecognised);
        Assert.Equal(("AaveOracle", "0xabfd5310"), (call.TargetName, call.Selector));
        Assert.Equal(
            [
                new ParameterChange(ParameterScopes.Oracle, chain.Token("WETH").ToString(), "WETH", ParameterNames.OracleSource, chain.Feed("ETH").ToString(), newWethFeed, ParameterUnits.Address),
                new ParameterChange(ParameterScopes.Oracle, chain.Token("LINK").ToString(), "LINK", ParameterNames.OracleSource, chain.Feed("LINK").ToString(), chain.Feed("BTC").ToString(), ParameterUnits.Address),
            ],
            call.Changes);
        Assert.Equal("[" + chain.Token("WETH") + ", " + chain.Token("LINK") + "]", call.Arguments[0].Value);
    }

    [Fact]
    public async Task Decode_SetAssetSourcesOfUnequalLengths_Unrecognised()
    {
        var (decoder, contracts) = await DecoderAsync();
        var data = new SetAssetSourcesFunction { Assets = [chain.Token("WETH").ToString()], Sources = [] }.GetCallData();

        var call = decoder.Decode(0, contracts.AaveOracle.ToString(), BigInteger.Zero, data);

        Assert.False(call.IsRecognised);
        Assert.Contains("1 assets but 0 sources", call.Unrecognised);
    }

    [Theory]
    [InlineData("freeze", ParameterNames.Frozen, "true", ParameterUnits.Flag)]
    [InlineData("pause", ParameterNames.Paused, "true", ParameterUnits.Flag)]
    [InlineData("borrowing", ParameterNames.BorrowingEnabled, "false", ParameterUnits.Flag)]
    [InlineData("supplyCap", ParameterNames.SupplyCap, "5", ParameterUnits.Tokens)]
    [InlineData("borrowCap", ParameterNames.BorrowCap, "6", ParameterUnits.Tokens)]
    [InlineData("reserveFactor", ParameterNames.ReserveFactor, "2500", ParameterUnits.BasisPoints)]
    [InlineData("debtCeiling", ParameterNames.DebtCeiling, "100000000", ParameterUnits.Usd2)]
    [InlineData("protocolFee", ParameterNames.LiquidationProtocolFee, "1500", ParameterUnits.BasisPoints)]
    [InlineData("strategy", ParameterNames.InterestRateStrategy, "0x2222222222222222222222222222222222222222", ParameterUnits.Address)]
    [InlineData("emode", ParameterNames.EModeCategory, "0", ParameterUnits.Count)]
    public async Task Decode_ReserveSetter_OneChangeInTheDiffsUnit(string setter, string parameter, string after, string unit)
    {
        var (decoder, contracts) = await DecoderAsync();
        var weth = chain.Token("WETH").ToString();
        byte[] data = setter switch
        {
            "freeze" => new SetReserveFreezeFunction { Asset = weth, Freeze = true }.GetCallData(),
            "pause" => new SetReservePauseFunction { Asset = weth, Paused = true }.GetCallData(),
            "borrowing" => new SetReserveBorrowingFunction { Asset = weth, Enabled = false }.GetCallData(),
            "supplyCap" => new SetSupplyCapFunction { Asset = weth, SupplyCap = 5 }.GetCallData(),
            "borrowCap" => new SetBorrowCapFunction { Asset = weth, BorrowCap = 6 }.GetCallData(),
            "reserveFactor" => new SetReserveFactorFunction { Asset = weth, ReserveFactor = 2500 }.GetCallData(),
            "debtCeiling" => new SetDebtCeilingFunction { Asset = weth, DebtCeiling = 100_000_000 }.GetCallData(),
            "protocolFee" => new SetLiquidationProtocolFeeFunction { Asset = weth, Fee = 1500 }.GetCallData(),
            "strategy" => new SetReserveInterestRateStrategyAddressFunction { Asset = weth, RateStrategy = "0x2222222222222222222222222222222222222222" }.GetCallData(),
            _ => new SetAssetEModeCategoryFunction { Asset = weth, CategoryId = 0 }.GetCallData(),
        };

        var call = decoder.Decode(0, contracts.PoolConfigurator.ToString(), BigInteger.Zero, data);

        Assert.True(call.IsRecognised, call.Unrecognised);
        Assert.Equal(new ParameterChange(ParameterScopes.Reserve, weth, "WETH", parameter, null, after, unit), Assert.Single(call.Changes));
    }
}
