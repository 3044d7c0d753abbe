using ExposureWeb.Cli.Bench;
using ExposureWeb.Cli.Commands;

namespace ExposureWeb.Cli;

/// <summary>
/// `exposure` entry point: a small hand-written argument parser (System.CommandLine is not in this machine's
/// package copy, and three commands do not need it). Every command runs in-process with its own writers
/// (<see cref="RunAsync"/>), so tests call it like the shell does.
/// </summary>
public static class Cli
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code for bad input data (a CSV row, a missing file).</summary>
    public const int DataError = 1;

    /// <summary>Exit code for a bad command line (also: an invalid address, chain, chain profile or block).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code when the chain's RPC node cannot be reached.</summary>
    public const int Unreachable = PositionsCommand.Unreachable;

    /// <summary>The text of <c>--help</c>.</summary>
    internal static string UsageText => Usage;

    private static readonly string Usage = UsageTemplate.Replace("{{SEARCH}}",
        string.Join(Environment.NewLine, ChainProfileLocator.SearchOrder.Split('\n').Select(l => new string(' ', 26) + l.TrimEnd('\r'))),
        StringComparison.Ordinal);

    private const string UsageTemplate = """
        usage: exposure <command> [options]

        commands:
          greeks --in FILE.csv --out FILE.csv
              Black-Scholes-Merton price and Greeks of every option in FILE.csv.
              Input header:  spot,strike,years,rate,carry,vol,type   (type C or P)
              Output header: price,delta,gamma,vega,theta,rho
              Units: vega per 1.00 vol, theta per year (calendar), rho per 1.00 rate.
              A bad row stops with its line number; no output file is written.
          bench [--quick]
              Single-threaded measurements, one `name value` line each:
              options_per_second, grid_10k_35_ms, recompute_1000x50_ms (and details).
              Run with -c Release.
          positions ADDRESS [--chain NAME | --chain-file FILE.json] [--rpc URL] [--block N] [--json]
              Every position of ADDRESS on one chain (spot, aave-v3, uniswap-v3, gmx-v2, opyn-gamma: the
              protocols of the chain profile), all read at one block: id, contract, underlyings, instrument,
              raw on-chain values, decoded values, markers, per-position errors; then prices and snapshot
              errors. The block used is printed.
              --chain NAME        chain profile by name (default: local, the app's dev chain). Searched in:
        {{SEARCH}}
              --chain-file FILE   a chain profile JSON file (the schema of an appsettings.json Chains entry).
              --rpc URL           use this RPC endpoint instead of the profile's rpcUrls.
              --block N           read at block N (decimal or 0x-hex); default the latest block.
              --json              one JSON document instead of text: chain, block, positions (protocol, id,
                                  owner, contract, block, underlyings, instrument {type, description}, raw,
                                  decoded, markers, error), prices (with issue), errors, cost.
              Exit codes: 0 read (positions may still carry errors), 2 bad address, chain, profile, block or
              chain id mismatch, 3 RPC node unreachable.

        options:
          -h, --help   this text
        """;

    /// <summary>Runs a command line; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr).GetAwaiter().GetResult();

    /// <summary>Runs a command line; returns the process exit code.</summary>
    /// <param name="args">The arguments, command first.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors and warnings go.</param>
    /// <param name="chainSearch">Where <c>positions --chain NAME</c> looks; <see cref="ChainSearch.Default"/> when null.</param>
    /// <param name="ct">Cancels a command that talks to a node.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, ChainSearch? chainSearch = null, CancellationToken ct = default)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? UsageError : Ok;
        }
        if (args[0] == "positions")
        {
            return await PositionsCommand.RunAsync(args[1..], stdout, stderr, chainSearch, ct).ConfigureAwait(false);
        }

        var options = ParseOptions(args.AsSpan(1), out string? error);
        if (error is null && options.ContainsKey("help"))
        {
            stdout.WriteLine(Usage);
            return Ok;
        }
        if (error is not null)
        {
            stderr.WriteLine($"exposure {args[0]}: {error}");
            return UsageError;
        }

        switch (args[0])
        {
            case "greeks":
                if (!Known(options, stderr, "greeks", "in", "out")) return UsageError;
                if (!options.TryGetValue("in", out var input) || input is null || !options.TryGetValue("out", out var output) || output is null)
                {
                    stderr.WriteLine("exposure greeks: --in FILE and --out FILE are required (see --help).");
                    return UsageError;
                }
                return GreeksCommand.Run(input, output, stderr);
            case "bench":
                if (!Known(options, stderr, "bench", "quick")) return UsageError;
                new BenchRunner(stdout, options.ContainsKey("quick")).Run();
                return Ok;
            default:
                stderr.WriteLine($"exposure: unknown command '{args[0]}' (see --help).");
                return UsageError;
        }
    }

    /// <summary>`--name value` pairs and bare `--flag`s; `-h` is `--help`.</summary>
    internal static Dictionary<string, string?> ParseOptions(ReadOnlySpan<string> args, out string? error)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "-h") a = "--help";
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
            {
                error = $"unexpected argument '{a}'.";
                return options;
            }
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            if (!options.TryAdd(name, value))
            {
                error = $"--{name} given twice.";
                return options;
            }
        }
        return options;
    }

    private static bool Known(Dictionary<string, string?> options, TextWriter stderr, string command, params string[] known)
    {
        foreach (var name in options.Keys)
        {
            if (Array.IndexOf(known, name) < 0)
            {
                stderr.WriteLine($"exposure {command}: unknown option --{name} (see --help).");
                return false;
            }
        }
        return true;
    }
}
