using ExposureWeb.Chain.Adapters.Aave;
using ExposureWeb.Chain.Adapters.Gmx;
using ExposureWeb.Chain.Adapters.Options;
using ExposureWeb.Chain.Adapters.Spot;
using ExposureWeb.Chain.Adapters.Uniswap;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Adapters;

/// <summary>
/// The adapters of one address in a block's read and what they have read so far. One per distinct address: an address
/// watched by several portfolios is read once, and an address whose discovery changed takes its extra rounds alone.
/// </summary>
internal sealed class AddressRead
{
    private readonly PortfolioPositionsReader _reader;
    private readonly Address _owner;
    private readonly AaveV3Adapter? _aave;

    public AddressRead(PortfolioPositionsReader reader, Address owner)
    {
        _reader = reader;
        _owner = owner;
        var profile = reader.Profile;
        var cache = reader.Cache;
        IReadOnlyList<Address> owners = [owner];
        var adapters = new List<IPositionAdapter> { new SpotPositionsAdapter(profile, owners) };
        if (reader.AavePool is { } pool)
        {
            _aave = new AaveV3Adapter(profile.Name, pool, owners, cache);
            adapters.Add(_aave);
        }
        if (reader.UniswapFactory is { } factory && reader.UniswapManager is { } manager)
        {
            adapters.Add(new UniswapV3Adapter(profile.Name, factory, manager, owners, cache));
        }
        if (reader.GmxReader is { } gmxReader && reader.GmxDataStore is { } dataStore)
        {
            adapters.Add(new GmxV2Adapter(profile.Name, gmxReader, dataStore, owners, cache));
        }
        if (reader.OTokens.Count > 0) adapters.Add(new OTokenAdapter(profile.Name, reader.OTokens, owners));
        _adapters = [.. adapters];
        Pending = adapters;
    }

    private readonly IPositionAdapter[] _adapters;
    private int _plannedCalls;

    /// <summary>Starts the next block with the same adapters (their plan is reused by <see cref="Replan"/>).</summary>
    public void StartBlock()
    {
        Pending.Clear();
        Pending.AddRange(_adapters);
        Positions.Clear();
        Errors.Clear();
        Rounds = 0;
        Calls = 0;
    }

    /// <summary>Counts a round sent with the batch this address planned last (nothing is planned again).</summary>
    public void Replan()
    {
        Rounds++;
        Calls += _plannedCalls;
    }

    public List<IPositionAdapter> Pending { get; }

    public List<PositionReading> Positions { get; } = [];

    public List<string> Errors { get; } = [];

    /// <summary>Rounds this address took.</summary>
    public int Rounds { get; private set; }

    /// <summary>Calls its adapters asked for over all rounds (before merging with other addresses' identical calls).</summary>
    public int Calls { get; private set; }

    /// <summary>The Aave pool's reserves as its adapter read them (empty without Aave, or before it settled).</summary>
    public IReadOnlyList<AaveReserve> AaveReserves => _aave?.Reserves ?? [];

    public void Plan(MulticallBatch batch)
    {
        int requestedBefore = batch.Requested;
        foreach (var adapter in Pending) adapter.Plan(batch);
        Rounds++;
        _plannedCalls = batch.Requested - requestedBefore;
        Calls += _plannedCalls;
    }

    public void Read(IReadOnlyList<CallOutcome> results, SnapshotContext context)
    {
        for (int i = Pending.Count - 1; i >= 0; i--)
        {
            var outcome = Pending[i].Read(results, context);
            if (!outcome.Settled) continue;
            Positions.AddRange(outcome.Positions);
            Pending.RemoveAt(i);
        }
    }

    public void GiveUp(int rounds, BlockParameter block, ulong blockNumber)
    {
        foreach (var adapter in Pending)
        {
            Errors.Add($"{adapter.Protocol}: discovery for {_owner} still changing after {rounds} rounds at block {block}; its positions were not read");
            Positions.Add(new PositionReading(adapter.Protocol, _reader.Profile.Name, _owner, Address.Zero, blockNumber,
                $"{adapter.Protocol}:{_reader.Profile.Name}:{_owner}", [], null, new RawValues().Build(),
                $"discovery still changing after {rounds} rounds; not read"));
        }
        Pending.Clear();
    }
}
