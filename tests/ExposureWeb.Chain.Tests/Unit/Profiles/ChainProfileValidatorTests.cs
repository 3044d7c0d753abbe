using ExposureWeb.Chain.Profiles;

namespace ExposureWeb.Chain.Tests.Unit.Profiles;

public class ChainProfileValidatorTests
{
    private const string A1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string A2 = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private const string A3 = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

    private static ChainProfile Valid() => new()
    {
        Name = "local",
        ChainId = 31337,
        RpcUrls = ["http://127.0.0.1:8545"],
        WsUrl = "ws://127.0.0.1:8545",
        Multicall3 = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        Tokens = [new TokenProfile { Symbol = "WETH", Address = A1, Decimals = 18, Underlying = "ETH" }],
        PriceFeeds = [new PriceFeedProfile { Underlying = "ETH", Address = A2, HeartbeatSeconds = 3600 }],
    };

    [Fact]
    public void Validate_ValidProfile_NoErrors()
    {
        Assert.Empty(ChainProfileValidator.Validate(Valid()));
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneAtOnce()
    {
        var profile = new ChainProfile
        {
            Name = "",
            ChainId = 0,
            RpcUrls = ["ftp://x"],
            WsUrl = "http://127.0.0.1:8545",
            Multicall3 = null,
            Tokens =
            [
                new TokenProfile { Symbol = "WETH", Address = A1, Decimals = 18, Underlying = "ETH" },
                new TokenProfile { Symbol = "weth", Address = "0x12", Decimals = 78, Underlying = "" },
            ],
            PriceFeeds =
            [
                new PriceFeedProfile { Underlying = "ETH", Address = A2, HeartbeatSeconds = 0 },
                new PriceFeedProfile { Underlying = "eth", Address = A3, HeartbeatSeconds = 60 },
            ],
        };

        var errors = ChainProfileValidator.Validate(profile);

        Assert.Equal(
            [
                "chain profile: 'name' is required",
                "chain profile: 'chainId' is required and must be positive",
                "chain profile: rpcUrls[0] is not an absolute http(s) URL",
                "chain profile: 'wsUrl' is not an absolute ws(s) URL",
                "chain profile: 'multicall3' is required",
                "chain profile: tokens[1].symbol 'weth' appears twice",
                "chain profile: tokens[1].underlying is required",
                "chain profile: tokens[1].decimals must be between 0 and 77",
                "chain profile: 'tokens[1].address' 0x12: expected 0x followed by 40 hex characters",
                "chain profile: priceFeeds[0].heartbeatSeconds must be positive",
                "chain profile: priceFeeds[1]: a second feed for 'eth'",
            ],
            errors);
    }

    [Fact]
    public void Validate_NamedChain_MessagesNameTheChain()
    {
        var profile = Valid();
        profile.RpcUrls.Clear();
        profile.ChainId = 0;

        var errors = ChainProfileValidator.Validate(profile);

        Assert.Equal(["chain 'local': 'chainId' is required and must be positive", "chain 'local': 'rpcUrls' needs at least one http(s) URL"], errors);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(77, true)]
    [InlineData(-1, false)]
    [InlineData(78, false)]
    public void Validate_TokenDecimals_BetweenZeroAndSeventySevenAccepted(int decimals, bool valid)
    {
        var profile = Valid();
        profile.Tokens[0].Decimals = decimals;

        var errors = ChainProfileValidator.Validate(profile);

        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void Validate_ProtocolSectionsWithBadAddresses_EachFieldNamed()
    {
        var profile = Valid();
        profile.AaveV3 = new AaveV3Profile { Pool = "" };
        profile.UniswapV3 = new UniswapV3Profile { Factory = A1, PositionManager = A1.ToLowerInvariant().Replace("0x7", "0x8", StringComparison.Ordinal) };
        profile.GmxV2 = new GmxV2Profile { Reader = A1, DataStore = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293BC" };
        profile.OTokens = [A3, "nope"];

        var errors = ChainProfileValidator.Validate(profile);

        Assert.Equal(
            [
                "chain 'local': 'aaveV3.pool' is required",
                "chain 'local': 'gmxV2.dataStore' 0x3c44cdddb6a900fa2b585dd299e03d12fa4293BC: checksum mismatch (EIP-55)",
                "chain 'local': 'oTokens[1]' nope: expected 0x followed by 40 hex characters",
            ],
            errors);
    }

    [Fact]
    public void Validate_GovernanceSectionWithBadAddresses_EachFieldNamed()
    {
        var profile = Valid();
        profile.Governance = new GovernanceProfile { Governor = A1, Timelock = "", Token = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293BC" };

        var errors = ChainProfileValidator.Validate(profile);

        Assert.Equal(
            [
                "chain 'local': 'governance.timelock' is required",
                "chain 'local': 'governance.token' 0x3c44cdddb6a900fa2b585dd299e03d12fa4293BC: checksum mismatch (EIP-55)",
            ],
            errors);
    }

    [Fact]
    public void Register_InvalidProfile_ThrowsAndRegistersNothing()
    {
        var registry = new ChainRegistry();
        var profile = Valid();
        profile.Multicall3 = "0x5fbdb2315678afecb367f032d93F642f64180aa3";

        var error = Assert.Throws<InvalidChainProfileException>(() => registry.Register(profile));

        Assert.Contains("'multicall3'", Assert.Single(error.Errors), StringComparison.Ordinal);
        Assert.Empty(registry.All);
    }

    [Fact]
    public void Register_ValidProfile_FindableByNameIgnoringCaseAndListenersTold()
    {
        var registry = new ChainRegistry();
        var told = new List<string>();
        registry.Registered += p => told.Add(p.Name);

        registry.Register(Valid());

        Assert.True(registry.TryGet("LOCAL", out var found));
        Assert.Equal(31337UL, found.ChainId);
        Assert.Equal(["local"], told);
    }
}
