using ExposureWeb.Chain.Profiles;

namespace ExposureWeb.Chain.Tests.Unit.Profiles;

public class ChainProfileFileTests
{
    // anvil's first deployment address and dev account #1, both in EIP-55 form.
    private const string Multicall = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private const string Token = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    private static string Json(string extra = "", string rpcUrls = "[\"http://127.0.0.1:8545\"]", string tokenAddress = Token) => $$"""
        {
          "name": "local",
          "chainId": 31337,
          "rpcUrls": {{rpcUrls}},
          "multicall3": "{{Multicall}}",
          "tokens": [ { "symbol": "WETH", "address": "{{tokenAddress}}", "decimals": 18, "underlying": "ETH" } ]{{extra}}
        }
        """;

    [Fact]
    public void Parse_MinimalValidProfile_ReadsEveryField()
    {
        var profile = ChainProfileFile.Parse(Json(), "test.json");

        Assert.Equal("local", profile.Name);
        Assert.Equal(31337UL, profile.ChainId);
        Assert.Equal(["http://127.0.0.1:8545"], profile.RpcUrls);
        Assert.Equal(Multicall, profile.Multicall3);
        var token = Assert.Single(profile.Tokens);
        Assert.Equal(("WETH", Token, 18, "ETH"), (token.Symbol, token.Address, token.Decimals, token.Underlying));
        // Defaults: no native currency section means ETH with 18 decimals.
        Assert.Equal(("ETH", "ETH", 18), (profile.Native.Symbol, profile.Native.Underlying, profile.Native.Decimals));
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_ThrowsNamingTheKey()
    {
        var error = Assert.Throws<InvalidChainProfileException>(() => ChainProfileFile.Parse(Json(",\n  \"multical3\": \"0x00\""), "typo.json"));

        Assert.Contains("'multical3'", error.Message, StringComparison.Ordinal);
        Assert.Contains("typo.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKeyInsideToken_ThrowsNamingTheKey()
    {
        var json = Json().Replace("\"decimals\": 18", "\"decimal\": 18", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidChainProfileException>(() => ChainProfileFile.Parse(json, "typo.json"));

        Assert.Contains("'decimal'", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeysInPascalCase_AcceptedCaseInsensitively()
    {
        var json = Json().Replace("\"chainId\"", "\"ChainId\"", StringComparison.Ordinal).Replace("\"name\"", "\"NAME\"", StringComparison.Ordinal);

        var profile = ChainProfileFile.Parse(json, "case.json");

        Assert.Equal(31337UL, profile.ChainId);
        Assert.Equal("local", profile.Name);
    }

    [Fact]
    public void Parse_MixedCaseAddressWithWrongChecksum_ThrowsNamingFieldAndChecksum()
    {
        // Token with one letter's case flipped (…dc79C8 → …dc79c8): mixed case, so it must match EIP-55, and does not.
        const string bad = "0x70997970C51812dc3A010C7d01b50e0d17dc79c8";

        var error = Assert.Throws<InvalidChainProfileException>(() => ChainProfileFile.Parse(Json(tokenAddress: bad), "bad.json"));

        Assert.Equal([$"chain 'local': 'tokens[0].address' {bad}: checksum mismatch (EIP-55)"], error.Errors);
    }

    [Theory]
    [InlineData("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")] // all lower: no checksum to check
    [InlineData("0x70997970C51812DC3A010C7D01B50E0D17DC79C8")] // all upper hex digits
    public void Parse_SingleCaseAddress_Accepted(string address)
    {
        var profile = ChainProfileFile.Parse(Json(tokenAddress: address), "ok.json");

        Assert.Equal(address, profile.Tokens[0].Address);
    }

    [Theory]
    [InlineData("0x1234")]
    [InlineData("70997970C51812dc3A010C7d01b50e0d17dc79C8")]
    [InlineData("0x70997970C51812dc3A010C7d01b50e0d17dc79CZ")]
    public void Parse_MalformedAddress_ThrowsNamingFieldAndFormat(string address)
    {
        var error = Assert.Throws<InvalidChainProfileException>(() => ChainProfileFile.Parse(Json(tokenAddress: address), "bad.json"));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith($"chain 'local': 'tokens[0].address' {address}:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RpcUrlsMissing_ThrowsNeedsAtLeastOneUrl()
    {
        var json = Json().Replace("\"rpcUrls\": [\"http://127.0.0.1:8545\"],", "", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidChainProfileException>(() => ChainProfileFile.Parse(json, "norpc.json"));

        Assert.Equal(["chain 'local': 'rpcUrls' needs at least one http(s) URL"], error.Errors);
    }

    [Fact]
    public void Parse_RpcUrlsEmpty_ThrowsNeedsAtLeastOneUrl()
    {
        var error = Assert.Throws<InvalidChainProfileException>(() => ChainProfileFile.Parse(Json(rpcUrls: "[]"), "norpc.json"));

        Assert.Equal(["chain 'local': 'rpcUrls' needs at least one http(s) URL"], error.Errors);
    }

    [Fact]
    public void Parse_RpcUrlWebSocket_ThrowsNamingTheIndex()
    {
        var error = Assert.Throws<InvalidChainProfileException>(() =>
            ChainProfileFile.Parse(Json(rpcUrls: "[\"https://rpc.example\", \"ws://127.0.0.1:8545\"]"), "ws.json"));

        Assert.Equal(["chain 'local': rpcUrls[1] is not an absolute http(s) URL"], error.Errors);
    }

    [Theory]
    [InlineData("null", "the file holds no JSON object")]
    [InlineData("{ \"name\": ", "")]
    [InlineData("{ \"chainId\": \"one\" }", "")]
    public void Parse_NotAProfileObject_ThrowsInvalidChainProfile(string json, string expected)
    {
        var error = Assert.Throws<InvalidChainProfileException>(() => ChainProfileFile.Parse(json, "broken.json"));

        Assert.Single(error.Errors);
        Assert.Contains(expected, error.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Invalid chain profile in broken.json:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsEveryField()
    {
        var profile = new ChainProfile
        {
            Name = "mainnet",
            ChainId = 1,
            RpcUrls = ["https://eth.example/v1", "http://backup.example:8545"],
            WsUrl = "wss://eth.example/ws",
            Multicall3 = "0xcA11bde05977b3631167028862bE2a173976CA11",
            NativeCurrency = new NativeCurrencyProfile { Symbol = "xDAI", Underlying = "DAI", Decimals = 18 },
            Tokens =
            [
                new TokenProfile { Symbol = "USDC", Address = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", Decimals = 6, Underlying = "USDC" },
                new TokenProfile { Symbol = "WBTC", Address = "0x2260fac5e5542a773aa44fbcfedf7c193bc2c599", Decimals = 8, Underlying = "BTC" },
            ],
            PriceFeeds = [new PriceFeedProfile { Underlying = "ETH", Address = "0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419", HeartbeatSeconds = 3600 }],
            AaveV3 = new AaveV3Profile { Pool = "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2" },
            UniswapV3 = new UniswapV3Profile { Factory = "0x1F98431c8aD98523631AE4a59f267346ea31F984", PositionManager = "0xC36442b4a4522E871399CD717aBDD847Ab11FE88" },
            GmxV2 = new GmxV2Profile { Reader = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", DataStore = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" },
            OTokens = ["0x90F79bf6EB2c4f870365E785982E1f101E93b906"],
        };
        Assert.Empty(ChainProfileValidator.Validate(profile));
        var dir = Directory.CreateTempSubdirectory("exposure-profile-");
        try
        {
            var path = Path.Combine(dir.FullName, "nested", "mainnet.json");

            ChainProfileFile.Save(profile, path);
            var loaded = ChainProfileFile.Load(path);

            Assert.Equal(ChainProfileFile.Serialize(profile), ChainProfileFile.Serialize(loaded));
            Assert.Equal(["https://eth.example/v1", "http://backup.example:8545"], loaded.RpcUrls);
            Assert.Equal("xDAI", loaded.Native.Symbol);
            Assert.Equal(8, loaded.Tokens[1].Decimals);
            Assert.Equal("0xC36442b4a4522E871399CD717aBDD847Ab11FE88", loaded.UniswapV3!.PositionManager);
            Assert.Equal(["mainnet.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Serialize_NullSections_AreLeftOutAndKeysAreCamelCase()
    {
        var json = ChainProfileFile.Serialize(ChainProfileFile.Parse(Json(), "t.json"));

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("wsUrl", json, StringComparison.Ordinal);
        Assert.Contains("\"chainId\": 31337", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_OverExistingFile_ReplacesIt()
    {
        var dir = Directory.CreateTempSubdirectory("exposure-profile-");
        try
        {
            var path = Path.Combine(dir.FullName, "local.json");
            var profile = ChainProfileFile.Parse(Json(), "t.json");
            ChainProfileFile.Save(profile, path);
            profile.ChainId = 5;

            ChainProfileFile.Save(profile, path);

            Assert.Equal(5UL, ChainProfileFile.Load(path).ChainId);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
