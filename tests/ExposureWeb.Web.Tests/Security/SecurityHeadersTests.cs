using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ExposureWeb.Web.Tests.Security;

/// <summary>Response headers that fence the pages in: CSP, nosniff, referrer policy, no framing; HTTPS only when served over HTTPS.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class SecurityHeadersTests(SharedApp shared)
{
    [Theory]
    [InlineData("/signin")]
    [InlineData("/api/portfolios")]
    [InlineData("/health")]
    [InlineData("/no-such-page")]
    public async Task Get_AnyResponse_CarriesCspNosniffReferrerPolicyAndNoFraming(string path)
    {
        using var client = shared.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotMatch("script-src[^;]*'unsafe-inline'", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS on a plain HTTP response");
    }

    [Fact]
    public async Task Get_SignInPage_ImportMapCarriesTheResponsesNonce()
    {
        using var client = shared.Factory.CreateClient();

        using var response = await client.GetAsync("/signin");
        var html = await response.Content.ReadAsStringAsync();

        var nonce = System.Text.RegularExpressions.Regex.Match(Assert.Single(response.Headers.GetValues("Content-Security-Policy")), "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OverHttps_HstsForAYear()
    {
        // A host the app serves (AllowedHosts) that is not loopback: HSTS is never sent for localhost.
        await using var app = shared.Factory.WithWebHostBuilder(b => b.UseSetting("AllowedHosts", "exposure.test"));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://exposure.test"), AllowAutoRedirect = false });

        using var response = await client.GetAsync("/signin");

        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }
}

/// <summary>The same on Kestrel and with an HTTPS public origin: things the test server cannot show.</summary>
public sealed class TransportSecurityTests
{
    [Fact]
    public async Task Get_OnKestrel_NoServerHeader()
    {
        await using var factory = new ExposureWebFactory(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });
        factory.UseKestrel();
        factory.StartServer();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), "Server: " + string.Join(",", response.Headers.TryGetValues("Server", out var v) ? v : []));
    }

    [Fact]
    public async Task Get_PlainHttpWhenPublicOriginIsHttps_RedirectedToHttps()
    {
        await using var factory = new ExposureWebFactory(new Dictionary<string, string?> { ["Auth:PublicOrigin"] = "https://exposure.test" });
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://exposure.test"), AllowAutoRedirect = false });

        using var response = await client.GetAsync("/signin?x=1");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://exposure.test/signin?x=1", response.Headers.Location?.ToString());
    }
}
