using System.Text;
using ExposureWeb.Auth;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Hubs;
using ExposureWeb.Risk.ManualPositions;

namespace ExposureWeb.Api;

/// <summary>
/// A portfolio's positions, paged, and its manual positions over REST: listed a page at a time, added one by one or
/// imported from CSV (the format of the page's import, all or nothing). Another workspace's portfolio answers 404; a
/// viewer's change 403; an invalid body 400 with every problem; a quota 409 (count) or 429 with <c>Retry-After</c> (the
/// hourly import limit), each with a problem body that names the setting. Nothing is saved unless all of it is.
/// </summary>
public static class ManualPositionsApi
{
    public const int DefaultPageSize = 100;

    public static IEndpointRouteBuilder MapManualPositionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Portfolios");

        // The snapshot's positions a page at a time: the exposure document of a large portfolio carries only the first ones.
        api.MapGet("/portfolios/{id:int}/positions", async (int id, int? page, int? pageSize, HttpContext http, UserPortfolios portfolios, CoalescingHubPublisher hub) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await portfolios.FindAsync(userId, id, http.RequestAborted) is null) return Results.NotFound();
            if (Paging(page, pageSize) is not var (p, size)) return BadPaging();
            return Results.Ok(hub.Positions(id, (p - 1) * size, size));
        }).WithName("ListPositions").WithSummary("A page of the newest snapshot's positions (?page=1&pageSize=100, at most 500)")
            .Produces<PositionPage>().ProducesProblem(400).Produces(404);

        api.MapGet("/portfolios/{id:int}/manual-positions", async (int id, int? page, int? pageSize, HttpContext http, UserPortfolios portfolios, ManualPositionStore store) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await portfolios.FindAsync(userId, id, http.RequestAborted) is null) return Results.NotFound();
            if (Paging(page, pageSize) is not var (p, size)) return BadPaging();
            var rows = await store.ListPageAsync(id, (p - 1) * size, size, http.RequestAborted);
            return Results.Ok(new ManualPositionListDto(rows.Total, p, size, rows.Items.Select(ManualPositionDto.Of).ToList()));
        }).WithName("ListManualPositions").WithSummary("A page of the portfolio's manual positions (?page=1&pageSize=100, at most 500)")
            .Produces<ManualPositionListDto>().ProducesProblem(400).Produces(404);

        api.MapPost("/portfolios/{id:int}/manual-positions", async (int id, ManualPositionValues body, HttpContext http, UserPortfolios portfolios, ManualPositionStore store) =>
        {
            if (await EditableAsync(http, portfolios, id) is { } refused) return refused;
            var result = await store.AddAsync(id, body, http.RequestAborted);
            return result.Outcome switch
            {
                ManualPositionOutcome.Saved => Results.Created($"/api/portfolios/{id}/manual-positions", ManualPositionDto.Of(result.Entry!)),
                ManualPositionOutcome.Invalid => Results.ValidationProblem(
                    result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                    "The position is invalid; nothing was saved."),
                ManualPositionOutcome.QuotaReached => QuotaProblem.Of(result.Message),
                _ => Results.NotFound(),
            };
        }).WithName("AddManualPosition").WithSummary("Adds one manual position (editors)")
            .Produces<ManualPositionDto>(201).ProducesValidationProblem().ProducesProblem(403).Produces(404).ProducesProblem(409);

        api.MapPost("/portfolios/{id:int}/manual-positions/import", async (int id, HttpContext http, UserPortfolios portfolios, ManualPositionStore store) =>
        {
            if (await EditableAsync(http, portfolios, id) is { } refused) return refused;
            if (await ReadCsvAsync(http) is not { } csv) return Invalid([ManualPositionCsv.TooLarge(http.Request.ContentLength)]);
            var result = await store.ImportCsvAsync(id, new StringReader(csv), http.RequestAborted);
            return result.Outcome switch
            {
                ManualPositionOutcome.Saved => Results.Ok(new ManualPositionImportDto(result.Imported)),
                ManualPositionOutcome.Invalid => Invalid(result.Errors),
                ManualPositionOutcome.QuotaReached => QuotaProblem.Of(result.Message),
                ManualPositionOutcome.TooManyImports => QuotaProblem.TooMany(http, result.Message, result.RetryAfter ?? TimeSpan.FromMinutes(1)),
                _ => Results.NotFound(),
            };
        }).WithName("ImportManualPositions").WithSummary("Imports a CSV file of manual positions, all or nothing (editors; body text/csv, at most 1 MB)")
            .Accepts<string>("text/csv").Produces<ManualPositionImportDto>().ProducesProblem(400).ProducesProblem(403).Produces(404).ProducesProblem(409).ProducesProblem(429);
        return app;
    }

    private static (int Page, int Size)? Paging(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        return p >= 1 && size is >= 1 and <= PositionPage.MaxPageSize ? (p, size) : null;
    }

    private static IResult BadPaging() =>
        Results.Problem($"page starts at 1 and pageSize is 1 to {PositionPage.MaxPageSize}, e.g. ?page=2&pageSize={DefaultPageSize}", statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Null when the caller may change the portfolio; else 404 (not theirs, or missing) or 403 (a viewer).</summary>
    private static async Task<IResult?> EditableAsync(HttpContext http, UserPortfolios portfolios, int id)
    {
        if (http.User.UserId() is not { } userId) return Results.Forbid();
        var access = await portfolios.FindAsync(userId, id, http.RequestAborted);
        if (access is null) return Results.NotFound();
        return access.CanEdit ? null
            : Results.Problem($"your role ({access.Role.ToString().ToLowerInvariant()}) may read this portfolio but not change it; ask an editor of the workspace", statusCode: StatusCodes.Status403Forbidden);
    }

    /// <summary>The body as text, or null when it is larger than the import's limit (read no further than that).</summary>
    private static async Task<string?> ReadCsvAsync(HttpContext http)
    {
        if (http.Request.ContentLength > ManualPositionCsv.MaxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ManualPositionCsv.MaxBytes) return null;
        }
        buffer.Position = 0;
        using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    private static IResult Invalid(IReadOnlyList<CsvLineError> errors) =>
        Results.Problem("The file was not imported; nothing was saved. " + string.Join(" ", errors.Take(20).Select(e => e.ToString()))
            + (errors.Count > 20 ? $" … and {errors.Count - 20} more." : ""), statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { line = e.Line, message = e.Message }).ToList() });
}

/// <summary>A page of manual positions.</summary>
public sealed record ManualPositionListDto(int Total, int Page, int PageSize, IReadOnlyList<ManualPositionDto> Items);

/// <summary>One manual position as stored.</summary>
public sealed record ManualPositionDto(int Id, string Kind, string Underlying, double Quantity, string? Label, double? EntryPriceUsd, double? Strike,
    DateTimeOffset? Expiry, string? Right, double? CashUsd, DateTimeOffset UpdatedAt)
{
    public static ManualPositionDto Of(ManualPositionEntry e) => new(e.Id, e.Kind.ToString().ToLowerInvariant(), e.Underlying, e.Quantity, e.Label,
        e.EntryPriceUsd, e.Strike, e.Expiry, e.Right?.ToString().ToLowerInvariant(), e.CashUsd, e.UpdatedAt);
}

/// <summary>How many positions an import saved.</summary>
public sealed record ManualPositionImportDto(int Imported);
