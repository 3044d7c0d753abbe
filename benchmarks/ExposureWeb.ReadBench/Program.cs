using System.Diagnostics;
using System.Globalization;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Testing;

// Reads N three-address portfolios (demo trader, treasury and a third wallet seeded with every position kind) from a
// loopback anvil with the demo deployed, through PortfolioPositionsReader with a warm discovery cache, and prints
// machine-readable "name value" lines:
//   cold_read_round_trips, steady_read_round_trips  (one portfolio, counted by a transport decorator)
//   calls_per_portfolio, positions_per_portfolio
//   read_<N>_portfolios_ms                           one ReadAsync per portfolio, one after the other (median of --repeat runs)
//   read_<N>_portfolios_round_trips                  JSON-RPC round trips of one such run
//   read_<N>_portfolios_batched_ms                   one ReadManyAsync of all N (every round of all portfolios together)
//   read_<N>_portfolios_batched_rounds               round trips one after the other (1 in the steady state)
//   read_<N>_portfolios_batched_http_batches         concurrent JSON-RPC batches those rounds were split into
// followed by a comment line with every run's time. Timings depend on the machine's load: 2 cores shared with anvil.
// Usage: dotnet run -c Release --project benchmarks/ExposureWeb.ReadBench [-- --portfolios 100 --repeat 5]
//        dotnet run -c Release --project benchmarks/ExposureWeb.ReadBench -- engine [--portfolios 1000 --blocks 20]
//        (the real engine on N portfolios: see EngineCommand)
//        dotnet run -c Release --project benchmarks/ExposureWeb.ReadBench -- alerts [--portfolios 1000 --rules-per-portfolio 10 --blocks 30]
//        (the alert evaluation alone on synthetic snapshots: see AlertsCommand)

if (args.Length > 0 && args[0] == "alerts")
{
    int alertPortfolios = 1000, rulesPerPortfolio = 10, alertBlocks = 30;
    for (int i = 1; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--portfolios": alertPortfolios = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            case "--rules-per-portfolio": rulesPerPortfolio = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            case "--blocks": alertBlocks = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            default:
                Console.Error.WriteLine($"unknown argument {args[i]}; usage: alerts [--portfolios N] [--rules-per-portfolio R] [--blocks B]");
                return 2;
        }
    }
    return await ExposureWeb.ReadBench.AlertsCommand.RunAsync(alertPortfolios, rulesPerPortfolio, alertBlocks);
}

bool engineCommand = args.Length > 0 && args[0] == "engine";
int portfolios = engineCommand ? 1000 : 100, repeat = 5, blocks = 20;
for (int i = engineCommand ? 1 : 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--portfolios": portfolios = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeat" when !engineCommand: repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--blocks" when engineCommand: blocks = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}; usage: [--portfolios N] [--repeat R] | engine [--portfolios N] [--blocks B]");
            return 2;
    }
}
if (engineCommand) return await ExposureWeb.ReadBench.EngineCommand.RunAsync(portfolios, blocks);

using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
await using var anvil = await AnvilProcess.StartOnFreePortAsync(AnvilLocator.Find(null, AppContext.BaseDirectory, Environment.CurrentDirectory), statePath: null, limit.Token);
using var rpc = new JsonRpcHttpClient(anvil.RpcUrl, TimeSpan.FromSeconds(30));
var setup = new EthClient(rpc);
var profile = await new DemoDeployer(DevChainWeb3.Create(rpc)).DeployAsync("local", anvil.RpcUrl, anvil.WsUrl, limit.Token);
await ThirdWallet.SeedAsync(setup, profile, limit.Token);

var counting = new CountingTransport(rpc);
var eth = new EthClient(counting);
var reader = new PortfolioPositionsReader(profile, new PositionDiscoveryCache());
IReadOnlyList<Address> owners = [Address.Parse(DemoMarket.Trader), Address.Parse(DemoMarket.Treasury), ThirdWallet.Address];

var cold = await reader.ReadAsync(eth, owners, BlockParameter.Latest, limit.Token);
Print("cold_read_round_trips", counting.RoundTrips);
var failed = cold.Positions.Where(p => p.Error is not null).Select(p => $"{p.Id}: {p.Error}").Concat(cold.Errors).ToList();
if (failed.Count > 0)
{
    Console.Error.WriteLine("the demo portfolio did not read cleanly:\n  " + string.Join("\n  ", failed));
    return 1;
}

// Warm up the JIT and the connection pool before timing.
for (int i = 0; i < 20; i++) await reader.ReadAsync(eth, owners, BlockParameter.Latest, limit.Token);
counting.Reset();
var steady = await reader.ReadAsync(eth, owners, BlockParameter.Latest, limit.Token);
Print("steady_read_round_trips", counting.RoundTrips);
Print("calls_per_portfolio", steady.Cost.Calls);
Print("positions_per_portfolio", steady.Positions.Count);

var sequential = new List<double>();
int sequentialTrips = 0;
for (int r = 0; r < repeat; r++)
{
    counting.Reset();
    var clock = Stopwatch.StartNew();
    for (int p = 0; p < portfolios; p++) await reader.ReadAsync(eth, owners, BlockParameter.Latest, limit.Token);
    sequential.Add(clock.Elapsed.TotalMilliseconds);
    sequentialTrips = counting.RoundTrips;
}

var batched = new List<double>();
int batchedRounds = 0, batchedHttp = 0;
var group = Enumerable.Repeat(owners, portfolios).ToList();
await reader.ReadManyAsync(eth, group, BlockParameter.Latest, limit.Token);
for (int r = 0; r < repeat; r++)
{
    counting.Reset();
    var clock = Stopwatch.StartNew();
    var read = await reader.ReadManyAsync(eth, group, BlockParameter.Latest, limit.Token);
    batched.Add(clock.Elapsed.TotalMilliseconds);
    (batchedRounds, batchedHttp) = (read[0].Cost.RoundTrips, counting.RoundTrips);
}

Print($"read_{portfolios}_portfolios_ms", Median(sequential));
Print($"read_{portfolios}_portfolios_round_trips", sequentialTrips);
Print($"read_{portfolios}_portfolios_batched_ms", Median(batched));
Print($"read_{portfolios}_portfolios_batched_rounds", batchedRounds);
Print($"read_{portfolios}_portfolios_batched_http_batches", batchedHttp);
Console.WriteLine($"# runs (ms): sequential [{string.Join(", ", sequential.Select(Ms))}] min {Ms(sequential.Min())}, " +
    $"batched [{string.Join(", ", batched.Select(Ms))}] min {Ms(batched.Min())}");
return 0;

static void Print(string name, double value) => Console.WriteLine($"{name} {Ms(value)}");

static string Ms(double value) => Math.Round(value).ToString(CultureInfo.InvariantCulture);

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
