using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;

namespace ExposureWeb.Risk.Tests.ManualPositions;

/// <summary>The rules of a manual position, typed (<see cref="ManualPositionValidator.Validate"/>) and as text (<see cref="ManualPositionValidator.Parse"/>).</summary>
public sealed class ManualPositionValidatorTests
{
    private static readonly DateTimeOffset Expiry = new(2027, 3, 26, 8, 0, 0, TimeSpan.Zero);

    private static readonly ManualPositionValues Perp = new(ManualPositionKind.Perp, "ETH", -2.5, "Binance ETH short", EntryPriceUsd: 3150.5);

    private static readonly ManualPositionValues Option = new(ManualPositionKind.Option, "BTC", 1, Strike: 100_000, Expiry: Expiry, Right: ManualOptionRight.Put);

    private static FieldError Single(ManualPositionValues values, string field)
    {
        var errors = ManualPositionValidator.Validate(values);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
        return error;
    }

    private static ManualPositionFields PerpFields() => new()
    {
        Kind = "perp", Label = "Binance ETH short", Underlying = "ETH", Quantity = "-2.5", EntryPriceUsd = "3150.5",
    };

    [Fact]
    public void Validate_ValidPerpSpotAndOption_NoErrors()
    {
        Assert.Empty(ManualPositionValidator.Validate(Perp));
        Assert.Empty(ManualPositionValidator.Validate(new ManualPositionValues(ManualPositionKind.Spot, "USDC", 250_000)));
        Assert.Empty(ManualPositionValidator.Validate(Option));
    }

    [Fact]
    public void Normalize_LowerCaseUnderlyingBlankLabelAndOffsetExpiry_UpperCaseNoLabelUtc()
    {
        var values = Option with { Underlying = "  wbtc ", Label = "   ", Expiry = new DateTimeOffset(2027, 3, 26, 10, 0, 0, TimeSpan.FromHours(2)) };

        var normalized = ManualPositionValidator.Normalize(values);

        Assert.Equal("WBTC", normalized.Underlying);
        Assert.Null(normalized.Label);
        Assert.Equal(Expiry, normalized.Expiry);
        Assert.Equal(TimeSpan.Zero, normalized.Expiry!.Value.Offset);
        Assert.Empty(ManualPositionValidator.Validate(values));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_UnderlyingBlank_SaysMissingWithExample(string underlying)
    {
        var error = Single(Perp with { Underlying = underlying }, ManualPositionField.Underlying);

        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("e.g. ETH", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ETH-USD")]
    [InlineData("ETH/USD")]
    [InlineData("E TH")]
    [InlineData("ÉTH")]
    [InlineData("ETH_")]
    public void Validate_UnderlyingWithOtherCharacters_SaysWhichAreAllowed(string underlying)
    {
        var error = Single(Perp with { Underlying = underlying }, ManualPositionField.Underlying);

        Assert.Contains("A–Z, digits and '.'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Underlying16And17Characters_16AcceptedLongerRejected()
    {
        Assert.Empty(ManualPositionValidator.Validate(Perp with { Underlying = new string('A', 16) }));
        Assert.Empty(ManualPositionValidator.Validate(Perp with { Underlying = "STETH.E2" }));

        var error = Single(Perp with { Underlying = new string('A', 17) }, ManualPositionField.Underlying);

        Assert.Contains("17 characters long: a symbol has at most 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_QuantityZero_SaysNoExposureAndWhatToDo()
    {
        var error = Single(Perp with { Quantity = 0 }, ManualPositionField.Quantity);

        Assert.Contains("quantity is 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("short < 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Validate_QuantityNotFinite_Rejected(double quantity)
    {
        var error = Single(Perp with { Quantity = quantity }, ManualPositionField.Quantity);

        Assert.Contains("finite", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1e12, true)]
    [InlineData(-1e12, true)]
    [InlineData(1e-18, true)]
    [InlineData(1.000001e12, false)]
    [InlineData(-5e20, false)]
    public void Validate_QuantityMagnitude_AcceptedUpTo1e12(double quantity, bool valid)
    {
        var errors = ManualPositionValidator.Validate(Perp with { Quantity = quantity });

        Assert.Equal(valid, errors.Count == 0);
        if (!valid) Assert.Contains("not in wei or USD", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PerpWithoutEntryPrice_SaysPerpNeedsIt()
    {
        var error = Single(Perp with { EntryPriceUsd = null }, ManualPositionField.EntryPriceUsd);

        Assert.Contains("a perp needs its average entry price in USD per unit of ETH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SpotAndOptionWithoutEntryPrice_Valid()
    {
        Assert.Empty(ManualPositionValidator.Validate(Perp with { Kind = ManualPositionKind.Spot, EntryPriceUsd = null }));
        Assert.Empty(ManualPositionValidator.Validate(Option with { EntryPriceUsd = null }));
    }

    [Theory]
    [InlineData(0, "greater than 0")]
    [InlineData(-3150, "greater than 0")]
    [InlineData(double.NaN, "finite")]
    [InlineData(double.PositiveInfinity, "finite")]
    [InlineData(2e9, "not a notional")]
    public void Validate_EntryPriceAbsurd_Rejected(double price, string expected)
    {
        var error = Single(Perp with { EntryPriceUsd = price }, ManualPositionField.EntryPriceUsd);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SpotWithNegativeEntryPrice_RejectedThoughOptional()
    {
        Single(Perp with { Kind = ManualPositionKind.Spot, EntryPriceUsd = -1 }, ManualPositionField.EntryPriceUsd);
    }

    [Fact]
    public void Validate_OptionWithoutStrikeExpiryAndRight_ThreeErrorsOneEach()
    {
        var errors = ManualPositionValidator.Validate(Option with { Strike = null, Expiry = null, Right = null });

        Assert.Equal([ManualPositionField.Strike, ManualPositionField.Expiry, ManualPositionField.Right], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Contains("missing", e.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    [InlineData(double.NaN)]
    [InlineData(1e10)]
    public void Validate_OptionStrikeAbsurd_Rejected(double strike)
    {
        Single(Option with { Strike = strike }, ManualPositionField.Strike);
    }

    [Theory]
    [InlineData(1970, false)]
    [InlineData(1999, false)]
    [InlineData(2000, true)]
    [InlineData(2099, true)]
    [InlineData(2100, false)]
    public void Validate_OptionExpiryYear_Accepted2000To2099(int year, bool valid)
    {
        var errors = ManualPositionValidator.Validate(Option with { Expiry = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero) });

        Assert.Equal(valid, errors.Count == 0);
        if (!valid) Assert.Contains("check the year", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OptionRightNotDefined_Rejected()
    {
        Single(Option with { Right = (ManualOptionRight)7 }, ManualPositionField.Right);
    }

    [Fact]
    public void Validate_KindNotDefined_Rejected()
    {
        Single(Perp with { Kind = (ManualPositionKind)9 }, ManualPositionField.Kind);
    }

    [Fact]
    public void Validate_PerpWithStrikeExpiryRight_EachSaysOnlyForOptions()
    {
        var errors = ManualPositionValidator.Validate(Perp with { Strike = 3500, Expiry = Expiry, Right = ManualOptionRight.Call });

        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.Contains("only for options: leave it blank for a perp, or set kind to option", e.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-250_000, true)]
    [InlineData(0, true)]
    [InlineData(1e12, true)]
    [InlineData(2e12, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.NegativeInfinity, false)]
    public void Validate_CashUsd_AnySignUpTo1e12(double cash, bool valid)
    {
        var errors = ManualPositionValidator.Validate(Perp with { CashUsd = cash });

        Assert.Equal(valid, errors.Count == 0);
        if (!valid) Assert.Equal(ManualPositionField.CashUsd, Assert.Single(errors).Field);
    }

    [Fact]
    public void Validate_LabelTooLongOrMultiLine_Rejected()
    {
        Assert.Empty(ManualPositionValidator.Validate(Perp with { Label = new string('x', 100) }));
        Assert.Contains("101 characters long: keep it to 100", Single(Perp with { Label = new string('x', 101) }, ManualPositionField.Label).Message, StringComparison.Ordinal);
        Assert.Contains("keep it on one line", Single(Perp with { Label = "Binance\nETH" }, ManualPositionField.Label).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_AllListed()
    {
        var errors = ManualPositionValidator.Validate(new ManualPositionValues(ManualPositionKind.Perp, "ETH/USD", 0, EntryPriceUsd: -1, CashUsd: double.NaN));

        Assert.Equal([ManualPositionField.Underlying, ManualPositionField.Quantity, ManualPositionField.EntryPriceUsd, ManualPositionField.CashUsd], errors.Select(e => e.Field));
    }

    [Fact]
    public void Parse_ValidPerpText_NormalizedValues()
    {
        var fields = PerpFields();
        fields.Kind = " PERP ";
        fields.Underlying = "eth";

        var parse = ManualPositionValidator.Parse(fields);

        Assert.True(parse.IsValid);
        Assert.Empty(parse.Errors);
        Assert.Equal(Perp, parse.Values);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,000")]
    [InlineData("2,5")]
    [InlineData("1 000")]
    [InlineData("0x10")]
    [InlineData("$5")]
    public void Parse_QuantityNotANumber_SaysHowToWriteIt(string quantity)
    {
        var fields = PerpFields();
        fields.Quantity = quantity;

        var error = Assert.Single(ManualPositionValidator.Parse(fields).Errors);

        Assert.Equal(ManualPositionField.Quantity, error.Field);
        Assert.Equal($"quantity '{quantity}' is not a number: use digits with '.' as the decimal point and no thousands separators, e.g. -2.5.", error.Message);
    }

    [Theory]
    [InlineData("NaN", "finite")]
    [InlineData("Infinity", "finite")]
    [InlineData("1e400", "finite")]
    [InlineData("0", "quantity is 0")]
    [InlineData("-0.0", "quantity is 0")]
    [InlineData("1e13", "beyond")]
    public void Parse_QuantityParsedButAbsurd_Rejected(string quantity, string expected)
    {
        var fields = PerpFields();
        fields.Quantity = quantity;

        var error = Assert.Single(ManualPositionValidator.Parse(fields).Errors);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+2.5", 2.5)]
    [InlineData(" -2.5 ", -2.5)]
    [InlineData("1e-3", 0.001)]
    [InlineData("-1.5E+2", -150)]
    [InlineData(".5", 0.5)]
    public void Parse_QuantityInvariantForms_Read(string quantity, double expected)
    {
        var fields = PerpFields();
        fields.Quantity = quantity;

        Assert.Equal(expected, ManualPositionValidator.Parse(fields).Values!.Quantity);
    }

    [Fact]
    public void Parse_QuantityBlank_SaysMissingOnce()
    {
        var fields = PerpFields();
        fields.Quantity = " ";

        var error = Assert.Single(ManualPositionValidator.Parse(fields).Errors);

        Assert.Equal("quantity is missing: write the signed number of units, e.g. 2.5 for a long or -2.5 for a short.", error.Message);
    }

    [Theory]
    [InlineData("", "kind is missing: write spot, perp or option.")]
    [InlineData("future", "kind 'future' is not known: write spot, perp or option.")]
    public void Parse_KindMissingOrUnknown_SaysTheThreeKinds(string kind, string expected)
    {
        var fields = PerpFields();
        fields.Kind = kind;

        var error = Assert.Single(ManualPositionValidator.Parse(fields).Errors);

        Assert.Equal(ManualPositionField.Kind, error.Field);
        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("2027-03-26", "2027-03-26T00:00:00+00:00")]
    [InlineData("2027-03-26T08:00:00Z", "2027-03-26T08:00:00+00:00")]
    [InlineData("2027-03-26T08:00Z", "2027-03-26T08:00:00+00:00")]
    [InlineData("2027-03-26 08:00:00Z", "2027-03-26T08:00:00+00:00")]
    [InlineData("2027-03-26t08:00z", "2027-03-26T08:00:00+00:00")]
    [InlineData("2027-03-26T10:00:00+02:00", "2027-03-26T08:00:00+00:00")]
    [InlineData("2027-03-26T03:00:00.5-05:00", "2027-03-26T08:00:00.5+00:00")]
    public void Parse_ExpiryIso8601_ReadAsUtc(string text, string expected)
    {
        var fields = new ManualPositionFields { Kind = "option", Underlying = "ETH", Quantity = "-10", Strike = "4000", Expiry = text, Right = "call" };

        var values = ManualPositionValidator.Parse(fields).Values!;

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), values.Expiry);
        Assert.Equal(TimeSpan.Zero, values.Expiry!.Value.Offset);
    }

    [Theory]
    [InlineData("26/03/2027", "is not an ISO-8601 date")]
    [InlineData("March 26, 2027", "is not an ISO-8601 date")]
    [InlineData("2027-03-26T08:00", "has a time but no time zone: add Z for UTC")]
    [InlineData("2027-02-30", "is not a calendar date")]
    [InlineData("2027-03-26T25:00Z", "is not a valid date and time")]
    [InlineData("1970-01-01", "outside 2000–2099")]
    public void Parse_ExpiryWrong_SaysWhatToWrite(string text, string expected)
    {
        var fields = new ManualPositionFields { Kind = "option", Underlying = "ETH", Quantity = "-10", Strike = "4000", Expiry = text, Right = "call" };

        var error = Assert.Single(ManualPositionValidator.Parse(fields).Errors);

        Assert.Equal(ManualPositionField.Expiry, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("call", ManualOptionRight.Call)]
    [InlineData("PUT", ManualOptionRight.Put)]
    [InlineData("C", ManualOptionRight.Call)]
    [InlineData("p", ManualOptionRight.Put)]
    public void Parse_RightWords_Read(string text, ManualOptionRight expected)
    {
        var fields = new ManualPositionFields { Kind = "option", Underlying = "ETH", Quantity = "1", Strike = "4000", Expiry = "2027-03-26", Right = text };

        Assert.Equal(expected, ManualPositionValidator.Parse(fields).Values!.Right);
    }

    [Fact]
    public void Parse_RightUnknown_SaysCallOrPut()
    {
        var fields = new ManualPositionFields { Kind = "option", Underlying = "ETH", Quantity = "1", Strike = "4000", Expiry = "2027-03-26", Right = "straddle" };

        Assert.Equal("right 'straddle' is not known: write call or put.", Assert.Single(ManualPositionValidator.Parse(fields).Errors).Message);
    }

    [Fact]
    public void Parse_PerpWithStrikeRejectMode_Error()
    {
        var fields = PerpFields();
        fields.Strike = "3500";

        var error = Assert.Single(ManualPositionValidator.Parse(fields, UnusedFields.Reject).Errors);

        Assert.Equal(ManualPositionField.Strike, error.Field);
    }

    [Fact]
    public void Parse_PerpWithLeftoverOptionFieldsIgnoreMode_ValidWithoutThem()
    {
        var fields = PerpFields();
        fields.Strike = "not even a number";
        fields.Expiry = "someday";
        fields.Right = "call";

        var values = ManualPositionValidator.Parse(fields, UnusedFields.Ignore).Values;

        Assert.Equal(Perp, values);
    }

    [Fact]
    public void Parse_EverythingWrong_OneErrorPerFieldInColumnOrder()
    {
        var fields = new ManualPositionFields
        {
            Kind = "option", Label = new string('x', 101), Underlying = "ETH-USD", Quantity = "many", EntryPriceUsd = "-1",
            Strike = "0", Expiry = "soon", Right = "maybe", CashUsd = "lots",
        };

        var errors = ManualPositionValidator.Parse(fields).Errors;

        Assert.Equal(ManualPositionField.All.Skip(1), errors.Select(e => e.Field));
    }

    [Fact]
    public void Parse_UnknownKind_StillChecksTheOtherFields()
    {
        var fields = PerpFields();
        fields.Kind = "swap";
        fields.Quantity = "x";

        var errors = ManualPositionValidator.Parse(fields).Errors;

        Assert.Equal([ManualPositionField.Kind, ManualPositionField.Quantity], errors.Select(e => e.Field));
    }

    [Fact]
    public void FieldsFrom_StoredValues_ParseBackToTheSameValues()
    {
        ManualPositionValues[] all =
        [
            Perp with { CashUsd = -12_345.678901234 },
            Option with { EntryPriceUsd = 0.1 + 0.2, Label = "Deribit \"BTC\" put, hedged" },
            Option with { Expiry = new DateTimeOffset(2027, 3, 26, 8, 30, 15, 123, TimeSpan.Zero) },
            new(ManualPositionKind.Spot, "SHIB", 1e-9 + 1, EntryPriceUsd: 1.2345678901234567e-5),
        ];

        foreach (var values in all)
        {
            Assert.Equal(values, ManualPositionValidator.Parse(ManualPositionFields.From(values)).Values);
        }
    }

    [Fact]
    public void Uses_OptionOnlyFields_ShownForOptionsAlone()
    {
        foreach (var field in new[] { ManualPositionField.Strike, ManualPositionField.Expiry, ManualPositionField.Right })
        {
            Assert.True(ManualPositionValidator.Uses(ManualPositionKind.Option, field));
            Assert.False(ManualPositionValidator.Uses(ManualPositionKind.Perp, field));
            Assert.False(ManualPositionValidator.Uses(ManualPositionKind.Spot, field));
        }
        Assert.True(ManualPositionValidator.Requires(ManualPositionKind.Perp, ManualPositionField.EntryPriceUsd));
        Assert.False(ManualPositionValidator.Requires(ManualPositionKind.Spot, ManualPositionField.EntryPriceUsd));
    }
}
