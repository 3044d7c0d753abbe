using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.DevChain.Anvil;
using ExposureWeb.Engine.Governance;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Governance;

/// <summary>
/// The governance REST API on the demo chain, through real sign-ins, a real SQLite database, Hangfire and forks of anvil:
/// the queued demo proposal listed and reported, exports, what-ifs, and one user's portfolios never in another's answer.
/// </summary>
[Collection(GovernanceAppCollection.Name)]
public sealed class GovernanceApiTests(GovernanceApp app)
{
    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static Task<HttpResponseMessage> WhatIfAsync(HttpClient client, string change, string chain = GovernanceApp.ChainName) =>
        client.PostAsJsonAsync("/api/governance/what-if", new { chain, change, executeAt = (DateTimeOffset?)null });

    private static IReadOnlyList<int> PortfolioIds(JsonElement view) =>
        view.GetProperty("report").GetProperty("portfolios").EnumerateArray().Select(p => p.GetProperty("portfolioId").GetInt32()).ToList();

    private static JsonElement Portfolio(JsonElement view, int id) =>
        Assert.Single(view.GetProperty("report").GetProperty("portfolios").EnumerateArray(), p => p.GetProperty("portfolioId").GetInt32() == id);

    private static double Hf(JsonElement portfolio, string name) =>
        portfolio.GetProperty(name) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble()
        : double.Parse(portfolio.GetProperty(name).GetString()!, CultureInfo.InvariantCulture); // "Infinity" without debt

    private static IReadOnlyList<string> ChangeErrors(JsonElement problem) =>
        problem.GetProperty("errors").GetProperty("change").EnumerateArray().Select(e => e.GetString()!).ToList();

    [Fact]
    public async Task ScanThenChanges_DemoChain_202WithJobIdThenQueuedProposalWithEtaAndReport()
    {
        var client = app.Bob.Client;
        var before = await BodyAsync(await client.GetAsync("/api/chains/local/governance/changes"));
        var scansBefore = before.GetProperty("scanCount").GetInt32();

        var asked = DateTimeOffset.UtcNow;
        using var started = await client.PostAsync("/api/chains/local/governance/scan", null);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.False(string.IsNullOrEmpty((await BodyAsync(started)).GetProperty("jobId").GetString()));
        var changes = await Poll.UntilAsync(
            async () => await BodyAsync(await client.GetAsync("/api/chains/local/governance/changes")),
            c => c.GetProperty("scanCount").GetInt32() > scansBefore,
            "the queued scan to run (Hangfire) and be counted", TimeSpan.FromSeconds(60));
        Assert.Equal("local", changes.GetProperty("chain").GetString());
        Assert.True(changes.GetProperty("lastScanBlock").GetInt64() > 0);
        var proposal = Assert.Single(changes.GetProperty("proposals").EnumerateArray());
        Assert.Equal("Queued", proposal.GetProperty("state").GetString());
        var eta = proposal.GetProperty("eta").GetDateTimeOffset();
        Assert.True(eta > DateTimeOffset.UnixEpoch);
        var left = proposal.GetProperty("timeLeftSeconds").GetInt64();
        // Computed from the server's clock at the answer: between "ETA − now" after it and "ETA − the time of asking".
        var (least, most) = (Math.Max(0, (long)Math.Floor((eta - DateTimeOffset.UtcNow).TotalSeconds)), Math.Max(0, (long)Math.Ceiling((eta - asked).TotalSeconds)));
        Assert.True(left >= least && left <= most, $"time left {left} s for ETA {eta}, expected {least}..{most}");
        Assert.Equal(app.QueuedProposalReportId, proposal.GetProperty("latestReportId").GetInt32());
        Assert.Contains("WETH liquidation threshold", proposal.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.True(proposal.GetProperty("affectedPortfolios").GetInt32() >= 2, "the demo portfolio and Bob's own wallet borrow against WETH");
        Assert.Contains(proposal.GetProperty("changes").EnumerateArray(), c => c.GetProperty("parameter").GetString() == "liquidationThreshold" && c.GetProperty("after").GetString() == "8000");
    }

    [Fact]
    public async Task Changes_UnknownChain_404Problem()
    {
        using var response = await app.Bob.Client.GetAsync("/api/chains/nowhere/governance/changes");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nowhere", (await BodyAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Bob.Client.PostAsync("/api/chains/nowhere/governance/scan", null)).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/chains/local/governance/changes")]
    [InlineData("GET", "/api/governance/reports/1")]
    [InlineData("POST", "/api/governance/what-if")]
    [InlineData("POST", "/api/chains/local/governance/scan")]
    public async Task GovernanceEndpoints_Anonymous_401(string method, string path)
    {
        using var anonymous = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(new { chain = "local", change = "WETH ltv 70%" }) : null,
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Report_Json_DemoAndOwnPortfoliosWithHealthBeforeAndAfter()
    {
        using var response = await app.Bob.Client.GetAsync($"/api/governance/reports/{app.QueuedProposalReportId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var view = await BodyAsync(response);
        Assert.Equal(app.QueuedProposalReportId, view.GetProperty("id").GetInt32());
        Assert.Equal(ImpactReportKinds.Proposal, view.GetProperty("report").GetProperty("kind").GetString());
        Assert.Equal("Queued", view.GetProperty("report").GetProperty("proposalState").GetString());
        foreach (var id in new[] { app.DemoPortfolioId, app.Bob.PortfolioId })
        {
            var portfolio = Portfolio(view, id);
            Assert.True(portfolio.GetProperty("affected").GetBoolean());
            var (before, after) = (Hf(portfolio, "healthBefore"), Hf(portfolio, "healthAfter"));
            Assert.True(after < before, $"portfolio {id}: HF {before} → {after}");
        }
    }

    [Fact]
    public async Task Report_AnotherUser_SameReportWithoutTheFirstUsersPortfolio()
    {
        var bobs = PortfolioIds(await BodyAsync(await app.Bob.Client.GetAsync($"/api/governance/reports/{app.QueuedProposalReportId}")));
        using var response = await app.Carol.Client.GetAsync($"/api/governance/reports/{app.QueuedProposalReportId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var carols = PortfolioIds(await BodyAsync(response));
        Assert.Contains(app.Bob.PortfolioId, bobs);
        Assert.DoesNotContain(app.Bob.PortfolioId, carols);
        Assert.Contains(app.Carol.PortfolioId, carols);
        Assert.Contains(app.DemoPortfolioId, carols); // the demo workspace is everyone's to view
        Assert.Contains(GovernanceApp.BobsPortfolioName, await app.Bob.Client.GetStringAsync($"/api/governance/reports/{app.QueuedProposalReportId}?format=md"), StringComparison.Ordinal);
        Assert.DoesNotContain(GovernanceApp.BobsPortfolioName, await app.Carol.Client.GetStringAsync($"/api/governance/reports/{app.QueuedProposalReportId}?format=md"), StringComparison.Ordinal);
        var csv = await app.Carol.Client.GetStringAsync($"/api/governance/reports/{app.QueuedProposalReportId}?format=csv");
        Assert.DoesNotContain(csv.Split("\r\n").Skip(1), l => l.Split(',').ElementAtOrDefault(10) == app.Bob.PortfolioId.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Report_FormatMd_MarkdownAttachment()
    {
        using var response = await app.Bob.Client.GetAsync($"/api/governance/reports/{app.QueuedProposalReportId}?format=md");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"governance-report-{app.QueuedProposalReportId}.md", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("# ", text, StringComparison.Ordinal);
        Assert.Contains("## Portfolios", text, StringComparison.Ordinal);
        Assert.Contains("Demo portfolio", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_FormatCsv_HeaderAndOneRowPerAccountAsAttachment()
    {
        var json = await BodyAsync(await app.Bob.Client.GetAsync($"/api/governance/reports/{app.QueuedProposalReportId}"));
        var expectedRows = json.GetProperty("report").GetProperty("portfolios").EnumerateArray()
            .Sum(p => Math.Max(1, p.GetProperty("accounts").GetArrayLength()));

        using var response = await app.Bob.Client.GetAsync($"/api/governance/reports/{app.QueuedProposalReportId}?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"governance-report-{app.QueuedProposalReportId}.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("report_id,chain,kind,", lines[0], StringComparison.Ordinal);
        Assert.Equal(expectedRows, lines.Length - 1);
        Assert.Contains(lines.Skip(1), l => l.Contains(DemoChain.Trader.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_AcceptCsv_Csv()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/governance/reports/{app.QueuedProposalReportId}");
        request.Headers.Accept.ParseAdd("text/csv");

        using var response = await app.Bob.Client.SendAsync(request);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("report_id,", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_FormatXml_400NamingTheAllowedFormats()
    {
        using var response = await app.Bob.Client.GetAsync($"/api/governance/reports/{app.QueuedProposalReportId}?format=xml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await BodyAsync(response)).GetProperty("detail").GetString()!;
        foreach (var format in new[] { "json", "md", "csv" }) Assert.Contains(format, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Missing_404()
    {
        using var response = await app.Bob.Client.GetAsync("/api/governance/reports/999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WhatIf_ThresholdBelowLtv_400WithAavesRuleInWords()
    {
        using var response = await WhatIfAsync(app.Bob.Client, "WETH liquidation threshold 78%");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = Assert.Single(ChangeErrors(await BodyAsync(response)));
        Assert.Contains("LTV 80.5% above the liquidation threshold 78%", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_ValidChange_201WithLocationAndAffectedDemoPortfolio_OthersGet404()
    {
        using var response = await WhatIfAsync(app.Bob.Client, "WETH liquidation threshold 81%");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = await BodyAsync(response);
        var id = view.GetProperty("id").GetInt32();
        Assert.Equal($"/api/governance/reports/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(ImpactReportKinds.WhatIf, view.GetProperty("report").GetProperty("kind").GetString());
        Assert.Contains(view.GetProperty("report").GetProperty("changes").EnumerateArray(),
            c => c.GetProperty("parameter").GetString() == "liquidationThreshold" && c.GetProperty("before").GetString() == "8300" && c.GetProperty("after").GetString() == "8100");
        var demo = Portfolio(view, app.DemoPortfolioId);
        Assert.True(demo.GetProperty("affected").GetBoolean());
        Assert.True(Hf(demo, "healthAfter") < Hf(demo, "healthBefore"));
        Assert.DoesNotContain(app.Carol.PortfolioId, PortfolioIds(view));

        using var again = await app.Bob.Client.GetAsync($"/api/governance/reports/{id}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(PortfolioIds(view), PortfolioIds(await BodyAsync(again)));
        using var other = await app.Carol.Client.GetAsync($"/api/governance/reports/{id}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var otherMd = await app.Carol.Client.GetAsync($"/api/governance/reports/{id}?format=md");
        Assert.Equal(HttpStatusCode.NotFound, otherMd.StatusCode);
    }

    [Theory]
    [InlineData("make it safer please", "\"<symbol> <parameter> <value>\"")]
    [InlineData("WETH liquidation threshold 81%\nWETH colour 5%", "line 2: unknown parameter \"colour\"")]
    [InlineData("", "type a change")]
    public async Task WhatIf_Unreadable_400NamingTheExpectedForm(string change, string expected)
    {
        using var response = await WhatIfAsync(app.Bob.Client, change);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(ChangeErrors(await BodyAsync(response)), m => m.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhatIf_ChangeLongerThan2000Characters_400()
    {
        using var response = await WhatIfAsync(app.Bob.Client, "WETH ltv 70%;" + new string(' ', 2_000));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("2000", Assert.Single(ChangeErrors(await BodyAsync(response))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_UnknownChain_404()
    {
        using var response = await WhatIfAsync(app.Bob.Client, "WETH liquidation threshold 81%", chain: "nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WhatIf_TwoAtOnceBySameUser_OneRunsTheOther429WithRetryAfter()
    {
        var first = WhatIfAsync(app.Carol.Client, "WETH liquidation threshold 82%");
        var second = WhatIfAsync(app.Carol.Client, "WETH liquidation threshold 82%");
        using var a = await first;
        using var b = await second;

        var statuses = new[] { a.StatusCode, b.StatusCode }.Order().ToArray();
        Assert.Equal(new[] { HttpStatusCode.Created, HttpStatusCode.TooManyRequests }, statuses);
        var refused = a.StatusCode == HttpStatusCode.TooManyRequests ? a : b;
        Assert.NotNull(refused.Headers.RetryAfter);
        // Once the first has answered, the next one runs.
        using var third = await WhatIfAsync(app.Carol.Client, "WETH liquidation threshold 82%");
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
    }

    [Fact]
    public async Task WhatIf_NodeDown_503SayingWhatFailedWithoutStackTrace()
    {
        var dead = app.Chain.CloneProfile();
        dead.Name = "dead-node";
        dead.ChainId = 31_338; // sign-ins keep finding the live chain by id
        dead.RpcUrls = [$"http://127.0.0.1:{FreePort.Pick().ToString(CultureInfo.InvariantCulture)}"];
        dead.WsUrl = null;
        app.Factory.Services.GetRequiredService<ChainRegistry>().Register(dead);

        using var response = await WhatIfAsync(app.Bob.Client, "WETH liquidation threshold 81%", chain: "dead-node");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("dead-node", detail, StringComparison.Ordinal);
        Assert.Contains("retry", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }
}
