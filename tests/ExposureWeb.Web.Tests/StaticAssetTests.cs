using System.Net;
using System.Text.RegularExpressions;

namespace ExposureWeb.Web.Tests;

/// <summary>The app serves its scripts and styles itself: no CDN, nothing fetched from another origin.</summary>
[Collection(SharedAppCollection.Name)]
public sealed partial class StaticAssetTests(SharedApp app)
{
    [GeneratedRegex("""<script\b[^>]*\bsrc\s*=\s*["']([^"']*)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSrc();

    [GeneratedRegex("""<link\b[^>]*\bhref\s*=\s*["']([^"']*)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex LinkHref();

    private async Task<List<string>> AssetUrlsOfHomeAsync()
    {
        var html = await app.Factory.CreateClient().GetStringAsync("/");
        return [.. ScriptSrc().Matches(html).Select(m => m.Groups[1].Value), .. LinkHref().Matches(html).Select(m => m.Groups[1].Value)];
    }

    [Fact]
    public async Task Home_ScriptsAndStylesheets_AllSameOriginRelative()
    {
        var urls = await AssetUrlsOfHomeAsync();

        Assert.NotEmpty(urls);
        Assert.Contains(urls, u => u.Contains("MudBlazor", StringComparison.Ordinal) && u.Contains(".css", StringComparison.Ordinal));
        Assert.Contains(urls, u => u.Contains("blazor.web", StringComparison.Ordinal));
        Assert.All(urls, u =>
        {
            Assert.False(Uri.TryCreate(u, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https", $"{u} is on another origin");
            Assert.False(u.StartsWith("//", StringComparison.Ordinal), $"{u} is protocol-relative: another origin");
            Assert.DoesNotContain("://", u, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Home_EveryReferencedScriptAndStylesheet_ServedByTheApp()
    {
        var client = app.Factory.CreateClient();

        foreach (var url in await AssetUrlsOfHomeAsync())
        {
            using var response = await client.GetAsync(url.TrimStart('/'));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
            Assert.True(body.Length > 0, $"{url} is empty");
        }
    }

    [Theory]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css", "mud-")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js", "text/javascript", "")]
    [InlineData("/css/app.css", "text/css", "")]
    public async Task Asset_WellKnownPath_200WithContent(string path, string mediaType, string expectedText)
    {
        using var response = await app.Factory.CreateClient().GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.Length > 100 || path == "/css/app.css" && body.Length > 0, $"{path}: {body.Length} characters");
        Assert.Contains(expectedText, body, StringComparison.Ordinal);
    }
}
