using System.Text;
using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;

namespace ExposureWeb.Web.Tests.ManualPositions;

/// <summary>The manual-positions CSV format: what it reads, and how every kind of bad file is reported.</summary>
public sealed class ManualPositionCsvTests
{
    private const string Header = "kind,label,underlying,quantity,entry_price_usd,strike,expiry,right,cash_usd";

    private static ManualPositionCsvResult Parse(string text) => ManualPositionCsv.Parse(new StringReader(text));

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private static CsvLineError SingleError(string text)
    {
        var (entries, errors) = Parse(text);
        Assert.Empty(entries);
        return Assert.Single(errors);
    }

    [Fact]
    public void Parse_GoodFileWithEveryKind_ReadsEachLine()
    {
        var (entries, errors) = Parse(Lines(
            Header,
            "perp,Binance ETH short,ETH,-2.5,3150.5,,,,",
            "spot,Kraken balance,btc,0.75,,,,,",
            "option,Deribit put,BTC,-1,,90000,2027-03-26T08:00:00Z,put,-1500",
            "spot,,USDC,250000,1,,,,-250000"));

        Assert.Empty(errors);
        Assert.Equal(
        [
            new ManualPositionValues(ManualPositionKind.Perp, "ETH", -2.5, "Binance ETH short", EntryPriceUsd: 3150.5),
            new ManualPositionValues(ManualPositionKind.Spot, "BTC", 0.75, "Kraken balance"),
            new ManualPositionValues(ManualPositionKind.Option, "BTC", -1, "Deribit put", Strike: 90000,
                Expiry: new DateTimeOffset(2027, 3, 26, 8, 0, 0, TimeSpan.Zero), Right: ManualOptionRight.Put, CashUsd: -1500),
            new ManualPositionValues(ManualPositionKind.Spot, "USDC", 250000, EntryPriceUsd: 1, CashUsd: -250000),
        ], entries);
    }

    [Fact]
    public void Parse_QuotedFields_CommasAndDoubledQuotesKeptQuotesRemoved()
    {
        var (entries, errors) = Parse(Lines(
            Header,
            "\"perp\",\"Binance, \"\"main\"\" account\",\"ETH\",\"-2.5\",\"3150.5\",\"\",\"\",\"\",\"\"",
            "spot,\"  spaces kept, then trimmed as a label  \",ETH,1,,,,,"));

        Assert.Empty(errors);
        Assert.Equal("Binance, \"main\" account", entries[0].Label);
        Assert.Equal(-2.5, entries[0].Quantity);
        Assert.Equal("spaces kept, then trimmed as a label", entries[1].Label);
    }

    [Fact]
    public void Parse_ByteOrderMark_HeaderStillRecognized()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Lines(Header, "perp,,ETH,-1,3000,,,,"))).ToArray();

        // As the upload reads it (BOM detected by the reader) and as a TextReader that hands the BOM over as a character.
        using var stream = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var fromStream = ManualPositionCsv.Parse(stream);
        var fromText = Parse("\uFEFF" + Lines(Header, "perp,,ETH,-1,3000,,,,"));

        Assert.Empty(fromStream.Errors);
        Assert.Single(fromStream.Entries);
        Assert.Empty(fromText.Errors);
        Assert.Single(fromText.Entries);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public void Parse_LineEndings_CrLfLfAndCrAllRead(string newline)
    {
        var text = string.Join(newline, Header, "perp,,ETH,-1,3000,,,,", "spot,,BTC,2,,,,,", "spot,,BTC,0,,,,,");

        var (entries, errors) = Parse(text);

        Assert.Empty(entries);
        Assert.Equal("line 4: quantity is 0: a position of no units has no exposure; write its signed size (short < 0) or leave it out.", Assert.Single(errors).ToString());
        Assert.Equal(2, Parse(string.Join(newline, Header, "perp,,ETH,-1,3000,,,,", "spot,,BTC,2,,,,,") + newline).Entries.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("   \r\n\r\n  \n")]
    public void Parse_EmptyFile_SaysTheHeaderComesFirst(string text)
    {
        var error = SingleError(text);

        Assert.Equal(1, error.Line);
        Assert.Equal($"The file is empty: its first line must be the header {Header}, then one position per line.", error.Message);
    }

    [Fact]
    public void Parse_HeaderOnly_SaysThereAreNoPositions()
    {
        var error = SingleError(Lines(Header, "", ""));

        Assert.Equal("line 1: The file has a header but no positions: add one position per line below it.", error.ToString());
    }

    [Fact]
    public void Parse_HeaderMissing_SaysLine1LooksLikeAPosition()
    {
        var error = SingleError(Lines("perp,,ETH,-1,3000,,,,", "spot,,BTC,2,,,,,"));

        Assert.Equal(1, error.Line);
        Assert.Equal($"This looks like a position, not the header: the file must start with the header line {Header}.", error.Message);
    }

    [Fact]
    public void Parse_HeaderOfAnotherFile_SaysItIsNotTheHeader()
    {
        var error = SingleError(Lines("date,amount,currency", "2026-01-01,5,EUR"));

        Assert.StartsWith("line 1: This is not the header", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderMisspelt_NamesTheColumnAndSuggestsTheRightOne()
    {
        var (_, errors) = Parse(Lines("kind,label,underlying,quantty,entry_price,strike,expiry,right,cash_usd", "perp,,ETH,-1,3000,,,,"));

        Assert.Equal(
        [
            $"line 1: unknown column 'quantty' (did you mean 'quantity'?): the columns are {Header}.",
            $"line 1: unknown column 'entry_price' (did you mean 'entry_price_usd'?): the columns are {Header}.",
            $"line 1: the header has no 'quantity' column: it is required ({Header}).",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_HeaderColumnTwiceOrUnnamed_Reported()
    {
        var (_, errors) = Parse(Lines("kind,underlying,quantity,kind,", "perp,ETH,-1,perp,"));

        Assert.Equal(
        [
            "line 1: column 'kind' appears twice in the header: keep one.",
            $"line 1: column 5 of the header has no name: name it (one of {Header}) or remove the extra ','.",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_HeaderReorderedSubsetAnyCase_Read()
    {
        var (entries, errors) = Parse(Lines(" Quantity , UNDERLYING,Kind,Entry Price USD", "-2,eth,perp,3000"));

        Assert.Empty(errors);
        Assert.Equal(new ManualPositionValues(ManualPositionKind.Perp, "ETH", -2, EntryPriceUsd: 3000), Assert.Single(entries));
    }

    [Theory]
    [InlineData("perp,,ETH,abc,3000,,,,", "quantity 'abc' is not a number")]
    [InlineData("perp,,ETH,0,3000,,,,", "quantity is 0")]
    [InlineData("perp,,ETH,1e13,3000,,,,", "quantity 1E+13 is beyond ±1,000,000,000,000 units")]
    [InlineData("perp,,ETH,-1,,,,,", "entry_price_usd is missing: a perp needs")]
    [InlineData("perp,,ETH,-1,-3000,,,,", "entry_price_usd must be greater than 0")]
    [InlineData("perp,,ETH,-1,3000,3500,,,", "strike is only for options")]
    [InlineData("perp,,,-1,3000,,,,", "underlying is missing")]
    [InlineData("perp,,ETH-PERP,-1,3000,,,,", "underlying 'ETH-PERP' may only contain")]
    [InlineData("swap,,ETH,-1,3000,,,,", "kind 'swap' is not known")]
    [InlineData("option,,ETH,-1,,0,2027-03-26,call,", "strike must be greater than 0")]
    [InlineData("option,,ETH,-1,,3500,,call,", "expiry is missing")]
    [InlineData("option,,ETH,-1,,3500,26/03/2027,call,", "expiry '26/03/2027' is not an ISO-8601 date")]
    [InlineData("option,,ETH,-1,,3500,2027-03-26,straddle,", "right 'straddle' is not known")]
    [InlineData("spot,,ETH,1,,,,,NaN", "cash_usd must be a finite number")]
    [InlineData("perp,,ETH,-1,3000,,,", "8 field(s), but the header has 9")]
    [InlineData("perp,,ETH,-1,3000,,,,,", "10 field(s), but the header has 9")]
    [InlineData("perp,\"Binance\"x,ETH,-1,3000,,,,", "field 2 has text after its closing double quote")]
    [InlineData("perp,Binance \"main\",ETH,-1,3000,,,,", "field 2 has a \" inside a value that does not start with one")]
    public void Parse_BadLine_ReportedWithItsLineNumberAndNothingRead(string line, string expected)
    {
        var error = SingleError(Lines(Header, "spot,,BTC,1,,,,,", line, "spot,,BTC,2,,,,,"));

        Assert.Equal(3, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedQuote_ReportedOnTheLineItOpens()
    {
        var error = SingleError(Lines(Header, "spot,,BTC,1,,,,,", "perp,\"Binance,ETH,-1,3000,,,,", "spot,,BTC,2,,,,,"));

        Assert.Equal(3, error.Line);
        Assert.Contains("field 2 opens a double quote that is never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralBadLines_EveryLineCheckedEveryErrorListedNoEntries()
    {
        var (entries, errors) = Parse(Lines(
            Header,
            "perp,,ETH,-1,3000,,,,",
            "perp,,ETH,x,,,,,",
            "spot,,BTC,1,,,,,",
            "",
            "option,,ETH,1,,,,,",
            "perp,,ETH,-1,3000,,,,"));

        Assert.Empty(entries);
        Assert.Equal(
        [
            (3, "quantity"), (3, "entry_price_usd"),
            (6, "strike"), (6, "expiry"), (6, "right"),
        ], errors.Select(e => (e.Line!.Value, e.Message.Split(' ')[0])));
    }

    [Fact]
    public void Parse_MultiLineQuotedField_LineNumbersCountPhysicalLines()
    {
        var (_, errors) = Parse(Lines(
            Header,
            "spot,\"two",
            "lines\",BTC,1,,,,,",
            "spot,,BTC,0,,,,,"));

        Assert.Equal(
        [
            "line 2: label contains a line break or another control character: keep it on one line.",
            "line 4: quantity is 0: a position of no units has no exposure; write its signed size (short < 0) or leave it out.",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_BlankLinesBetweenPositions_SkippedWithoutShiftingLineNumbers()
    {
        var (_, errors) = Parse(Lines(Header, "", "spot,,BTC,1,,,,,", "   ", "", "spot,,BTC,x,,,,,"));

        Assert.Equal(6, Assert.Single(errors).Line);
    }

    [Fact]
    public void Parse_ExactlyMaxRows_AllRead()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < ManualPositionCsv.MaxRows; i++) text.Append("spot,,ETH,1,,,,,\n");

        var (entries, errors) = Parse(text.ToString());

        Assert.Empty(errors);
        Assert.Equal(5000, entries.Count);
    }

    [Fact]
    public void Parse_MoreThanMaxRows_OneErrorSayingToSplitTheFile()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i <= ManualPositionCsv.MaxRows; i++) text.Append("spot,,ETH,x,,,,,\n");

        var error = SingleError(text.ToString());

        Assert.Null(error.Line);
        Assert.Equal("The file has more than 5,000 positions: split it into files of at most 5,000 positions and import them one after the other.", error.Message);
    }

    [Fact]
    public void Parse_LargerThan1MB_OneErrorWithoutReadingTheRest()
    {
        var label = new string('x', 300); // fewer lines than the row limit: the size limit speaks first
        var text = new StringBuilder(Header).Append('\n');
        while (text.Length <= ManualPositionCsv.MaxBytes) text.Append("spot,").Append(label).Append(",ETH,1,,,,,\n");

        var error = SingleError(text.ToString());

        Assert.Null(error.Line);
        Assert.StartsWith("The file is larger than 1 MB: split it into files of at most 1 MB and 5,000 positions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLarge_WithByteCount_SaysTheSize()
    {
        Assert.StartsWith("The file is larger than 1 MB (2,097,152 bytes): split it", ManualPositionCsv.TooLarge(2 * 1024 * 1024).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReadmeExample_ReadsWithoutErrors()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ExposureWeb.sln"))) dir = dir.Parent;
        var readme = File.ReadAllText(Path.Combine(dir!.FullName, "README.md"));
        var section = readme[readme.IndexOf("## Manual positions (CSV)", StringComparison.Ordinal)..];
        var start = section.IndexOf("```\n", StringComparison.Ordinal) + 4;
        var example = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        var (entries, errors) = Parse(example);

        Assert.Empty(errors);
        Assert.Equal(4, entries.Count);
        Assert.StartsWith(Header + "\n", example, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhatTheFormWrites_ReadsBack()
    {
        ManualPositionValues[] all =
        [
            new(ManualPositionKind.Perp, "ETH", -2.5, "Binance, \"main\"", EntryPriceUsd: 3150.5, CashUsd: 12_000),
            new(ManualPositionKind.Option, "BTC", 3, Strike: 120_000, Expiry: new DateTimeOffset(2027, 6, 25, 8, 0, 0, TimeSpan.Zero), Right: ManualOptionRight.Call),
        ];
        var text = new StringBuilder(Header).Append('\n');
        foreach (var values in all)
        {
            var fields = ManualPositionFields.From(values);
            text.AppendJoin(',', ManualPositionField.All.Select(f => "\"" + (fields[f] ?? "").Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")).Append("\r\n");
        }

        var (entries, errors) = Parse(text.ToString());

        Assert.Empty(errors);
        Assert.Equal(all, entries);
    }
}
