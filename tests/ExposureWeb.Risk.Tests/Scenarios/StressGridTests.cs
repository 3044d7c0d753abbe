using ExposureWeb.Risk.Scenarios;

namespace ExposureWeb.Risk.Tests.Scenarios;

/// <summary>The grid itself: Deribit's published parameters.</summary>
public class StressGridTests
{
    [Fact]
    public void Deribit_Defaults_27CellsPlus8Extended()
    {
        var cells = StressGrid.Deribit();
        Assert.Equal(35, cells.Count);
        Assert.Equal(27, cells.Count(c => !c.Extended));
        var moves = cells.Where(c => !c.Extended).Select(c => c.PriceMove).Distinct().ToArray();
        Assert.Equal([-0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16], moves.Select(m => Math.Round(m, 12)));
        Assert.Contains(new ScenarioCell(0, 0), cells);
        Assert.All(cells.Where(c => !c.Extended), c => Assert.Contains(c.VolMove, new[] { 0.5, 0, -0.25 }));
        Assert.Equal([-0.66, -0.33, 0.5, 1, 2, 3, 4, 5], cells.Where(c => c.Extended).Select(c => c.PriceMove));
        Assert.All(cells.Where(c => c.Extended), c => Assert.Equal(0.5, c.VolMove));
    }

    [Fact]
    public void Ladder_Symmetric_MiddleIsExactlyZero() => Assert.Equal(0, StressGrid.Ladder(-0.3, 0.3, 7)[3]);
}
