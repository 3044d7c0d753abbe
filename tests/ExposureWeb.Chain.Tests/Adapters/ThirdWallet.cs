using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Adapters.Aave;
using ExposureWeb.Chain.Adapters.Gmx;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Adapters;

/// <summary>
/// anvil dev account #4, given one position of every kind through the demo contracts' real entry points, so that a
/// three-address portfolio (trader, treasury, this one) holds every position kind at every address.
/// </summary>
/// <remarks>
/// What <see cref="SeedAsync"/> gives it: 5 WETH; on Aave 4 WETH supplied and 1 000 USDC borrowed; Uniswap NFT #4,
/// USDC/WETH 0.05% over [194 430, 198 080] with L = 1e15; a GMX ETH short of $6 000 (2 ETH) on 1 000 USDC; 5 ETH puts
/// (the demo's second oToken, strike 2 500). Shared with benchmarks/ExposureWeb.ReadBench (linked), so it needs nothing
/// but a client and the deployed profile.
/// </remarks>
public static class ThirdWallet
{
    public static readonly Address Address = Address.Parse("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");

    private static readonly Address Deployer = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    private static readonly Address Trader = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    private static readonly AbiFunction Mint = AbiFunction.Parse("mint(address,uint256)");
    private static readonly AbiFunction Approve = AbiFunction.Parse("approve(address,uint256) returns (bool)");
    private static readonly AbiFunction Supply = AbiFunction.Parse("supply(address,uint256,address,uint16)");
    private static readonly AbiFunction Borrow = AbiFunction.Parse("borrow(address,uint256,uint256,uint16,address)");
    private static readonly AbiFunction ApproveDelegation = AbiFunction.Parse("approveDelegation(address,uint256)");
    private static readonly AbiFunction MintPosition = AbiFunction.Parse(
        "mintPosition((address,address,address,uint24,int24,int24,uint128,uint128,uint128)) returns (uint256)");
    private static readonly AbiFunction SetPosition = AbiFunction.Parse(
        "setPosition(((address,address,address),(uint256,uint256,uint256,int256,uint256,uint256,uint256,uint256,uint256,uint256),(bool))) returns (bytes32)");
    private static readonly AbiFunction MintOtoken = AbiFunction.Parse("mintOtoken(address,uint256)");

    private static readonly BigInteger E18 = BigInteger.Pow(10, 18);

    /// <summary>Seeds the wallet on a freshly deployed demo (anvil's dev accounts are unlocked).</summary>
    public static async Task SeedAsync(EthClient eth, ChainProfile profile, CancellationToken ct = default)
    {
        Address Token(string symbol) => Address.Parse(profile.Tokens.Single(t => t.Symbol == symbol).Address);
        Task SendAsync(Address from, Address to, AbiFunction function, params object[] args) => MineAsync(eth, from, to, function.EncodeCall(args), ct);
        var (weth, usdc) = (Token("WETH"), Token("USDC"));

        await SendAsync(Deployer, weth, Mint, Address, 5 * E18);

        var pool = Address.Parse(profile.AaveV3!.Pool);
        await SendAsync(Deployer, weth, Mint, Deployer, 4 * E18);
        await SendAsync(Deployer, weth, Approve, pool, 4 * E18);
        await SendAsync(Deployer, pool, Supply, weth, 4 * E18, Address, 0);
        var reserve = AaveV3.GetReserveData.DecodeOutput(await eth.CallAsync(pool, AaveV3.GetReserveData.EncodeCall(usdc), BlockParameter.Latest, ct: ct));
        await SendAsync(Address, (Address)reserve[10], ApproveDelegation, Deployer, new BigInteger(1_000_000_000));
        await SendAsync(Deployer, pool, Borrow, usdc, new BigInteger(1_000_000_000), 2, 0, Address);

        object[] nft = [Address, usdc, weth, 500, 194_430, 198_080, new BigInteger(1_000_000_000_000_000), BigInteger.Zero, BigInteger.Zero];
        await SendAsync(Deployer, Address.Parse(profile.UniswapV3!.PositionManager), MintPosition, [nft]);

        var reader = Address.Parse(profile.GmxV2!.Reader);
        var dataStore = Address.Parse(profile.GmxV2.DataStore);
        var call = GmxV2.GetAccountPositions.EncodeCall(dataStore, Trader, 0, 10);
        var traderPositions = (object[])GmxV2.GetAccountPositions.DecodeOutput(await eth.CallAsync(reader, call, BlockParameter.Latest, ct: ct))[0];
        var ethMarket = (Address)((object[])((object[])traderPositions[0])[0])[1];
        object[] numbers = [6_000 * BigInteger.Pow(10, 30), 2 * E18, new BigInteger(1_000_000_000), BigInteger.Zero, BigInteger.Zero, BigInteger.Zero,
            BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero];
        object[] position = [new object[] { Address, ethMarket, usdc }, numbers, new object[] { false }];
        await SendAsync(Deployer, reader, SetPosition, [position]);

        await SendAsync(Deployer, Address.Parse(profile.OTokens[1]), MintOtoken, Address, new BigInteger(500_000_000));
    }

    private static async Task MineAsync(EthClient eth, Address from, Address to, byte[] data, CancellationToken ct)
    {
        var hash = await eth.SendTransactionAsync(from, to, data, ct: ct);
        var receipt = await eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(5), ct);
        if (!receipt.Succeeded) throw new InvalidOperationException($"seeding the third wallet: transaction {hash} to {to} reverted");
    }
}
