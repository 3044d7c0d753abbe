using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.Chain.Protocols.Opyn;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Risk.Protocols;
using ExposureWeb.DevChain.Contracts.Messages;
using Nethereum.Contracts;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Testing;

/// <summary>
/// anvil dev account #4, given one position of every kind through the demo contracts' real entry points, so that a
/// three-address portfolio (trader, treasury, this one) holds every position kind at every address.
/// </summary>
/// <remarks>
/// What <see cref="SeedAsync"/> gives it: 5 WETH; on Aave 4 WETH supplied and 1 000 USDC borrowed; Uniswap NFT #8 (after the demo's seven),
/// USDC/WETH 0.05% over [194 430, 198 080] with L = 1e15; a GMX ETH short of $6 000 (2 ETH) on 1 000 USDC; 5 ETH puts
/// (the demo's second oToken, strike 2 500). It needs nothing but a client and the deployed profile, so
/// benchmarks/ExposureWeb.ReadBench seeds and reads the same portfolio as the adapter tests.
/// </remarks>
public static class ThirdWallet
{
    public static readonly Address Address = Address.Parse("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");

    private static readonly Address Deployer = DemoChain.Deployer;
    private static readonly Address Trader = DemoChain.Trader;

    private static readonly BigInteger E18 = BigInteger.Pow(10, 18);

    /// <summary>Seeds the wallet on a freshly deployed demo (anvil's dev accounts are unlocked).</summary>
    public static async Task SeedAsync(EthClient eth, ChainProfile profile, CancellationToken ct = default)
    {
        Address Token(string symbol) => Address.Parse(profile.Tokens.Single(t => t.Symbol == symbol).Address);
        Task SendAsync<TFunction>(Address from, Address to, TFunction message) where TFunction : FunctionMessage, new() =>
            MineAsync(eth, from, to, message.GetCallData(), ct);
        var (weth, usdc) = (Token("WETH"), Token("USDC"));
        string me = Address.ToString(), deployer = Deployer.ToString();

        await SendAsync(Deployer, weth, new MintFunction { To = me, Amount = 5 * E18 });

        var pool = Address.Parse(profile.AaveV3!.Pool);
        await SendAsync(Deployer, weth, new MintFunction { To = deployer, Amount = 4 * E18 });
        await SendAsync(Deployer, weth, new ApproveFunction { Spender = pool.ToString(), Value = 4 * E18 });
        await SendAsync(Deployer, pool, new SupplyFunction { Asset = weth.ToString(), Amount = 4 * E18, OnBehalfOf = me });
        var reserve = SpanAbiDecoder.Decode<ReserveDataOutput>(
            await eth.CallAsync(pool, new GetReserveDataFunction { Asset = usdc.ToString() }.GetCallData(), BlockParameter.Latest, ct: ct));
        await SendAsync(Address, Address.Parse(reserve.Data.VariableDebtTokenAddress), new ApproveDelegationFunction { Delegatee = deployer, Amount = 1_000_000_000 });
        await SendAsync(Deployer, pool, new BorrowFunction { Asset = usdc.ToString(), Amount = 1_000_000_000, OnBehalfOf = me });

        await MintLiquidityAsync(eth, profile, Address, "USDC", "WETH", 500, 194_430, 198_080, 1e15, ct);

        var reader = Address.Parse(profile.GmxV2!.Reader);
        var dataStore = Address.Parse(profile.GmxV2.DataStore);
        var call = new GetAccountPositionsFunction { DataStore = dataStore.ToString(), Account = Trader.ToString(), Start = 0, End = 10 };
        var traderPositions = SpanAbiDecoder.Decode<AccountPositionsOutput>(await eth.CallAsync(reader, call.GetCallData(), BlockParameter.Latest, ct: ct));
        var ethMarket = traderPositions.Positions[0].Addresses.Market;
        await SendAsync(Deployer, reader, new SetPositionFunction
        {
            Position = new PositionProps
            {
                Addresses = new PositionAddresses { Account = me, Market = ethMarket, CollateralToken = usdc.ToString() },
                Numbers = new PositionNumbers { SizeInUsd = 6_000 * BigInteger.Pow(10, 30), SizeInTokens = 2 * E18, CollateralAmount = 1_000_000_000 },
                Flags = new PositionFlags { IsLong = false },
            },
        });

        await SendAsync(Deployer, Address.Parse(profile.OTokens[1]), new MintOtokenFunction { Account = me, Amount = 500_000_000 });
    }

    /// <summary>
    /// Mints a Uniswap v3 position NFT of about <paramref name="liquidity"/> (a hair more) for <paramref name="recipient"/>
    /// through the official position manager, paid by the deployer (which the demo deployment approved and funded).
    /// </summary>
    public static async Task MintLiquidityAsync(EthClient eth, ChainProfile profile, Address recipient, string token0, string token1, int fee,
        int tickLower, int tickUpper, double liquidity, CancellationToken ct = default)
    {
        Address Token(string symbol) => Address.Parse(profile.Tokens.Single(t => t.Symbol == symbol).Address);
        var getPool = new GetPoolFunction { TokenA = Token(token0).ToString(), TokenB = Token(token1).ToString(), Fee = (uint)fee };
        var pool = Address.Parse(SpanAbiDecoder.Decode<PoolAddressOutput>(
            await eth.CallAsync(Address.Parse(profile.UniswapV3!.Factory), getPool.GetCallData(), BlockParameter.Latest, ct: ct)).Pool);
        var slot0 = SpanAbiDecoder.Decode<Slot0Output>(await eth.CallAsync(pool, new Slot0Function().GetCallData(), BlockParameter.Latest, ct: ct));
        var amounts = UniswapV3Math.Amounts(liquidity, Math.Sqrt(UniswapV3Math.SqrtPriceX96ToPrice(slot0.SqrtPriceX96)),
            UniswapV3Math.TickToSqrtPrice(tickLower), UniswapV3Math.TickToSqrtPrice(tickUpper));
        static BigInteger Padded(double amount) => amount <= 0 ? BigInteger.Zero : new BigInteger(Math.Ceiling(amount * 1.000001)) + 1;
        var mint = new MintPositionFunction
        {
            Params = new MintParams
            {
                Token0 = Token(token0).ToString(), Token1 = Token(token1).ToString(), Fee = (uint)fee, TickLower = tickLower, TickUpper = tickUpper,
                Amount0Desired = Padded(amounts.Amount0), Amount1Desired = Padded(amounts.Amount1), Recipient = recipient.ToString(),
                Deadline = ulong.MaxValue,
            },
        };
        await MineAsync(eth, Deployer, Address.Parse(profile.UniswapV3.PositionManager), mint.GetCallData(), ct);
    }

    private static async Task MineAsync(EthClient eth, Address from, Address to, byte[] data, CancellationToken ct)
    {
        // An explicit gas limit: anvil's estimate for position manager and pool calls was seen too low on a loaded machine.
        var hash = await eth.SendTransactionAsync(from, to, data, ct: ct, gas: 10_000_000);
        var receipt = await eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(5), ct);
        if (!receipt.Succeeded) throw new InvalidOperationException($"seeding the third wallet: transaction {hash} to {to} reverted");
    }
}
