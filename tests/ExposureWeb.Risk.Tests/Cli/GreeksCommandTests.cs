using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Cli;

/// <summary>`exposure greeks` end to end on files: output format, order, and no output on a bad row.</summary>
public sealed class GreeksCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("exposure-greeks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = ExposureWeb.Cli.Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Greeks_QuantLibVectorFile_OneRowPerInputMatchingQuantLib()
    {
        string output = Path.Combine(_dir, "out.csv");
        var (code, _, err) = Run("greeks", "--in", VectorFile.PathOf("greeks_in.csv"), "--out", output);
        Assert.True(code == 0, err);

        var lines = File.ReadAllLines(output);
        Assert.Equal("price,delta,gamma,vega,theta,rho", lines[0]);
        Assert.Equal(501, lines.Length);
        var input = VectorFile.Rows("greeks_in.csv");
        var expected = VectorFile.Rows("greeks_quantlib.csv");
        for (int i = 0; i < 500; i++)
        {
            double spot = VectorFile.D(input[i][0]);
            var actual = lines[i + 1].Split(',').Select(VectorFile.D).ToArray();
            Tolerance.AssertClose(VectorFile.D(expected[i][0]), actual[0], 1e-10, 1e-12 * spot, $"line {i + 2} price");
            Tolerance.AssertClose(VectorFile.D(expected[i][3]), actual[3], 1e-10, 1e-12 * spot, $"line {i + 2} vega");
        }
    }

    [Fact]
    public void Greeks_TextbookRows_RoundTripDoublesInOrder()
    {
        string input = Write("in.csv", "spot,strike,years,rate,carry,vol,type\r\n100,100,1,0.05,0,0.2,C\r\n100,100,1,0.05,0,0.2,P\r\n\r\n");
        string output = Path.Combine(_dir, "out.csv");
        Assert.Equal(0, Run("greeks", "--in", input, "--out", output).Code);
        var rows = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',').Select(VectorFile.D).ToArray()).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal(10.4506, rows[0][0], 4);
        Assert.Equal(5.5735, rows[1][0], 4);
    }

    [Fact]
    public void Greeks_NegativeVolOnLine3_ErrorNamesLineAndNoOutputFile()
    {
        string input = Write("in.csv", "spot,strike,years,rate,carry,vol,type\n100,100,1,0.05,0,0.2,C\n100,100,1,0.05,0,-0.2,P\n");
        string output = Path.Combine(_dir, "out.csv");
        var (code, _, err) = Run("greeks", "--in", input, "--out", output);
        Assert.Equal(1, code);
        Assert.Contains("line 3: vol must not be negative (was -0.2)", err);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Theory]
    [InlineData("abc,100,1,0.05,0,0.2,C", "line 2: spot 'abc' is not a number")]
    [InlineData("100,100,1,0.05,0,0.2,X", "line 2: type 'X' must be C or P")]
    [InlineData("100,100,1,0.05,0,0.2", "line 2: expected 7 fields")]
    [InlineData("0,100,1,0.05,0,0.2,C", "line 2: spot must be positive (was 0)")]
    [InlineData("100,100,NaN,0.05,0,0.2,C", "line 2: years is NaN")]
    public void Greeks_BadRow_ClearErrorWithLineNumber(string row, string message)
    {
        string input = Write("in.csv", $"spot,strike,years,rate,carry,vol,type\n{row}\n");
        var (code, _, err) = Run("greeks", "--in", input, "--out", Path.Combine(_dir, "out.csv"));
        Assert.Equal(1, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void Greeks_WrongHeader_ErrorOnLine1()
    {
        string input = Write("in.csv", "S,K,T,r,q,sigma,type\n100,100,1,0.05,0,0.2,C\n");
        var (code, _, err) = Run("greeks", "--in", input, "--out", Path.Combine(_dir, "out.csv"));
        Assert.Equal(1, code);
        Assert.Contains("line 1: expected the header 'spot,strike,years,rate,carry,vol,type'", err);
    }

    [Fact]
    public void Greeks_BadRow_ExistingOutputLeftUntouched()
    {
        string output = Write("out.csv", "previous results\n");
        string input = Write("in.csv", "spot,strike,years,rate,carry,vol,type\n-1,100,1,0.05,0,0.2,C\n");
        Assert.Equal(1, Run("greeks", "--in", input, "--out", output).Code);
        Assert.Equal("previous results\n", File.ReadAllText(output));
    }

    [Fact]
    public void Greeks_MissingInputFile_DataError()
    {
        var (code, _, err) = Run("greeks", "--in", Path.Combine(_dir, "nope.csv"), "--out", Path.Combine(_dir, "out.csv"));
        Assert.Equal(1, code);
        Assert.Contains("cannot read", err);
    }

    private static string[] Split(string commandLine) => commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("greeks --in x.csv")]
    [InlineData("greeks --in x.csv --out y.csv --frobnicate")]
    [InlineData("greeks x.csv y.csv")]
    [InlineData("launch")]
    [InlineData("")]
    public void Run_BadCommandLine_UsageErrorExitCode2(string commandLine) => Assert.Equal(2, Run(Split(commandLine)).Code);

    [Theory]
    [InlineData("--help")]
    [InlineData("greeks --help")]
    [InlineData("bench -h")]
    public void Run_Help_PrintsUsage(string commandLine)
    {
        var (code, stdout, _) = Run(Split(commandLine));
        Assert.Equal(0, code);
        Assert.Contains("greeks --in FILE.csv --out FILE.csv", stdout);
        Assert.Contains("bench", stdout);
    }
}
