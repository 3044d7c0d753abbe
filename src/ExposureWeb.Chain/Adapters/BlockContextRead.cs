using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.Multicall3;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Adapters;

/// <summary>
/// What every address of a block's read shares, read once in the first round: the block number and time (which pin
/// every later round), the profile tokens' decimals and the Chainlink prices.
/// </summary>
internal sealed class BlockContextRead(PortfolioPositionsReader reader, BlockParameter block)
{
    private int _blockNumberIndex, _timestampIndex;
    private readonly List<(TokenProfile Token, Address Address, int Index)> _decimalsIndex = [];
    private ChainlinkPriceAdapter? _prices;

    /// <summary>The block the rounds run at: the requested one, pinned to a number after the first round.</summary>
    public BlockParameter Block { get; private set; } = block;

    /// <summary>Null until the first round is read.</summary>
    public SnapshotContext? Context { get; private set; }

    public List<string> Errors { get; } = [];

    /// <summary>Starts the next block with the calls planned last (see the reader's steady plan).</summary>
    public void StartBlock(BlockParameter block)
    {
        Block = block;
        Context = null;
        Errors.Clear();
    }

    public void Plan(MulticallBatch batch)
    {
        var multicall = reader.Multicall;
        _blockNumberIndex = batch.Add(multicall, new GetBlockNumberFunction());
        _timestampIndex = batch.Add(multicall, new GetCurrentBlockTimestampFunction());
        _decimalsIndex.Clear();
        foreach (var (token, address) in reader.Tokens) _decimalsIndex.Add((token, address, batch.Add(address, new DecimalsFunction())));
        _prices = new ChainlinkPriceAdapter(reader.Profile, batch, reader.Options.StaleMargin);
    }

    public void Read(IReadOnlyList<CallOutcome> results)
    {
        ulong number = Block.Number ?? 0;
        if (results[_blockNumberIndex].TryDecode<BlockNumberOutput>(out var n, out var error))
        {
            var read = (ulong)n.BlockNumber;
            if (Block.Number is { } requested && requested != read) Errors.Add($"asked for block {requested} but Multicall3 ran at {read}");
            number = read;
        }
        else if (Block.IsLatest) Errors.Add($"Multicall3 getBlockNumber(): {error}; later rounds run at 'latest'");
        if (number != 0) Block = BlockParameter.FromNumber(number);

        var time = DateTimeOffset.UnixEpoch;
        if (results[_timestampIndex].TryDecode<BlockTimestampOutput>(out var t, out error)) time = DateTimeOffset.FromUnixTimeSeconds((long)t.Timestamp);
        else Errors.Add($"Multicall3 getCurrentBlockTimestamp(): {error}; expiries and feed ages are judged against 1970");

        var tokens = new List<TokenInfo>();
        foreach (var (token, address, index) in _decimalsIndex)
        {
            int decimals = token.Decimals;
            if (results[index].TryDecode<DecimalsOutput>(out var d, out error))
            {
                var onChain = (int)d.Decimals;
                if (onChain != token.Decimals) Errors.Add($"{token.Symbol}: the profile says {token.Decimals} decimals but the token reports {onChain}; using {onChain}");
                decimals = onChain;
            }
            else Errors.Add($"{token.Symbol} decimals(): {error}; using the profile's {token.Decimals}");
            tokens.Add(new TokenInfo(address, token.Symbol, token.Underlying, decimals));
        }

        var (quotes, priceErrors) = _prices!.Read(results, time);
        Errors.AddRange(priceErrors);
        Context = new SnapshotContext(reader.Profile, number, time, tokens, quotes);
    }
}
