using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Adapters.Gmx;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Risk.Exposure;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Pricing.Models;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Chain.Tests.Adapters;

/// <summary>
/// The GMX adapter's maintenance margin comes from the DataStore's per-market MIN_COLLATERAL_FACTOR, read in the same
/// round: 1% as seeded; a factor the controller (the governance timelock) changes moves the liquidation price.
/// </summary>
public sealed class GmxMarginParameterTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private static readonly BigInteger OnePercent = BigInteger.Pow(10, 28);

    private Address DataStore => Address.Parse(Chain.Profile.GmxV2!.DataStore);

    private Task<PortfolioPositions> ReadAsync(PositionDiscoveryCache? cache = null, params Address[] owners) =>
        new PortfolioPositionsReader(Chain.Profile, cache ?? new PositionDiscoveryCache()).ReadAsync(Chain.Eth, owners, BlockParameter.Latest);

    private static PositionReading Gmx(PortfolioPositions snapshot, Address owner) =>
        Assert.Single(snapshot.Of(PositionProtocols.GmxV2), p => p.Owner == owner);

    private async Task<Address> MarketOfAsync(Address owner) => Address.Parse(Gmx(await ReadAsync(null, owner), owner).Raw["addresses.market"]);

    /// <summary>Sets a DataStore value as its controller, the governance timelock (impersonated: anvil only).</summary>
    private async Task SetUintAsControllerAsync(byte[] key, BigInteger value)
    {
        var timelock = Address.Parse(Chain.Profile.Governance!.Timelock);
        await Chain.Eth.RequestAsync<JsonElement>("anvil_impersonateAccount", [timelock.ToString()]);
        await Chain.Eth.RequestAsync<JsonElement>("anvil_setBalance", [timelock.ToString(), "0x56BC75E2D63100000"]);
        await Chain.SendAsync(timelock, DataStore, new SetUintFunction { Key = key, Value = value });
        await Chain.Eth.RequestAsync<JsonElement>("anvil_stopImpersonatingAccount", [timelock.ToString()]);
    }

    private static LiquidationPrice Liquidation(PerpPosition perp, double ethPrice)
    {
        var quotes = new Dictionary<string, PriceQuote> { ["ETH"] = new("ETH", ethPrice, DateTimeOffset.UnixEpoch, null) };
        var valuation = new PerpModel().Value(perp, new MarketSnapshot(DateTimeOffset.UnixEpoch, quotes)).Valuation!;
        return Assert.IsType<PerpDetail>(valuation.Detail).Liquidation;
    }

    [Fact]
    public async Task ReadAsync_DemoMarkets_MaintenanceMarginIsTheDataStoresOnePercent()
    {
        var snapshot = await ReadAsync(null, DemoChain.Trader, DemoChain.Treasury);

        foreach (var owner in new[] { DemoChain.Trader, DemoChain.Treasury })
        {
            var reading = Gmx(snapshot, owner);
            Assert.True(reading.IsOk, reading.Error);
            Assert.Equal(OnePercent.ToString(), reading.Raw["market.minCollateralFactor"]); // 1e28 = 1% with 30 decimals
            Assert.Equal(0.01, reading.Decoded["minCollateralFactor"]);
            Assert.Equal(0.01, Assert.IsType<PerpPosition>(reading.Instrument).MaintenanceMarginRate);
        }
    }

    [Fact]
    public async Task ReadAsync_ControllerRaisesEthMarketFactorToFivePercent_MarginRateAndLiquidationPriceMove()
    {
        // ETH long 10 @ 3 000 on 2.5 ETH: equity(p) = 2.5p + 10(p − 3 000) = 12.5p − 30 000 against l·10·p, so
        //   liq = 30 000 / (12.5 − 10 l): l = 1% → 30 000 / 12.4 = 2 419.35…; l = 5% → 30 000 / 12 = 2 500.
        var cache = new PositionDiscoveryCache();
        var before = Assert.IsType<PerpPosition>(Gmx(await ReadAsync(cache, DemoChain.Trader), DemoChain.Trader).Instrument);
        var market = await MarketOfAsync(DemoChain.Trader);

        await SetUintAsControllerAsync(GmxKeys.MinCollateralFactorKey(market), 5 * OnePercent);
        var counting = new CountingTransport(Chain.Rpc);
        var afterSnapshot = await new PortfolioPositionsReader(Chain.Profile, cache).ReadAsync(new EthClient(counting), [DemoChain.Trader], BlockParameter.Latest);
        var after = Gmx(afterSnapshot, DemoChain.Trader);

        Assert.True(after.IsOk, after.Error);
        Assert.Equal((5 * OnePercent).ToString(), after.Raw["market.minCollateralFactor"]);
        var perp = Assert.IsType<PerpPosition>(after.Instrument);
        Assert.Equal(before with { MaintenanceMarginRate = 0.05 }, perp);
        Assert.Equal(30_000 / 12.4, Liquidation(before, 3_000).Price!.Value, 1e-9);
        Assert.Equal(2_500, Liquidation(perp, 3_000).Price!.Value, 1e-9);
        Assert.Equal(1, counting.RoundTrips); // the market known: the factor is read in the positions' round
    }

    [Fact]
    public async Task ReadAsync_FactorZero_PositionReadWithOnePercentAndAnError()
    {
        var market = await MarketOfAsync(DemoChain.Treasury);
        await SetUintAsControllerAsync(GmxKeys.MinCollateralFactorKey(market), BigInteger.Zero);

        var reading = Gmx(await ReadAsync(null, DemoChain.Treasury), DemoChain.Treasury);

        var perp = Assert.IsType<PerpPosition>(reading.Instrument);
        Assert.Equal(GmxV2Adapter.AssumedMaintenanceMarginRate, perp.MaintenanceMarginRate);
        Assert.Contains("MIN_COLLATERAL_FACTOR", reading.Error);
        Assert.Contains("1% assumed", reading.Error);
    }

    [Fact]
    public async Task SetUint_NotTheController_Reverts()
    {
        var market = await MarketOfAsync(DemoChain.Trader);
        var data = Nethereum.Contracts.FunctionMessageExtensions.GetCallData(new SetUintFunction { Key = GmxKeys.MinCollateralFactorKey(market), Value = 5 * OnePercent });

        // The deployer handed control to the timelock: only a proposal changes a margin parameter.
        var ex = await Assert.ThrowsAsync<RpcErrorException>(() => Chain.Eth.CallAsync(DataStore, data, BlockParameter.Latest, from: DemoChain.Deployer));
        Assert.Contains("only controller", ex.Message + (ex.DataBytes is { } d ? ExposureWeb.Chain.Multicall.RevertReason.Describe(d) : ""));
    }

    [Fact]
    public void MinCollateralFactorKey_IsKeccakOfAbiEncodedNameKeyAndMarket()
    {
        // Keys.sol: MIN_COLLATERAL_FACTOR = keccak256(abi.encode("MIN_COLLATERAL_FACTOR")): offset 0x20, length 21, the
        // bytes padded to 32; per market keccak256(abi.encode(MIN_COLLATERAL_FACTOR, market)): two words.
        var name = "MIN_COLLATERAL_FACTOR"u8.ToArray();
        var encodedName = new byte[96];
        encodedName[31] = 0x20;
        encodedName[63] = (byte)name.Length;
        name.CopyTo(encodedName, 64);
        var nameKey = Nethereum.Util.Sha3Keccack.Current.CalculateHash(encodedName);
        var market = Address.Parse("0x70e0bA845a1A0F2DA3359C97E0285013525FFC49");
        var encodedMarket = new byte[64];
        nameKey.CopyTo(encodedMarket, 0);
        market.Bytes.CopyTo(encodedMarket.AsSpan(44));

        Assert.Equal(Hex.Encode(nameKey), Hex.Encode(GmxKeys.MinCollateralFactor));
        Assert.Equal(Hex.Encode(Nethereum.Util.Sha3Keccack.Current.CalculateHash(encodedMarket)), Hex.Encode(GmxKeys.MinCollateralFactorKey(market)));
        Assert.Equal(0.01, GmxKeys.ToFraction(BigInteger.Pow(10, 28)));
        Assert.Equal(0.05, GmxKeys.ToFraction(5 * BigInteger.Pow(10, 28)));
    }
}
