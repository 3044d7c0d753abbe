namespace ExposureWeb.Chain.Profiles;

/// <summary>
/// Where a chain's protocols live: one object of the <c>Chains</c> array of appsettings.json, or a
/// JSON file for the CLI. Every protocol section is optional. Addresses stay strings here and are
/// checked by <see cref="ChainProfileValidator"/> (EIP-55 when mixed case).
/// </summary>
public sealed class ChainProfile
{
    /// <summary>Unique name portfolios refer to, e.g. <c>local</c> or <c>mainnet</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>EIP-155 chain id; checked against <c>eth_chainId</c> of every RPC URL before reading.</summary>
    public ulong ChainId { get; set; }

    /// <summary>HTTP(S) JSON-RPC endpoints in order of preference.</summary>
    public List<string> RpcUrls { get; set; } = [];

    /// <summary>WebSocket endpoint for <c>eth_subscribe</c> newHeads; without it heads are polled.</summary>
    public string? WsUrl { get; set; }

    /// <summary>Multicall3 address (the canonical one on most chains; check its code before trusting it).</summary>
    public string? Multicall3 { get; set; }

    /// <summary>The chain's native currency (ETH unless said otherwise); counts towards its underlying.</summary>
    public NativeCurrencyProfile? NativeCurrency { get; set; }

    public List<TokenProfile> Tokens { get; set; } = [];

    public List<PriceFeedProfile> PriceFeeds { get; set; } = [];

    public AaveV3Profile? AaveV3 { get; set; }

    public UniswapV3Profile? UniswapV3 { get; set; }

    public GmxV2Profile? GmxV2 { get; set; }

    /// <summary>On-chain governance (an OpenZeppelin Governor and the TimelockController its proposals run through).</summary>
    public GovernanceProfile? Governance { get; set; }

    public List<string> OTokens { get; set; } = [];

    /// <summary>The native currency with its defaults filled in.</summary>
    public NativeCurrencyProfile Native => NativeCurrency ?? new NativeCurrencyProfile();
}

public sealed class NativeCurrencyProfile
{
    public string Symbol { get; set; } = "ETH";

    /// <summary>Unit of netting the native balance counts towards.</summary>
    public string Underlying { get; set; } = "ETH";

    public int Decimals { get; set; } = 18;
}

public sealed class TokenProfile
{
    public string Symbol { get; set; } = "";

    public string Address { get; set; } = "";

    /// <summary>Declared decimals; the value read on chain wins and a disagreement is reported.</summary>
    public int Decimals { get; set; }

    /// <summary>Unit of netting: WETH and ETH both net into ETH.</summary>
    public string Underlying { get; set; } = "";
}

public sealed class PriceFeedProfile
{
    /// <summary>The underlying this feed prices, in USD.</summary>
    public string Underlying { get; set; } = "";

    /// <summary>A Chainlink <c>AggregatorV3Interface</c>.</summary>
    public string Address { get; set; } = "";

    /// <summary>The feed's heartbeat: an answer older than this (plus a margin) is stale.</summary>
    public int HeartbeatSeconds { get; set; } = 3600;
}

public sealed class AaveV3Profile
{
    public string Pool { get; set; } = "";
}

public sealed class UniswapV3Profile
{
    public string Factory { get; set; } = "";

    public string PositionManager { get; set; } = "";

    /// <summary>SwapRouter (v3-periphery); optional, for swaps (the dev chain's arbitrage, hedges).</summary>
    public string? SwapRouter { get; set; }

    /// <summary>QuoterV2 (v3-periphery); optional, for quotes.</summary>
    public string? Quoter { get; set; }
}

public sealed class GmxV2Profile
{
    public string Reader { get; set; } = "";

    public string DataStore { get; set; } = "";
}

public sealed class GovernanceProfile
{
    /// <summary>An OpenZeppelin Governor (IGovernor).</summary>
    public string Governor { get; set; } = "";

    /// <summary>The TimelockController that executes the Governor's proposals and holds the governed roles.</summary>
    public string Timelock { get; set; } = "";

    /// <summary>The IVotes token (ERC20Votes) the Governor counts votes from.</summary>
    public string Token { get; set; } = "";
}
