using ExposureWeb.DevChain.Anvil;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>A state file the node cannot start from is moved aside, so the node starts empty instead of failing every start.</summary>
public sealed class AnvilStateFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("anvil-state-").FullName;

    private string StatePath => Path.Combine(_folder, "anvil-state.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("")]
    [InlineData("{\"block\":{\"num")]
    [InlineData("[1,2]")]
    public void Repair_FileThatCannotBeLoaded_MovedAsideSoTheNodeStartsEmpty(string content)
    {
        File.WriteAllText(StatePath, content);

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
    public void Repair_NoFile_NothingToDo() => Assert.Null(AnvilStateFile.Repair(StatePath));
}
