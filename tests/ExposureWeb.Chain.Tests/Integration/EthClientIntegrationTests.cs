using System.Numerics;
using System.Security.Cryptography;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Integration;

[Collection(AnvilCollection.Name)]
public sealed class EthClientIntegrationTests(AnvilFixture anvil)
{
    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(10);

    // Init code that deploys a runtime which always executes revert(28, 4) after storing 0xdeadbeef, i.e. reverts
    // with the four bytes de ad be ef. Hand-assembled:
    //   init:    PUSH1 0x0d PUSH1 0x0c PUSH1 0 CODECOPY   (copy 13 runtime bytes from offset 12 to memory 0)
    //            PUSH1 0x0d PUSH1 0 RETURN                 (return them as the contract code)
    //   runtime: PUSH4 0xdeadbeef PUSH1 0 MSTORE           (memory[28..32] = de ad be ef)
    //            PUSH1 4 PUSH1 28 REVERT
    private static readonly byte[] AlwaysRevertsInitCode = Hex.Decode("0x600d600c600039600d6000f3" + "63deadbeef6000526004601cfd");

    [Fact]
    public async Task ChainIdAsync_Anvil_Returns31337()
    {
        Assert.Equal(31337UL, await anvil.Eth.ChainIdAsync());
    }

    [Fact]
    public async Task GetBalanceAsync_DevAccount0_Is10000Ether()
    {
        // No test sends from account 0, so its genesis balance is intact.
        BigInteger balance = await anvil.Eth.GetBalanceAsync(AnvilFixture.DevAccount(0), BlockParameter.Latest);

        Assert.Equal(10_000 * BigInteger.Pow(10, 18), balance);
    }

    [Fact]
    public async Task GetBlockAsync_LatestAndByNumber_ReturnSameHeader()
    {
        ulong number = await anvil.Eth.BlockNumberAsync();

        BlockHeader? latest = await anvil.Eth.GetBlockAsync(BlockParameter.Latest);
        BlockHeader? byNumber = await anvil.Eth.GetBlockAsync(number);

        Assert.NotNull(latest);
        Assert.Equal(latest, byNumber);
        Assert.Equal(number, latest.Number);
        Assert.Matches("^0x[0-9a-f]{64}$", latest.Hash);
        Assert.InRange(latest.Timestamp, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public async Task GetBlockAsync_FutureNumber_ReturnsNull()
    {
        ulong number = await anvil.Eth.BlockNumberAsync();

        Assert.Null(await anvil.Eth.GetBlockAsync(number + 1000));
    }

    [Fact]
    public async Task SendTransactionAsync_ValueTransfer_ChangesBalancesExactly()
    {
        EthClient eth = anvil.Eth;
        Address sender = AnvilFixture.DevAccount(1);
        Address recipient = Address.FromBytes(RandomNumberGenerator.GetBytes(Address.Length));
        BigInteger value = BigInteger.Parse("1234567890123456789");
        ulong before = await eth.BlockNumberAsync();
        BigInteger senderBefore = await eth.GetBalanceAsync(sender, before);

        string hash = await eth.SendTransactionAsync(sender, recipient, [], value);
        TransactionReceipt receipt = await eth.WaitForReceiptAsync(hash, ReceiptTimeout);

        Assert.True(receipt.Succeeded);
        Assert.Equal(hash, receipt.TransactionHash);
        Assert.Equal(before + 1, receipt.BlockNumber); // automine: one block per transaction
        Assert.Null(receipt.ContractAddress);
        Assert.NotNull(receipt.EffectiveGasPrice);
        BigInteger fee = receipt.GasUsed * receipt.EffectiveGasPrice.Value;
        Assert.Equal(value, await eth.GetBalanceAsync(recipient, receipt.BlockNumber));
        Assert.Equal(senderBefore - value - fee, await eth.GetBalanceAsync(sender, receipt.BlockNumber));
        Assert.Equal(BigInteger.Zero, await eth.GetBalanceAsync(recipient, before));
    }

    [Fact]
    public async Task CallAsync_AlwaysRevertingContract_ThrowsRpcErrorWithRevertData()
    {
        Address deployer = AnvilFixture.DevAccount(3);
        string hash = await anvil.Eth.SendTransactionAsync(deployer, null, AlwaysRevertsInitCode);
        TransactionReceipt receipt = await anvil.Eth.WaitForReceiptAsync(hash, ReceiptTimeout);
        Assert.True(receipt.Succeeded);
        Address contract = Assert.NotNull(receipt.ContractAddress);

        var ex = await Assert.ThrowsAsync<RpcErrorException>(
            () => anvil.Eth.CallAsync(contract, [0x12, 0x34, 0x56, 0x78], BlockParameter.Latest, from: deployer));

        Assert.Equal(3, ex.Code); // geth/anvil: "execution reverted"
        Assert.Equal("0xdeadbeef", ex.DataHex);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, ex.DataBytes);
    }

    [Fact]
    public async Task CallAsync_AccountWithoutCode_ReturnsEmptyBytes()
    {
        byte[] result = await anvil.Eth.CallAsync(AnvilFixture.DevAccount(2), [0x01], BlockParameter.Latest);

        Assert.Empty(result);
    }

    [Fact]
    public async Task RequestAsync_TypedResult_Deserializes()
    {
        string chainId = await anvil.Eth.RequestAsync<string>("eth_chainId", []);
        string[] accounts = await anvil.Eth.RequestAsync<string[]>("eth_accounts", []);

        Assert.Equal("0x7a69", chainId);
        Assert.Contains(accounts, a => Address.Parse(a) == AnvilFixture.DevAccount(0));
    }

    [Fact]
    public async Task RequestAsync_ResultOfWrongShape_ThrowsFormatException()
    {
        await Assert.ThrowsAsync<FormatException>(() => anvil.Eth.RequestAsync<int[]>("eth_chainId", []));
    }
}
