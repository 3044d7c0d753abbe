using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Cli.Commands;

/// <summary>The two renderings of a snapshot: readable text and one JSON document.</summary>
internal static class PositionsOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void WriteText(TextWriter w, ChainProfile profile, IReadOnlyList<string> endpoints, BlockParameter requested, PortfolioPositions s)
    {
        w.WriteLine($"chain      {s.Chain} (chain id {profile.ChainId}) via {string.Join(", ", endpoints)}");
        w.WriteLine($"owner      {string.Join(", ", s.Owners)}");
        w.WriteLine($"block      {s.BlockNumber} ({(requested.IsLatest ? "latest" : "as requested")}), time {Time(s.BlockTime)}");
        w.WriteLine($"cost       {s.Cost.Rounds} round(s), {s.Cost.RoundTrips} round trip(s), {s.Cost.HttpRequests} HTTP request(s), {s.Cost.Calls} call(s)");

        w.WriteLine();
        w.WriteLine($"prices ({s.Prices.Count})");
        foreach (var (underlying, feed) in s.Prices.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var q = feed.Quote;
            w.WriteLine($"  {underlying,-6} {Num(q.PriceUsd)} USD, updated {Time(q.UpdatedAt)}, heartbeat {feed.HeartbeatSeconds} s" +
                (q.Issue is null ? "" : $"  ISSUE: {q.Issue}"));
        }

        w.WriteLine();
        w.WriteLine($"positions ({s.Positions.Count}, {s.Positions.Count(p => !p.IsOk)} with errors)");
        if (s.Positions.Count == 0) w.WriteLine("  (none)");
        foreach (var p in s.Positions)
        {
            w.WriteLine();
            w.WriteLine($"  [{p.Protocol}] {p.Id}");
            w.WriteLine($"    contract     {p.Contract}");
            w.WriteLine($"    owner        {p.Owner}");
            w.WriteLine($"    block        {p.BlockNumber}");
            w.WriteLine($"    underlyings  {(p.Underlyings.Count == 0 ? "(unknown)" : string.Join(", ", p.Underlyings))}");
            w.WriteLine(p.Instrument is null
                ? "    instrument   (none)"
                : $"    instrument   {p.Instrument.GetType().Name}: {p.Instrument.Describe()}");
            if (p.Markers.Count > 0) w.WriteLine($"    markers      {string.Join(", ", p.Markers)}");
            if (p.Error is not null) w.WriteLine($"    ERROR        {p.Error}");
            WriteMap(w, "raw", p.Raw.Select(kv => (kv.Key, kv.Value)));
            WriteMap(w, "decoded", p.Decoded.Select(kv => (kv.Key, Num(kv.Value))));
        }

        w.WriteLine();
        w.WriteLine($"snapshot errors ({s.Errors.Count})");
        if (s.Errors.Count == 0) w.WriteLine("  (none)");
        foreach (var error in s.Errors) w.WriteLine($"  - {error}");
    }

    private static void WriteMap(TextWriter w, string title, IEnumerable<(string Key, string Value)> entries)
    {
        var list = entries.ToList();
        if (list.Count == 0)
        {
            w.WriteLine($"    {title,-12} (none)");
            return;
        }
        w.WriteLine($"    {title}");
        int width = list.Max(e => e.Key.Length);
        foreach (var (key, value) in list) w.WriteLine($"      {key.PadRight(width)}  {value}");
    }

    public static void WriteJson(TextWriter w, ChainProfile profile, IReadOnlyList<string> endpoints, BlockParameter requested, PortfolioPositions s)
    {
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            j.WriteStartObject();
            j.WriteString("chain", s.Chain);
            j.WriteNumber("chainId", profile.ChainId);
            j.WriteStartArray("rpc");
            foreach (var e in endpoints) j.WriteStringValue(e);
            j.WriteEndArray();
            if (requested.Number is { } n) j.WriteNumber("blockRequested", n);
            else j.WriteString("blockRequested", "latest");
            j.WriteNumber("block", s.BlockNumber);
            j.WriteString("blockTime", s.BlockTime);
            j.WriteStartArray("owners");
            foreach (var o in s.Owners) j.WriteStringValue(o.ToString());
            j.WriteEndArray();

            j.WriteStartArray("positions");
            foreach (var p in s.Positions)
            {
                j.WriteStartObject();
                j.WriteString("protocol", p.Protocol);
                j.WriteString("id", p.Id);
                j.WriteString("owner", p.Owner.ToString());
                j.WriteString("contract", p.Contract.ToString());
                j.WriteNumber("block", p.BlockNumber);
                j.WriteStartArray("underlyings");
                foreach (var u in p.Underlyings) j.WriteStringValue(u);
                j.WriteEndArray();
                if (p.Instrument is null) j.WriteNull("instrument");
                else
                {
                    j.WriteStartObject("instrument");
                    j.WriteString("type", p.Instrument.GetType().Name);
                    j.WriteString("description", p.Instrument.Describe());
                    j.WriteEndObject();
                }
                j.WriteStartObject("raw");
                foreach (var (key, value) in p.Raw) j.WriteString(key, value);
                j.WriteEndObject();
                j.WriteStartObject("decoded");
                foreach (var (key, value) in p.Decoded) WriteDouble(j, key, value);
                j.WriteEndObject();
                j.WriteStartArray("markers");
                foreach (var m in p.Markers) j.WriteStringValue(m);
                j.WriteEndArray();
                if (p.Error is null) j.WriteNull("error");
                else j.WriteString("error", p.Error);
                j.WriteEndObject();
            }
            j.WriteEndArray();

            j.WriteStartObject("prices");
            foreach (var (underlying, feed) in s.Prices.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                j.WriteStartObject(underlying);
                WriteDouble(j, "priceUsd", feed.Quote.PriceUsd);
                j.WriteString("updatedAt", feed.Quote.UpdatedAt);
                j.WriteNumber("heartbeatSeconds", feed.HeartbeatSeconds);
                j.WriteString("staleAfter", feed.StaleAfter);
                if (feed.Quote.Issue is null) j.WriteNull("issue");
                else j.WriteString("issue", feed.Quote.Issue);
                j.WriteEndObject();
            }
            j.WriteEndObject();

            j.WriteStartArray("errors");
            foreach (var e in s.Errors) j.WriteStringValue(e);
            j.WriteEndArray();

            j.WriteStartObject("cost");
            j.WriteNumber("rounds", s.Cost.Rounds);
            j.WriteNumber("roundTrips", s.Cost.RoundTrips);
            j.WriteNumber("httpRequests", s.Cost.HttpRequests);
            j.WriteNumber("calls", s.Cost.Calls);
            j.WriteEndObject();
            j.WriteEndObject();
        }
        w.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    // JSON has no NaN or infinities: those are written as strings ("NaN", "Infinity", "-Infinity").
    private static void WriteDouble(Utf8JsonWriter j, string name, double value)
    {
        if (double.IsFinite(value)) j.WriteNumber(name, value);
        else j.WriteString(name, Num(value));
    }

    private static string Num(double value) => value.ToString("R", Inv);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Inv);
}
