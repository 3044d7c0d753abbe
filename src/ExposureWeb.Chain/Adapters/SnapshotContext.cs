using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;

namespace ExposureWeb.Chain.Adapters;

/// <summary>A profile token with the decimals read on chain (which win over the profile's).</summary>
/// <param name="Address">The ERC-20.</param>
/// <param name="Symbol">As in the profile, e.g. <c>WETH</c>.</param>
/// <param name="Underlying">Unit of netting, e.g. <c>ETH</c>.</param>
/// <param name="Decimals">decimals() as read in this snapshot; the profile's when that read failed (and reported).</param>
public sealed record TokenInfo(Address Address, string Symbol, string Underlying, int Decimals);

/// <summary>
/// What every adapter of one snapshot shares, read in the snapshot's first round: the pinned block and its time, the
/// profile's tokens with their on-chain decimals, and the oracle (Chainlink) prices.
/// </summary>
public sealed class SnapshotContext
{
    private readonly Dictionary<Address, TokenInfo> _tokens;

    /// <summary>Creates a context.</summary>
    /// <param name="profile">The chain profile.</param>
    /// <param name="blockNumber">The block every call of the snapshot runs against.</param>
    /// <param name="blockTime">That block's timestamp.</param>
    /// <param name="tokens">The profile's tokens with their decimals.</param>
    /// <param name="prices">USD quotes per underlying (issues included).</param>
    public SnapshotContext(ChainProfile profile, ulong blockNumber, DateTimeOffset blockTime, IEnumerable<TokenInfo> tokens, IReadOnlyDictionary<string, FeedQuote> prices)
    {
        Profile = profile;
        BlockNumber = blockNumber;
        BlockTime = blockTime;
        _tokens = tokens.ToDictionary(t => t.Address);
        Prices = prices;
    }

    /// <summary>The chain profile.</summary>
    public ChainProfile Profile { get; }

    /// <summary>The chain profile's name.</summary>
    public string Chain => Profile.Name;

    /// <summary>The block every call of the snapshot runs against.</summary>
    public ulong BlockNumber { get; }

    /// <summary>The block's timestamp (Multicall3's getCurrentBlockTimestamp).</summary>
    public DateTimeOffset BlockTime { get; }

    /// <summary>USD quotes per underlying from the profile's feeds, read in the same block.</summary>
    public IReadOnlyDictionary<string, FeedQuote> Prices { get; }

    /// <summary>The profile's tokens with their on-chain decimals.</summary>
    public IReadOnlyCollection<TokenInfo> Tokens => _tokens.Values;

    /// <summary>The profile token at <paramref name="address"/>, if the profile lists it.</summary>
    public bool TryGetToken(Address address, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TokenInfo? token) =>
        _tokens.TryGetValue(address, out token);

    /// <summary>The message for a token the profile does not list: positions in it cannot be netted or priced.</summary>
    public string UnknownToken(Address address, string role) =>
        $"{role} {address} is not in chain profile '{Chain}''s token list (add it with its underlying to read this position)";
}
