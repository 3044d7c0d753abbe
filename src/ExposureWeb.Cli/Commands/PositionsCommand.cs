using System.Globalization;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Cli.Commands;

/// <summary>
/// `exposure positions ADDRESS`: every position of one address on one chain (all protocols of the chain profile),
/// read at one block, with raw and decoded values, underlyings, snapshot and per-position errors; text or JSON.
/// </summary>
/// <remarks>
/// Exit codes: 0 read (positions may still carry errors: they are printed), 2 bad input (address, chain, profile,
/// block, chain id mismatch), 3 the RPC node could not be reached.
/// </remarks>
public static class PositionsCommand
{
    /// <summary>Exit code when the node cannot be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>Default <c>--chain</c>: the embedded dev chain.</summary>
    public const string DefaultChain = "local";

    private static readonly TimeSpan ChainIdTimeout = TimeSpan.FromSeconds(5);

    private sealed record Arguments(string Address, string? Chain, string? ChainFile, string? Rpc, string? Block, bool Json, bool Help);

    /// <summary>Runs the command with its arguments (everything after <c>positions</c>); returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, ChainSearch? search = null, CancellationToken ct = default)
    {
        if (!TryParse(args, out var a, out var usageError))
        {
            stderr.WriteLine($"exposure positions: {usageError}");
            return Cli.UsageError;
        }
        if (a.Help)
        {
            stdout.WriteLine(Cli.UsageText);
            return Cli.Ok;
        }

        if (!Address.TryParse(a.Address, out var owner, out var addressError))
        {
            stderr.WriteLine($"exposure positions: '{a.Address}' is not a valid address: {addressError}.");
            if (addressError == Address.ChecksumError)
            {
                stderr.WriteLine("  Mixed-case addresses must carry a correct EIP-55 checksum; copy the address again, or write it all lower case.");
            }
            return Cli.UsageError;
        }

        BlockParameter block = BlockParameter.Latest;
        if (a.Block is not null)
        {
            if (!TryParseBlock(a.Block, out var number))
            {
                stderr.WriteLine($"exposure positions: --block '{a.Block}' is not a block number (a non-negative integer, decimal or 0x-hex; omit --block for the latest block).");
                return Cli.UsageError;
            }
            block = BlockParameter.FromNumber(number);
        }

        if (a.Rpc is not null && !(Uri.TryCreate(a.Rpc, UriKind.Absolute, out var rpcUri) && rpcUri.Scheme is "http" or "https"))
        {
            stderr.WriteLine($"exposure positions: --rpc '{a.Rpc}' is not an absolute http(s) URL.");
            return Cli.UsageError;
        }

        ChainProfile profile;
        try
        {
            profile = a.ChainFile is not null
                ? ChainProfileLocator.LoadFile(a.ChainFile, a.Rpc)
                : ChainProfileLocator.Find(a.Chain ?? DefaultChain, search ?? ChainSearch.Default, a.Rpc);
        }
        catch (ChainLookupException e)
        {
            stderr.WriteLine($"exposure positions: {e.Message}");
            return Cli.UsageError;
        }
        catch (InvalidChainProfileException e)
        {
            stderr.WriteLine($"exposure positions: {e.Message}");
            return Cli.UsageError;
        }

        try
        {
            return await ReadAsync(profile, owner, block, a.Json, stdout, stderr, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            stderr.WriteLine("exposure positions: cancelled.");
            return 130;
        }
    }

    /// <summary>The chain id <paramref name="url"/> reports, or why it could not be had (within <see cref="ChainIdTimeout"/>).</summary>
    private static async Task<(ulong ChainId, string? Problem)> ChainIdOfAsync(Uri url, CancellationToken ct)
    {
        using var client = new JsonRpcHttpClient(url, ChainIdTimeout);
        try
        {
            return (await new EthClient(client).ChainIdAsync(ct).ConfigureAwait(false), null);
        }
        catch (RpcUnavailableException e)
        {
            return (0, e.Reason);
        }
        catch (Exception e) when (e is RpcErrorException or FormatException)
        {
            return (0, $"eth_chainId failed: {e.Message}");
        }
    }

    private static async Task<int> ReadAsync(ChainProfile profile, Address owner, BlockParameter block, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        // 1. Every endpoint must serve the profile's chain: a wrong chain id would read someone else's contracts. All are
        //    asked at once, so endpoints that never answer cost one timeout together, not one each.
        var urls = profile.RpcUrls.Select(u => new Uri(u)).ToList();
        var answers = await Task.WhenAll(urls.Select(url => ChainIdOfAsync(url, ct))).ConfigureAwait(false);
        var reachable = new List<Uri>();
        var unreachable = new List<string>();
        for (int i = 0; i < urls.Count; i++)
        {
            var (chainId, problem) = answers[i];
            var shown = EndpointRedactor.Redact(urls[i]);
            if (problem is not null)
            {
                unreachable.Add($"{shown} ({problem})");
                continue;
            }
            if (chainId != profile.ChainId)
            {
                stderr.WriteLine($"exposure positions: chain id mismatch: chain '{profile.Name}' has chainId {profile.ChainId}, but the node at {shown} reports {chainId}.");
                stderr.WriteLine("  Point --rpc at a node of that chain, or fix 'chainId' in the profile. Nothing was read.");
                return Cli.UsageError;
            }
            reachable.Add(urls[i]);
        }
        if (reachable.Count == 0)
        {
            stderr.WriteLine($"exposure positions: cannot reach the RPC node of chain '{profile.Name}': {string.Join("; ", unreachable)}.");
            stderr.WriteLine(profile.Name == DefaultChain
                ? "  Is the node running? The dev chain runs while the app does (dotnet run --project src/ExposureWeb), and gets a new port each start (the profile is rewritten then). Otherwise pass --rpc URL."
                : "  Check that the node is running and reachable from here, or pass --rpc URL.");
            return Unreachable;
        }
        foreach (var problem in unreachable) stderr.WriteLine($"exposure positions: warning: skipping unreachable endpoint {problem}.");

        using var transport = new FailoverRpcTransport(reachable, new RpcFailoverOptions { RequestTimeout = TimeSpan.FromSeconds(30), MaxRetries = 1 });
        var eth = new EthClient(transport);
        try
        {
            // 2. A block in the future would make every call fail; say so instead.
            ulong head = await eth.BlockNumberAsync(ct).ConfigureAwait(false);
            if (block.Number is { } requested && requested > head)
            {
                stderr.WriteLine($"exposure positions: --block {requested} is after the node's latest block {head}.");
                return Cli.UsageError;
            }

            // 3. The snapshot, pinned to one block.
            var reader = new PortfolioPositionsReader(profile, new PositionDiscoveryCache());
            var snapshot = await reader.ReadAsync(eth, [owner], block, ct).ConfigureAwait(false);
            var endpoints = reachable.Select(EndpointRedactor.Redact).ToList();
            if (json) PositionsOutput.WriteJson(stdout, profile, endpoints, block, snapshot);
            else PositionsOutput.WriteText(stdout, profile, endpoints, block, snapshot);
            return Cli.Ok;
        }
        catch (RpcUnavailableException e)
        {
            stderr.WriteLine($"exposure positions: the RPC node of chain '{profile.Name}' stopped answering: {e.Message}. Try again, or pass --rpc URL.");
            return Unreachable;
        }
        catch (Exception e) when (e is RpcErrorException or FormatException)
        {
            stderr.WriteLine($"exposure positions: the RPC node of chain '{profile.Name}' refused the read: {e.Message}.");
            return Unreachable;
        }
    }

    internal static bool TryParseBlock(string text, out ulong number)
    {
        number = 0;
        text = text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return text.Length > 2 && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number);
        }
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>
    /// <c>ADDRESS</c> and <c>--chain NAME | --chain-file FILE | --rpc URL | --block N</c> (also <c>--name=value</c>),
    /// flags <c>--json</c> and <c>-h/--help</c>.
    /// </summary>
    private static bool TryParse(string[] args, out Arguments parsed, out string? error)
    {
        string? address = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        bool json = false, help = false;
        parsed = new Arguments("", null, null, null, null, false, false);
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                help = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                if (address is not null)
                {
                    error = $"unexpected argument '{arg}' (one address only; see --help).";
                    return false;
                }
                address = arg;
                continue;
            }
            string name = arg[2..];
            string? value = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            switch (name)
            {
                case "json":
                    if (value is not null)
                    {
                        error = "--json takes no value.";
                        return false;
                    }
                    json = true;
                    continue;
                case "chain" or "chain-file" or "rpc" or "block":
                    if (value is null)
                    {
                        if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                        {
                            error = $"--{name} needs a value (see --help).";
                            return false;
                        }
                        value = args[++i];
                    }
                    if (!values.TryAdd(name, value))
                    {
                        error = $"--{name} given twice.";
                        return false;
                    }
                    continue;
                default:
                    error = $"unknown option --{name} (see --help).";
                    return false;
            }
        }
        if (help)
        {
            parsed = parsed with { Help = true };
            return true;
        }
        if (address is null)
        {
            error = "the address is required: exposure positions ADDRESS [--chain NAME | --chain-file FILE.json] [--rpc URL] [--block N] [--json].";
            return false;
        }
        if (values.ContainsKey("chain") && values.ContainsKey("chain-file"))
        {
            error = "give either --chain NAME or --chain-file FILE.json, not both.";
            return false;
        }
        parsed = new Arguments(address, values.GetValueOrDefault("chain"), values.GetValueOrDefault("chain-file"),
            values.GetValueOrDefault("rpc"), values.GetValueOrDefault("block"), json, false);
        return true;
    }
}
