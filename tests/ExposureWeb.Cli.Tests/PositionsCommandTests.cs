using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Cli.Commands;
using ExposureWeb.DevChain.Deployment;

namespace ExposureWeb.Cli.Tests;

/// <summary>
/// `exposure positions` in-process against a real anvil with the demo deployed: what it prints, what it reads at an
/// older block, and the exit codes of bad input. Tests of this class run one after another on one chain; the one
/// that changes state reverts it.
/// </summary>
public sealed class PositionsCommandTests(DemoChainFixture chain) : IClassFixture<DemoChainFixture>
{
    private static readonly string[] EveryProtocol = ["spot", "aave-v3", "uniswap-v3", "gmx-v2", "opyn-gamma"];

    // DemoMarket: the trader's GMX long is 30 000 USD (30 decimals) and 12.5 WETH are in the wallet.
    private const string GmxSizeInUsd = "30000000000000000000000000000000000";
    private const string TraderWeth = "12500000000000000000";

    private static async Task<(int Code, string Out, string Err)> RunAsync(ChainSearch? search, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await ExposureWeb.Cli.Cli.RunAsync(args, stdout, stderr, search);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunAsync(new ChainSearch(chain.Directory, chain.Directory), args);

    /// <summary>A directory to search for --chain NAME that is not under the repository (so only what the test puts there is found).</summary>
    private static ChainSearch IsolatedSearch(out string dir)
    {
        dir = Directory.CreateTempSubdirectory("exposure-cli-search-").FullName;
        return new ChainSearch(dir, dir);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static JsonElement Position(JsonDocument doc, string protocol, Func<JsonElement, bool>? where = null) =>
        Assert.Single(doc.RootElement.GetProperty("positions").EnumerateArray(),
            p => p.GetProperty("protocol").GetString() == protocol && (where?.Invoke(p) ?? true));

    private static string Weth(JsonDocument doc) =>
        Position(doc, "spot", p => p.GetProperty("instrument").GetProperty("description").GetString()!.EndsWith(" WETH", StringComparison.Ordinal))
            .GetProperty("raw").GetProperty("balance").GetString()!;

    // ------------------------------------------------------------------ reading

    [Fact]
    public async Task Positions_DemoTrader_EveryProtocolWithRawDecodedAndUnderlyings()
    {
        ulong head = await chain.Eth.BlockNumberAsync();

        var (code, stdout, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", chain.ProfileFile);

        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        Assert.Contains($"block      {head} (latest)", stdout, StringComparison.Ordinal);
        foreach (var protocol in EveryProtocol) Assert.Contains($"  [{protocol}] {protocol}:local:", stdout, StringComparison.Ordinal);
        Assert.Matches(@"numbers\.sizeInUsd\s+" + GmxSizeInUsd + @"\r?\n", stdout);
        Assert.Matches(@"balance\s+" + TraderWeth + @"\r?\n", stdout);
        Assert.Contains("instrument   PerpPosition: GMX v2 long 10 ETH @ 3000", stdout, StringComparison.Ordinal);
        Assert.Contains("underlyings  ETH, LINK, BTC, USDC", stdout, StringComparison.Ordinal); // the Aave account
        Assert.Matches(@"decoded\r?\n\s+sizeInUsd\s+30000\r?\n", stdout);
        Assert.Contains("markers      expired", stdout, StringComparison.Ordinal); // the oToken past its expiry
        Assert.Contains("snapshot errors (0)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_Json_OneDocumentWithEveryField()
    {
        var (code, stdout, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", chain.ProfileFile, "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("local", root.GetProperty("chain").GetString());
        Assert.Equal(31337UL, root.GetProperty("chainId").GetUInt64());
        Assert.Equal("latest", root.GetProperty("blockRequested").GetString());
        ulong block = root.GetProperty("block").GetUInt64();
        Assert.True(block > 0);
        Assert.Equal(EveryProtocol, root.GetProperty("positions").EnumerateArray().Select(p => p.GetProperty("protocol").GetString()).Distinct());
        foreach (var p in root.GetProperty("positions").EnumerateArray())
        {
            Assert.StartsWith(p.GetProperty("protocol").GetString() + ":local:", p.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal(DemoMarket.Trader, p.GetProperty("owner").GetString());
            Assert.True(Address.TryParse(p.GetProperty("contract").GetString(), out _));
            Assert.Equal(block, p.GetProperty("block").GetUInt64());
            Assert.NotEqual(0, p.GetProperty("underlyings").GetArrayLength());
            Assert.False(string.IsNullOrEmpty(p.GetProperty("instrument").GetProperty("type").GetString()));
            Assert.False(string.IsNullOrEmpty(p.GetProperty("instrument").GetProperty("description").GetString()));
            Assert.Equal(JsonValueKind.Object, p.GetProperty("raw").ValueKind);
            Assert.NotEmpty(p.GetProperty("raw").EnumerateObject());
            Assert.Equal(JsonValueKind.Object, p.GetProperty("decoded").ValueKind);
            Assert.Equal(JsonValueKind.Array, p.GetProperty("markers").ValueKind);
            Assert.Equal(JsonValueKind.Null, p.GetProperty("error").ValueKind);
        }

        var gmx = Position(doc, "gmx-v2");
        Assert.Equal(GmxSizeInUsd, gmx.GetProperty("raw").GetProperty("numbers.sizeInUsd").GetString());
        Assert.Equal(30_000, gmx.GetProperty("decoded").GetProperty("sizeInUsd").GetDouble());
        Assert.Equal("PerpPosition", gmx.GetProperty("instrument").GetProperty("type").GetString());
        Assert.Equal(["ETH"], gmx.GetProperty("underlyings").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(TraderWeth, Weth(doc));
        var aave = Position(doc, "aave-v3");
        Assert.Equal(["frozen-reserve:LINK"], aave.GetProperty("markers").EnumerateArray().Select(m => m.GetString()));

        var eth = root.GetProperty("prices").GetProperty("ETH");
        Assert.Equal(3000, eth.GetProperty("priceUsd").GetDouble());
        Assert.Equal(JsonValueKind.Null, eth.GetProperty("issue").ValueKind);
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        Assert.True(root.GetProperty("cost").GetProperty("roundTrips").GetInt32() >= 1);
        Assert.True(root.GetProperty("cost").GetProperty("calls").GetInt32() > 0);
    }

    [Fact]
    public async Task Positions_BlockBeforeATransfer_ReadsTheOldBalance()
    {
        string snapshot = await chain.SnapshotAsync();
        try
        {
            ulong before = await chain.Eth.BlockNumberAsync();
            await chain.TransferAsync(chain.Token("WETH"), DemoChain.Trader, DemoChain.Spare, BigInteger.Pow(10, 18));

            var (code, stdout, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", chain.ProfileFile, "--block", before.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
            Assert.True(code == 0, stderr);
            using (var old = JsonDocument.Parse(stdout))
            {
                Assert.Equal(before, old.RootElement.GetProperty("block").GetUInt64());
                Assert.Equal(before, old.RootElement.GetProperty("blockRequested").GetUInt64());
                Assert.Equal(TraderWeth, Weth(old)); // 12.5 WETH, before the transfer
                Assert.Equal(0, old.RootElement.GetProperty("errors").GetArrayLength());
            }

            (code, stdout, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", chain.ProfileFile, "--json");
            Assert.True(code == 0, stderr);
            using var latest = JsonDocument.Parse(stdout);
            Assert.True(latest.RootElement.GetProperty("block").GetUInt64() > before);
            Assert.Equal("11500000000000000000", Weth(latest)); // 12.5 − 1 WETH

            // The text form says which block it used.
            (code, stdout, _) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", chain.ProfileFile, "--block", $"0x{before:x}");
            Assert.Equal(0, code);
            Assert.Contains($"block      {before} (as requested)", stdout, StringComparison.Ordinal);
        }
        finally
        {
            await chain.RevertAsync(snapshot);
        }
    }

    [Fact]
    public async Task Positions_ChainNameInAppSettings_ReadsThatProfile()
    {
        var search = IsolatedSearch(out var dir);
        try
        {
            var profile = chain.ProfileJson();
            profile["name"] = "demo";
            File.WriteAllText(Path.Combine(dir, "appsettings.json"), new JsonObject { ["Chains"] = new JsonArray(profile) }.ToJsonString());

            var (code, stdout, stderr) = await RunAsync(search, "positions", DemoMarket.Trader, "--chain", "demo");

            Assert.True(code == 0, stderr);
            Assert.StartsWith("chain      demo (chain id 31337)", stdout, StringComparison.Ordinal);
            Assert.Contains("  [gmx-v2] gmx-v2:demo:", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Positions_DevChainProfileInDataDirectory_FoundByName()
    {
        var search = IsolatedSearch(out var dir);
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "data", "devchain"));
            File.Copy(chain.ProfileFile, Path.Combine(dir, "data", "devchain", "local.json"));

            // No --chain: the default is the dev chain's profile, "local".
            var (code, stdout, stderr) = await RunAsync(search, "positions", DemoMarket.Trader);

            Assert.True(code == 0, stderr);
            Assert.StartsWith("chain      local (chain id 31337)", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Positions_RpcOverride_ReplacesTheProfilesUrls()
    {
        var profile = chain.ProfileJson();
        profile["rpcUrls"] = new JsonArray($"http://127.0.0.1:{ClosedPort()}/");
        var file = chain.WriteFile("dead-rpc.json", profile.ToJsonString());

        var (code, _, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", file, "--rpc", chain.Anvil.RpcUrl.ToString());

        Assert.True(code == 0, stderr);
    }

    [Fact]
    public async Task Positions_TwoBlackHoleUrlsBeforeTheNode_AnswersWithinOneChainIdTimeout()
    {
        // Endpoints that accept connections and never answer (an overloaded provider): asked one after another they
        // would cost 5 s each; asked together, one 5 s timeout for both, then the live node serves the read.
        using var first = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        using var second = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        var profile = chain.ProfileJson();
        profile["rpcUrls"] = new JsonArray(
            $"http://127.0.0.1:{((System.Net.IPEndPoint)first.LocalEndpoint).Port}/",
            $"http://127.0.0.1:{((System.Net.IPEndPoint)second.LocalEndpoint).Port}/",
            chain.Anvil.RpcUrl.ToString());
        var file = chain.WriteFile("black-holes.json", profile.ToJsonString());

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", file);
        watch.Stop();

        Assert.True(code == 0, stderr);
        Assert.Equal(2, stderr.Split('\n').Count(l => l.Contains("warning: skipping unreachable endpoint", StringComparison.Ordinal)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5 + 3), $"took {watch.Elapsed.TotalSeconds:0.0} s; two sequential timeouts alone are 10 s");
    }

    // ------------------------------------------------------------------ bad input

    [Theory]
    [InlineData("0x1234", Address.FormatError)]
    [InlineData("70997970C51812dc3A010C7d01b50e0d17dc79C8", Address.FormatError)]
    [InlineData("0x70997970c51812dc3A010C7d01b50e0d17dc79C8", Address.ChecksumError)] // one letter's case changed
    public async Task Positions_InvalidAddress_Exit2WithTheParsersMessage(string address, string message)
    {
        var (code, stdout, stderr) = await RunAsync("positions", address, "--chain-file", chain.ProfileFile);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains($"'{address}' is not a valid address: {message}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_UnknownChain_Exit2ListingTheKnownNames()
    {
        var search = IsolatedSearch(out var dir);
        try
        {
            var profile = chain.ProfileJson();
            profile["name"] = "mainnet-ish";
            File.WriteAllText(Path.Combine(dir, "appsettings.json"), new JsonObject { ["Chains"] = new JsonArray(profile) }.ToJsonString());
            Directory.CreateDirectory(Path.Combine(dir, "data", "devchain"));
            File.Copy(chain.ProfileFile, Path.Combine(dir, "data", "devchain", "local.json"));

            var (code, stdout, stderr) = await RunAsync(search, "positions", DemoMarket.Trader, "--chain", "nosuchchain");

            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.Contains("unknown chain 'nosuchchain'; known chains: mainnet-ish (", stderr, StringComparison.Ordinal);
            Assert.Contains(", local (", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Positions_ClosedRpcPort_Exit3NamingTheRedactedUrl()
    {
        int port = ClosedPort();

        var (code, stdout, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", chain.ProfileFile,
            "--rpc", $"http://user:secret@127.0.0.1:{port}/?key=secret");

        Assert.Equal(3, code);
        Assert.Equal("", stdout);
        Assert.Contains($"cannot reach the RPC node of chain 'local': http://***@127.0.0.1:{port}/?***", stderr, StringComparison.Ordinal);
        Assert.Contains("--rpc URL", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_ChainFileWithUnknownKey_Exit2NamingTheKey()
    {
        var profile = chain.ProfileJson();
        profile["aaveV4"] = new JsonObject { ["pool"] = "0x0000000000000000000000000000000000000001" };
        var file = chain.WriteFile("typo.json", profile.ToJsonString());

        var (code, stdout, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", file);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("aaveV4", stderr, StringComparison.Ordinal);
        Assert.Contains(file, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_ChainFileWithBadAddress_Exit2NamingTheField()
    {
        var profile = chain.ProfileJson();
        profile["multicall3"] = "0x1234";
        var file = chain.WriteFile("bad-multicall.json", profile.ToJsonString());

        var (code, _, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", file);

        Assert.Equal(2, code);
        Assert.Contains("'multicall3' 0x1234", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_MissingChainFile_Exit2()
    {
        var (code, _, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", Path.Combine(chain.Directory, "absent.json"));

        Assert.Equal(2, code);
        Assert.Contains("cannot read chain file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_ChainIdMismatch_Exit2BeforeReading()
    {
        var profile = chain.ProfileJson();
        profile["chainId"] = 1;
        var file = chain.WriteFile("mainnet-id.json", profile.ToJsonString());

        var (code, stdout, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", file);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("chain id mismatch: chain 'local' has chainId 1, but the node at", stderr, StringComparison.Ordinal);
        Assert.Contains("reports 31337", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("0x")]
    public async Task Positions_BlockNotANumber_Exit2(string block)
    {
        var (code, _, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", chain.ProfileFile, $"--block={block}");

        Assert.Equal(2, code);
        Assert.Contains($"--block '{block}' is not a block number", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_BlockAfterTheHead_Exit2()
    {
        var (code, _, stderr) = await RunAsync("positions", DemoMarket.Trader, "--chain-file", chain.ProfileFile, "--block", "99999999");

        Assert.Equal(2, code);
        Assert.Contains("--block 99999999 is after the node's latest block", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("positions")]
    [InlineData("positions", "--json")]
    [InlineData("positions", DemoMarket.Trader, "--chain", "a", "--chain-file", "b.json")]
    [InlineData("positions", DemoMarket.Trader, "--frobnicate")]
    [InlineData("positions", DemoMarket.Trader, DemoChain.SpareAccount)]
    [InlineData("positions", DemoMarket.Trader, "--block")]
    [InlineData("positions", DemoMarket.Trader, "--rpc", "ws://127.0.0.1:8545")]
    public async Task Positions_BadCommandLine_Exit2(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("exposure positions: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_Help_PrintsTheChainSearchOrder()
    {
        var (code, stdout, _) = await RunAsync("positions", "--help");

        Assert.Equal(0, code);
        Assert.Contains("positions ADDRESS [--chain NAME | --chain-file FILE.json] [--rpc URL] [--block N] [--json]", stdout, StringComparison.Ordinal);
        Assert.Contains("src/ExposureWeb/bin/*/net10.0/data/devchain/NAME.json", stdout, StringComparison.Ordinal);
    }
}
