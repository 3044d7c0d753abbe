using System.Text;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Protocols.Eip1271;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.Chain.Protocols.Opyn;
using ExposureWeb.Chain.Protocols.UniswapV3;
using Nethereum.Contracts;
using Nethereum.Contracts.QueryHandlers.MultiCall;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>
/// Vectors/selectors.json (ethers): the selector of each typed message and the topic of each event DTO, as
/// Nethereum computes them from the attributes, equal ethers' for the same signature.
/// </summary>
public class ProtocolSelectorTests
{
    private static readonly Dictionary<string, Type> Functions = new()
    {
        ["balanceOf(address)"] = typeof(BalanceOfFunction),
        ["getUserAccountData(address)"] = typeof(GetUserAccountDataFunction),
        ["getReserveData(address)"] = typeof(GetReserveDataFunction),
        ["positions(uint256)"] = typeof(PositionsFunction),
        ["slot0()"] = typeof(Slot0Function),
        ["latestRoundData()"] = typeof(LatestRoundDataFunction),
        ["aggregate3((address,bool,bytes)[])"] = typeof(Aggregate3Function),
        ["getOtokenDetails()"] = typeof(GetOtokenDetailsFunction),
        ["getAccountPositions(address,address,uint256,uint256)"] = typeof(GetAccountPositionsFunction),
        ["isValidSignature(bytes32,bytes)"] = typeof(IsValidSignatureFunction),
    };

    private static readonly Dictionary<string, Type> Events = new()
    {
        ["Transfer(address,address,uint256)"] = typeof(TransferEventDto),
        ["CollateralConfigurationChanged(address,uint256,uint256,uint256)"] = typeof(CollateralConfigurationChangedEventDto),
        ["ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)"] = typeof(ProposalCreatedEventDto),
    };

    public static TheoryData<string, string> FunctionRows() => Rows("functions", "selector");

    public static TheoryData<string, string> EventRows() => Rows("events", "topic0");

    [Theory]
    [MemberData(nameof(FunctionRows))]
    public void Selector_EthersSignature_MatchesTypedMessage(string signature, string selector)
    {
        // Signatures the project sends no typed message for are still checked through Nethereum's Keccak.
        string actual = Functions.TryGetValue(signature, out var type)
            ? "0x" + ABITypedRegistry.GetFunctionABI(type).Sha3Signature
            : Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(signature))[..4].ToHex(true);
        Assert.Equal(selector, actual);
    }

    [Theory]
    [MemberData(nameof(EventRows))]
    public void Topic_EthersSignature_MatchesEventDto(string signature, string topic)
    {
        Assert.Equal(topic, "0x" + ABITypedRegistry.GetEvent(Events[signature]).Sha3Signature);
    }

    [Fact]
    public void Selector_EveryMappedMessage_IsInTheVectors()
    {
        var listed = Rows("functions", "selector").Select(r => (string)r[0]).ToHashSet();
        Assert.All(Functions.Keys, k => Assert.Contains(k, listed));
    }

    private static TheoryData<string, string> Rows(string section, string field)
    {
        var data = new TheoryData<string, string>();
        foreach (var row in TestVectors.Load("selectors.json").GetProperty(section).EnumerateArray())
            data.Add(row.GetProperty("signature").GetString()!, row.GetProperty(field).GetString()!);
        return data;
    }
}
