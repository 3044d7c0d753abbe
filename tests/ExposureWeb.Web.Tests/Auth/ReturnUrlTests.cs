using ExposureWeb.Auth;

namespace ExposureWeb.Web.Tests.Auth;

/// <summary>Return URLs after sign-in: local paths only, judged after what a browser does to a URL.</summary>
public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/portfolios/12")]
    [InlineData("/portfolios/12/stress?run=3")]
    [InlineData("/account/tokens")]
    public void Local_PathOfThisSite_Kept(string url)
    {
        Assert.Equal(url, ReturnUrls.Local(url));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/\t/evil.example")] // the browser drops the tab: //evil.example
    [InlineData("/\n/evil.example")]
    [InlineData("/\r/evil.example")]
    [InlineData(" //evil.example")]
    [InlineData("/%2Fevil.example")] // decoded once more on its way: //evil.example
    [InlineData("/%09/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("/%252F%252Fevil.example")]
    [InlineData("/%25252525252F")]
    [InlineData("/signin?ReturnUrl=%2F")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/portfolios/1\u0085")]
    public void Local_NotAPlainLocalPath_Refused(string? url)
    {
        Assert.Null(ReturnUrls.Local(url));
    }

    [Fact]
    public void Local_Overlong_Refused()
    {
        Assert.Null(ReturnUrls.Local("/" + new string('a', ReturnUrls.MaxLength)));
    }
}
