using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// anvil's state file cut short by a kill mid-write (seen in CI: "EOF while parsing" on every restart) is repaired from
/// the last copy that parsed.
/// </summary>
public sealed class AnvilStateFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("anvil-state-").FullName;

    private string StatePath => Path.Combine(_folder, "anvil-state.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Repair_FileCutShortWithGoodCopy_RestoredFromTheCopy()
    {
        File.WriteAllText(StatePath, "{\"block\":{\"number\":\"0x10\"}}");
        AnvilStateFile.Backup(StatePath);
        File.WriteAllText(StatePath, "{\"block\":{\"num");

        var what = AnvilStateFile.Repair(StatePath);

        Assert.Contains("resuming from the copy", what, StringComparison.Ordinal);
        Assert.Equal("{\"block\":{\"number\":\"0x10\"}}", File.ReadAllText(StatePath));
    }

    [Fact]
    public void Repair_EmptyFileWithoutCopy_MovedAsideSoTheNodeStartsEmpty()
    {
        File.WriteAllText(StatePath, "");

        var what = AnvilStateFile.Repair(StatePath);

        Assert.Contains("starts empty", what, StringComparison.Ordinal);
        Assert.False(File.Exists(StatePath));
        Assert.Single(Directory.GetFiles(_folder, "anvil-state.json.broken-*"));
    }

    [Fact]
    public void Repair_FileThatParses_LeftAlone()
    {
        File.WriteAllText(StatePath, "{}");

        Assert.Null(AnvilStateFile.Repair(StatePath));
        Assert.Equal("{}", File.ReadAllText(StatePath));
    }

    [Fact]
    public void Backup_FileCutShort_GoodCopyKept()
    {
        File.WriteAllText(StatePath, "{\"good\":true}");
        AnvilStateFile.Backup(StatePath);
        File.WriteAllText(StatePath, "{\"goo");

        AnvilStateFile.Backup(StatePath);

        Assert.Equal("{\"good\":true}", File.ReadAllText(AnvilStateFile.GoodCopyPath(StatePath)));
    }

    [Fact]
    public async Task Repair_RealAnvilStateCutShort_NodeRestartsFromTheCopyWithItsBlocks()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var anvilPath = AnvilLocator.Find(null, AppContext.BaseDirectory);
        var node = await AnvilProcess.StartOnFreePortAsync(anvilPath, StatePath, limit.Token);
        var port = node.Port;
        try
        {
            using (var rpc = new JsonRpcHttpClient(node.RpcUrl))
            {
                for (var i = 0; i < 5; i++) await rpc.SendAsync("evm_mine", []);
            }
            await node.DisposeAsync(); // SIGTERM: anvil writes its state
            AnvilStateFile.Backup(StatePath);
            File.WriteAllText(StatePath, File.ReadAllText(StatePath)[..100]); // as a kill mid-write leaves it

            AnvilStateFile.Repair(StatePath);
            node = await AnvilProcess.StartAsync(anvilPath, port, StatePath, limit.Token);

            using var again = new JsonRpcHttpClient(node.RpcUrl);
            Assert.Equal(5UL, await new EthClient(again).BlockNumberAsync(limit.Token));
        }
        finally
        {
            await node.DisposeAsync();
        }
    }
}
