using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.Chain.Protocols.Opyn;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Contracts.Messages;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Risk.Protocols;
using Nethereum.Contracts;

namespace ExposureWeb.Benchmarks.Shared;

/// <summary>
/// Gives many fresh addresses one position of every kind on the demo deployment, through the protocols' own entry
/// points: WETH and ETH held, an Aave v3 supply of WETH with a USDC borrow, a Uniswap v3 USDC/WETH NFT, a GMX v2 ETH
/// short and an oToken put. The deployer pays (Aave onBehalfOf, position manager recipient) and each address, impersonated
/// on anvil, only delegates its credit; transactions go out in JSON-RPC batches with explicit nonces, phase by phase.
/// Linked into ReadBench (the engine at 1,000 portfolios) and LiveBench (the app at the same load), so both measure the
/// same portfolios.
/// </summary>
internal static class BenchWallets
{
    private static readonly BigInteger E18 = BigInteger.Pow(10, 18);
    private static readonly Address Deployer = Address.Parse(DemoMarket.Deployer);
    private const int Gas = 2_000_000;

    /// <summary>Gas of a block while seeding: 30 M, as on mainnet.</summary>
    private const long SeedingBlockGas = 30_000_000;

    /// <summary>
    /// Gas of a block after seeding, which anvil also gives each eth_call: the engine's Multicall3 batches of hundreds of
    /// calls need more than a mainnet block (the engine benchmark has always run with this).
    /// </summary>
    private const long CallBlockGas = 2_000_000_000;

    /// <summary><paramref name="count"/> distinct addresses that no dev account or contract uses.</summary>
    public static IReadOnlyList<Address> Addresses(int count) => ExposureWeb.Testing.FreshAddresses.Create(count, "bench wallet");

    /// <summary>The distinct addresses <paramref name="portfolios"/> three-address portfolios are made of: 2.5 per portfolio.</summary>
    public static int DistinctFor(int portfolios) => (int)Math.Ceiling(portfolios * 2.5);

    /// <summary>
    /// The engine benchmark's portfolios: portfolio p watches wallets 3p, 3p+1 and 3p+2 (wrapping), so with
    /// <see cref="DistinctFor"/> addresses the first half-N addresses sit in two portfolios each.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Address>> PortfolioOwners(IReadOnlyList<Address> wallets, int portfolios) =>
        Enumerable.Range(0, portfolios)
            .Select(p => (IReadOnlyList<Address>)Enumerable.Range(0, 3).Select(k => wallets[(3 * p + k) % wallets.Count]).ToList())
            .ToList();

    /// <summary>Seeds every wallet; <paramref name="progress"/> hears each phase as it ends (seeding 2,500 takes minutes).</summary>
    public static async Task SeedAsync(IRpcTransport rpc, ChainProfile profile, IReadOnlyList<Address> wallets, CancellationToken ct, Action<string>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Report(string step) => progress?.Invoke($"{step} ({clock.Elapsed.TotalSeconds:0} s)");
        var eth = new EthClient(rpc);
        Address Token(string symbol) => Address.Parse(profile.Tokens.Single(t => t.Symbol == symbol).Address);
        var (weth, usdc) = (Token("WETH"), Token("USDC"));
        var pool = Address.Parse(profile.AaveV3!.Pool);
        var usdcDebt = Address.Parse(SpanAbiDecoder.Decode<ReserveDataOutput>(
            await eth.CallAsync(pool, new GetReserveDataFunction { Asset = usdc.ToString() }.GetCallData(), BlockParameter.Latest, ct: ct)).Data.VariableDebtTokenAddress);
        var mint = await UniswapMintAsync(eth, profile, ct);
        var gmxReader = Address.Parse(profile.GmxV2!.Reader);
        var ethMarket = await EthMarketAsync(eth, profile, ct);
        var oToken = Address.Parse(profile.OTokens[1]);

        // Interval-free manual mining: every phase's transactions wait in the pool in nonce order and go into blocks of
        // mainnet size, about a hundred transactions each (automine would mine thousands of one-transaction blocks, and
        // lost some under concurrent submission; blocks of thousands make anvil's receipts slow, see CheckReceiptsAsync).
        await RequestAsync(rpc, "anvil_autoImpersonateAccount", true);
        await RequestAsync(rpc, "evm_setAutomine", false);
        await RequestAsync(rpc, "evm_setBlockGasLimit", Quantity(SeedingBlockGas));
        var firstBlock = await eth.BlockNumberAsync(ct) + 1;
        var setup = new Sender(rpc, Deployer, await NonceAsync(rpc, Deployer, ct));
        setup.Add(weth, new MintFunction { To = Deployer.ToString(), Amount = wallets.Count * E18 });
        setup.Add(weth, new ApproveFunction { Spender = pool.ToString(), Value = wallets.Count * E18 });
        await setup.FlushAsync(ct);
        await MineAllAsync(rpc, ct);
        Report($"seeding {wallets.Count} wallets: deployer funded");

        // Phase 1: gas money and ETH held, WETH held, the Aave supply, and each wallet's credit delegation to the deployer.
        await BatchAsync(rpc, wallets.Select(w => RpcRequest.Create("anvil_setBalance", w.ToString(), "0x" + (3 * E18).ToString("x", CultureInfo.InvariantCulture))).ToList(), ct);
        var deployer = new Sender(rpc, Deployer, setup.Nonce);
        var own = new List<Sender>();
        foreach (var w in wallets)
        {
            deployer.Add(weth, new MintFunction { To = w.ToString(), Amount = 2 * E18 });
            deployer.Add(pool, new SupplyFunction { Asset = weth.ToString(), Amount = E18 / 2, OnBehalfOf = w.ToString() });
            var wallet = new Sender(rpc, w, 0);
            wallet.Add(usdcDebt, new ApproveDelegationFunction { Delegatee = Deployer.ToString(), Amount = 10_000_000 });
            own.Add(wallet);
        }
        await deployer.FlushAsync(ct);
        Report($"seeding phase 1 of 2: {2 * wallets.Count} deployer transactions sent");
        foreach (var chunk in own.Chunk(200)) await Task.WhenAll(chunk.Select(s => s.FlushAsync(ct)));
        Report($"seeding phase 1 of 2: {wallets.Count} credit delegations sent");
        await MineAllAsync(rpc, ct);
        Report("seeding phase 1 of 2: mined (ETH, WETH, Aave supplies, delegations)");

        // Phase 2: the borrow (needs the delegation), the Uniswap NFT, the GMX short and the oToken puts.
        foreach (var w in wallets)
        {
            deployer.Add(pool, new BorrowFunction { Asset = usdc.ToString(), Amount = 10_000_000, InterestRateMode = 2, OnBehalfOf = w.ToString() });
            mint.Params.Recipient = w.ToString();
            deployer.Add(Address.Parse(profile.UniswapV3!.PositionManager), mint);
            deployer.Add(gmxReader, new SetPositionFunction
            {
                Position = new PositionProps
                {
                    Addresses = new PositionAddresses { Account = w.ToString(), Market = ethMarket, CollateralToken = usdc.ToString() },
                    Numbers = new PositionNumbers { SizeInUsd = 3_000 * BigInteger.Pow(10, 30), SizeInTokens = E18, CollateralAmount = 500_000_000 },
                    Flags = new PositionFlags { IsLong = false },
                },
            });
            deployer.Add(oToken, new MintOtokenFunction { Account = w.ToString(), Amount = 100_000_000 });
        }
        await deployer.FlushAsync(ct);
        Report($"seeding phase 2 of 2: {4 * wallets.Count} transactions sent");
        await MineAllAsync(rpc, ct);
        Report("seeding phase 2 of 2: mined (borrows, Uniswap NFTs, GMX shorts, oToken puts)");
        await RequestAsync(rpc, "anvil_autoImpersonateAccount", false);
        await RequestAsync(rpc, "evm_setAutomine", true);
        await RequestAsync(rpc, "evm_setBlockGasLimit", Quantity(CallBlockGas));

        var hashes = deployer.Hashes.Concat(own.SelectMany(o => o.Hashes)).Concat(setup.Hashes).ToList();
        await CheckReceiptsAsync(rpc, hashes, firstBlock, ct);
        Report($"seeding: {hashes.Count} receipts checked");
    }

    private static async Task<MintPositionFunction> UniswapMintAsync(EthClient eth, ChainProfile profile, CancellationToken ct)
    {
        Address Token(string symbol) => Address.Parse(profile.Tokens.Single(t => t.Symbol == symbol).Address);
        var getPool = new GetPoolFunction { TokenA = Token("USDC").ToString(), TokenB = Token("WETH").ToString(), Fee = 500 };
        var pool = Address.Parse(SpanAbiDecoder.Decode<PoolAddressOutput>(
            await eth.CallAsync(Address.Parse(profile.UniswapV3!.Factory), getPool.GetCallData(), BlockParameter.Latest, ct: ct)).Pool);
        var slot0 = SpanAbiDecoder.Decode<Slot0Output>(await eth.CallAsync(pool, new Slot0Function().GetCallData(), BlockParameter.Latest, ct: ct));
        int lower = 194_430, upper = 198_080;
        var amounts = UniswapV3Math.Amounts(1e14, Math.Sqrt(UniswapV3Math.SqrtPriceX96ToPrice(slot0.SqrtPriceX96)),
            UniswapV3Math.TickToSqrtPrice(lower), UniswapV3Math.TickToSqrtPrice(upper));
        static BigInteger Padded(double amount) => amount <= 0 ? BigInteger.Zero : new BigInteger(Math.Ceiling(amount * 1.01)) + 1;
        return new MintPositionFunction
        {
            Params = new MintParams
            {
                Token0 = Token("USDC").ToString(), Token1 = Token("WETH").ToString(), Fee = 500, TickLower = lower, TickUpper = upper,
                Amount0Desired = Padded(amounts.Amount0), Amount1Desired = Padded(amounts.Amount1), Recipient = Deployer.ToString(), Deadline = ulong.MaxValue,
            },
        };
    }

    private static async Task<string> EthMarketAsync(EthClient eth, ChainProfile profile, CancellationToken ct)
    {
        var call = new GetAccountPositionsFunction { DataStore = profile.GmxV2!.DataStore, Account = DemoMarket.Trader, Start = 0, End = 10 };
        var positions = SpanAbiDecoder.Decode<AccountPositionsOutput>(await eth.CallAsync(Address.Parse(profile.GmxV2.Reader), call.GetCallData(), BlockParameter.Latest, ct: ct));
        return positions.Positions[0].Addresses.Market;
    }

    /// <summary>Mines blocks until the pool is empty.</summary>
    private static async Task MineAllAsync(IRpcTransport rpc, CancellationToken ct)
    {
        for (int i = 0; i < 1_000; i++)
        {
            var status = await rpc.SendAsync("txpool_status", [], ct);
            if (status.GetProperty("pending").GetString() == "0x0")
            {
                if (status.GetProperty("queued").GetString() != "0x0") throw new InvalidOperationException($"transactions stuck behind a nonce gap: {status}");
                return;
            }
            await rpc.SendAsync("evm_mine", [], ct);
        }
        throw new InvalidOperationException("the pool did not empty in 1 000 blocks");
    }

    private static string Quantity(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static async Task<ulong> NonceAsync(IRpcTransport rpc, Address account, CancellationToken ct)
    {
        var result = await rpc.SendAsync("eth_getTransactionCount", [account.ToString(), "pending"], ct);
        return ulong.Parse(result.GetString()![2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private static Task<JsonElement> RequestAsync(IRpcTransport rpc, string method, params object?[] parameters) => rpc.SendAsync(method, parameters);

    private static async Task<IReadOnlyList<RpcResult>> BatchAsync(IRpcTransport rpc, IReadOnlyList<RpcRequest> requests, CancellationToken ct)
    {
        var results = new List<RpcResult>();
        foreach (var chunk in requests.Chunk(500))
        {
            var answers = await rpc.SendBatchAsync(chunk, ct);
            foreach (var a in answers) a.GetResultOrThrow();
            results.AddRange(answers);
        }
        return results;
    }

    /// <summary>
    /// Every seeding transaction is in a block from <paramref name="firstBlock"/> on, and none reverted; read a block's
    /// receipts at a time. anvil builds each receipt in time that grows with its block (4,000 transfers in one block: 4.8 s
    /// for the block's receipts, 1 ms a receipt): with blocks of 10,000 seeding transactions, checking 2,500 wallets'
    /// receipts took over 10 minutes.
    /// </summary>
    private static async Task CheckReceiptsAsync(IRpcTransport rpc, IReadOnlyList<string> hashes, ulong firstBlock, CancellationToken ct)
    {
        var head = await new EthClient(rpc).BlockNumberAsync(ct);
        var status = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var block = firstBlock; block <= head; block++)
        {
            var receipts = await rpc.SendAsync("eth_getBlockReceipts", ["0x" + block.ToString("x", CultureInfo.InvariantCulture)], ct);
            foreach (var r in receipts.EnumerateArray()) status[r.GetProperty("transactionHash").GetString()!] = r.GetProperty("status").GetString();
        }
        var missing = hashes.Where(h => !status.ContainsKey(h)).ToList();
        if (missing.Count > 0)
        {
            var first = await rpc.SendAsync("eth_getTransactionByHash", [missing[0]], ct);
            var pool = await rpc.SendAsync("txpool_status", [], ct);
            throw new InvalidOperationException($"{missing.Count} seeding transactions not in blocks {firstBlock}–{head}; the first: {first}; pool {pool}");
        }
        var reverted = hashes.Where(h => status[h] != "0x1").ToList();
        if (reverted.Count > 0) throw new InvalidOperationException($"{reverted.Count} seeding transactions reverted, the first {reverted[0]}");
    }

    /// <summary>Transactions of one sender with consecutive explicit nonces, sent in JSON-RPC batches.</summary>
    private sealed class Sender(IRpcTransport rpc, Address from, ulong nonce)
    {
        private readonly List<RpcRequest> _queued = [];

        public ulong Nonce { get; private set; } = nonce;

        public List<string> Hashes { get; } = [];

        public void Add<TFunction>(Address to, TFunction message) where TFunction : FunctionMessage, new()
        {
            _queued.Add(RpcRequest.Create("eth_sendTransaction", new Dictionary<string, string>
            {
                ["from"] = from.ToString(),
                ["to"] = to.ToString(),
                ["data"] = Hex.Encode(message.GetCallData()),
                ["gas"] = "0x" + Gas.ToString("x", CultureInfo.InvariantCulture),
                ["nonce"] = "0x" + Nonce.ToString("x", CultureInfo.InvariantCulture),
            }));
            Nonce++;
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            var results = await BatchAsync(rpc, _queued, ct);
            Hashes.AddRange(results.Select(r => r.Result.GetString()!));
            _queued.Clear();
        }
    }
}
