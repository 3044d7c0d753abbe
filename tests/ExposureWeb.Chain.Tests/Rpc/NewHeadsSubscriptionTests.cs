using System.Text;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Rpc;

/// <summary>What the newHeads subscription reads out of the node's WebSocket messages, message by message.</summary>
public sealed class NewHeadsSubscriptionTests
{
    private const string Header = """{"number":"0x7","hash":"0x0000000000000000000000000000000000000000000000000000000000000007","parentHash":"0x0000000000000000000000000000000000000000000000000000000000000006","timestamp":"0x6553f107"}""";

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    private static string Notification(string subscription) =>
        $$"""{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"{{subscription}}","result":{{Header}} } }""";

    [Fact]
    public void TryReadSubscriptionReply_ReplyWithId_ReturnsTheSubscriptionId()
    {
        Assert.Equal("0xabc", NewHeadsSubscription.TryReadSubscriptionReply(Utf8("""{"jsonrpc":"2.0","id":1,"result":"0xabc"}""")));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":2,"result":"0xabc"}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0xabc","result":{}}}""")]
    [InlineData("""[1,2]""")]
    public void TryReadSubscriptionReply_AnotherMessage_Null(string message)
    {
        Assert.Null(NewHeadsSubscription.TryReadSubscriptionReply(Utf8(message)));
    }

    [Fact]
    public void TryReadSubscriptionReply_ErrorReply_ThrowsTheNodesError()
    {
        var ex = Assert.Throws<RpcErrorException>(() =>
            NewHeadsSubscription.TryReadSubscriptionReply(Utf8("""{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"notifications not supported"}}""")));

        Assert.Equal(-32601, ex.Error.Code);
    }

    [Fact]
    public void TryReadSubscriptionReply_ReplyWithoutId_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => NewHeadsSubscription.TryReadSubscriptionReply(Utf8("""{"jsonrpc":"2.0","id":1,"result":null}""")));
    }

    [Fact]
    public void TryReadHead_NotificationForOurSubscription_ReturnsItsHeader()
    {
        var head = NewHeadsSubscription.TryReadHead(Utf8(Notification("0xabc")), "0xabc");

        Assert.Equal(7UL, head!.Number);
        Assert.EndsWith("6", head.ParentHash, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadHead_NotificationForAnotherSubscription_Null()
    {
        Assert.Null(NewHeadsSubscription.TryReadHead(Utf8(Notification("0xdef")), "0xabc"));
    }

    [Fact]
    public void TryReadHead_ReplyToTheLatestBlockRequest_ReturnsItsHeader()
    {
        Assert.Equal(7UL, NewHeadsSubscription.TryReadHead(Utf8($$"""{"jsonrpc":"2.0","id":2,"result":{{Header}} }"""), "0xabc")!.Number);
    }

    [Fact]
    public void TryReadHead_ErrorReplyToTheLatestBlockRequest_Null()
    {
        Assert.Null(NewHeadsSubscription.TryReadHead(Utf8("""{"jsonrpc":"2.0","id":2,"error":{"code":-32000,"message":"busy"}}"""), "0xabc"));
    }

    [Fact]
    public void TryReadHead_MalformedHeaderInOurNotification_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() =>
            NewHeadsSubscription.TryReadHead(Utf8("""{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0xabc","result":{"number":"0x7"}}}"""), "0xabc"));
    }
}
