using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Risk.Tests.Governance;

public sealed class WhatIfParserTests
{
    [Theory]
    [InlineData("WETH liquidation threshold 78%", "WETH", ParameterNames.LiquidationThreshold, 7800)]
    [InlineData("weth LT 7800 bps", "weth", ParameterNames.LiquidationThreshold, 7800)]
    [InlineData("WETH ltv to 77.5%", "WETH", ParameterNames.Ltv, 7750)]
    [InlineData("WETH loan to value = 75%", "WETH", ParameterNames.Ltv, 7500)]
    [InlineData("WETH liquidation bonus 5%", "WETH", ParameterNames.LiquidationBonus, 10500)]
    [InlineData("WETH bonus 107.5%", "WETH", ParameterNames.LiquidationBonus, 10750)]
    [InlineData("USDC supply cap 2,000,000", "USDC", ParameterNames.SupplyCap, 2_000_000)]
    [InlineData("USDC debt ceiling $1,000,000", "USDC", ParameterNames.DebtCeiling, 100_000_000)]
    [InlineData("LINK frozen false", "LINK", ParameterNames.Frozen, 0)]
    [InlineData("LINK freeze yes", "LINK", ParameterNames.Frozen, 1)]
    [InlineData("WBTC reserve factor 20%", "WBTC", ParameterNames.ReserveFactor, 2000)]
    public void Parse_OneChange_ParameterAndValueInAaveUnits(string text, string symbol, string parameter, long value)
    {
        var (changes, errors) = WhatIfParser.Parse(text);

        Assert.Empty(errors);
        Assert.Equal(new WhatIfChange(symbol, parameter, value), Assert.Single(changes));
    }

    [Fact]
    public void Parse_SeveralChangesOnLinesAndSemicolons_AllInOrder()
    {
        var (changes, errors) = WhatIfParser.Parse("WETH ltv 75%; WETH liquidation threshold 78%\nUSDC borrow cap 100");

        Assert.Empty(errors);
        Assert.Equal([ParameterNames.Ltv, ParameterNames.LiquidationThreshold, ParameterNames.BorrowCap], changes.Select(c => c.Parameter));
    }

    [Theory]
    [InlineData("", "type a change")]
    [InlineData("WETH liquidation threshold 78", "give a percentage")]
    [InlineData("WETH liquidation threshold 120%", "between 0% and 100%")]
    [InlineData("WETH liquidation threshold 78.005%", "whole basis points")]
    [InlineData("WETH supply cap -5", "is not")]
    [InlineData("WETH supply cap 1.5", "whole, non-negative number")]
    [InlineData("WETH supply cap 99999999999", "above the largest value")]
    [InlineData("WETH frozen maybe", "is not")]
    [InlineData("WETH speed 5%", "unknown parameter \"speed\"")]
    [InlineData("WETH ltv 75%; WETH ltv 70%", "given twice")]
    public void Parse_BadInput_ErrorSaysWhatToType(string text, string expected)
    {
        var (changes, errors) = WhatIfParser.Parse(text);

        Assert.Empty(changes);
        Assert.Contains(errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_TooManyChanges_Refused()
    {
        var text = string.Join(';', Enumerable.Range(0, WhatIfParser.MaxChanges + 1).Select(i => $"T{i} ltv 50%"));

        var (changes, errors) = WhatIfParser.Parse(text);

        Assert.Empty(changes);
        Assert.Contains(errors, e => e.Message.Contains("at most 20 changes", StringComparison.Ordinal));
    }
}
