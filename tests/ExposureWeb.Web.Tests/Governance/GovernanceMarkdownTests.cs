using ExposureWeb.Components.Governance;

namespace ExposureWeb.Web.Tests.Governance;

/// <summary>A proposal's description is anyone's text: rendered, it must stay text.</summary>
public sealed class GovernanceMarkdownTests
{
    [Theory]
    [InlineData("# <script>alert(1)</script>", "<script>")]
    [InlineData("<div onclick=\"alert(1)\">x</div>", "<div onclick")]
    [InlineData("text <img src=x onerror=alert(1)> more", "<img")]
    [InlineData("# Title {onclick=\"alert(1)\"}", "onclick=\"alert")]
    [InlineData("[click](javascript:alert(1))", "javascript:")]
    [InlineData("[click](JaVa\tScRiPt:alert(1))", "alert(1)\"")]
    [InlineData("<javascript:alert(1)>", "href=\"javascript")]
    [InlineData("![x](data:text/html;base64,PHNjcmlwdD4=)", "data:text")]
    public void ToHtml_HostileText_NoMarkupFromIt(string markdown, string forbidden)
    {
        var html = GovernanceMarkdown.ToHtml(markdown);

        Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToHtml_HtmlInHeading_EscapedAsText()
    {
        var html = GovernanceMarkdown.ToHtml("# Lower <b>WETH</b> threshold");

        Assert.Contains("Lower &lt;b&gt;WETH&lt;/b&gt; threshold</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_PipeTableAndSafeLinks_Rendered()
    {
        var html = GovernanceMarkdown.ToHtml("| a | b |\n|---|---|\n| 1 | [docs](https://aave.com) |\n\n[rel](/governance)");

        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<td>1</td>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://aave.com\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/governance\"", html, StringComparison.Ordinal);
    }
}
