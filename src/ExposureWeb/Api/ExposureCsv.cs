using System.Globalization;
using System.Text;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Api;

/// <summary>
/// CSV of the API (RFC 4180, '.' decimals, UTC ISO-8601 times). Column names carry their units; every row carries
/// the block it was read at, so a file on its own still says where its numbers come from.
/// </summary>
public static class ExposureCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public const string ExposureHeader =
        "underlying,net_delta_units,price_usd,usd_delta_usd,dollar_gamma_per_1pct_usd,vega_per_vol_point_usd,theta_per_day_usd," +
        "oracle_updated_at_utc,price_issue,holdings,chain,block_number,block_hash,block_time_utc";

    public const string PortfoliosHeader = "id,name,chain,workspace,role,address,label";

    public static string Exposure(ExposureSnapshot snapshot)
    {
        var csv = new StringBuilder(ExposureHeader).Append("\r\n");
        foreach (var row in snapshot.Assets)
        {
            Row(csv, row.Underlying, Number(row.Quantity), Number(row.PriceUsd), Number(row.UsdDelta), Number(row.DollarGammaPerPercent),
                Number(row.VegaPerVolPoint), Number(row.ThetaPerDay), Time(row.OracleUpdatedAt), row.PriceIssue, row.Holdings,
                snapshot.ChainName, snapshot.BlockNumber.ToString(CultureInfo.InvariantCulture), snapshot.BlockHash, Time(snapshot.BlockTime));
        }
        return csv.ToString();
    }

    public static string Portfolios(IEnumerable<PortfolioDto> portfolios)
    {
        var csv = new StringBuilder(PortfoliosHeader).Append("\r\n");
        foreach (var p in portfolios)
        {
            var id = p.Id.ToString(CultureInfo.InvariantCulture);
            if (p.Addresses.Count == 0) Row(csv, id, p.Name, p.Chain, p.Workspace, p.Role, null, null);
            foreach (var a in p.Addresses) Row(csv, id, p.Name, p.Chain, p.Workspace, p.Role, a.Address, a.Label);
        }
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, params string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) csv.Append(',');
            csv.Append(Escape(cells[i]));
        }
        csv.Append("\r\n");
    }

    /// <summary>Quotes a cell when it holds a separator, quote or line break; a leading = + - @ is defused for spreadsheets.</summary>
    public static string Escape(string? cell)
    {
        if (string.IsNullOrEmpty(cell)) return "";
        var text = cell;
        // A label like "=HYPERLINK(...)" must stay text when the file is opened in a spreadsheet (CSV injection).
        if (text[0] is '=' or '+' or '@' or '\t' or '\r' || (text[0] == '-' && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            text = "'" + text;
        }
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static string? Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : null;

    private static string? Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
