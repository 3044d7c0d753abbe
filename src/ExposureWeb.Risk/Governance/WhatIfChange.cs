using System.Globalization;
using System.Text.RegularExpressions;

namespace ExposureWeb.Risk.Governance;

/// <summary>One hypothetical change a user typed, e.g. "WETH liquidation threshold 78%".</summary>
/// <param name="Symbol">The reserve's symbol as typed (matched case-insensitively against the market's).</param>
/// <param name="Parameter">One of <see cref="ParameterNames"/>.</param>
/// <param name="Value">The new value in the parameter's unit (basis points, whole tokens, USD cents for the debt ceiling, 1/0 for flags).</param>
public sealed record WhatIfChange(string Symbol, string Parameter, long Value);

/// <summary>A what-if that could not be read: which line and what is wrong, in words a user can act on.</summary>
/// <param name="Line">1-based line (or ";"-separated part).</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record WhatIfError(int Line, string Message);

/// <summary>
/// Reads hypothetical changes, one per line or separated by ";": <c>&lt;symbol&gt; &lt;parameter&gt; &lt;value&gt;</c>.
/// Percentages take "%" or "bps" (78% = 7800 bps); caps are whole tokens; the debt ceiling is USD; freeze and pause
/// take true/false.
/// </summary>
/// <example><c>WETH liquidation threshold 78%; WETH ltv 75%; USDC supply cap 2,000,000</c></example>
public static partial class WhatIfParser
{
    /// <summary>At most this many changes in one what-if (each is a transaction on the fork).</summary>
    public const int MaxChanges = 20;

    private static readonly (string[] Words, string Parameter, string Kind)[] Parameters =
    [
        (["liquidation threshold", "threshold", "lt"], ParameterNames.LiquidationThreshold, "percent"),
        (["loan to value", "ltv"], ParameterNames.Ltv, "percent"),
        (["liquidation bonus", "bonus"], ParameterNames.LiquidationBonus, "bonus"),
        (["reserve factor"], ParameterNames.ReserveFactor, "percent"),
        (["liquidation protocol fee", "protocol fee"], ParameterNames.LiquidationProtocolFee, "percent"),
        (["supply cap"], ParameterNames.SupplyCap, "tokens"),
        (["borrow cap"], ParameterNames.BorrowCap, "tokens"),
        (["debt ceiling"], ParameterNames.DebtCeiling, "usd"),
        (["frozen", "freeze"], ParameterNames.Frozen, "flag"),
        (["paused", "pause"], ParameterNames.Paused, "flag"),
        (["borrowing enabled", "borrowing"], ParameterNames.BorrowingEnabled, "flag"),
    ];

    /// <summary>Parses <paramref name="text"/>; either changes or errors, never both.</summary>
    public static (IReadOnlyList<WhatIfChange> Changes, IReadOnlyList<WhatIfError> Errors) Parse(string? text)
    {
        var changes = new List<WhatIfChange>();
        var errors = new List<WhatIfError>();
        var parts = (text ?? "").Split(['\n', ';'], StringSplitOptions.TrimEntries);
        var line = 0;
        foreach (var part in parts)
        {
            line++;
            if (part.Length == 0) continue;
            if (TryParseOne(part, out var change, out var error)) changes.Add(change!);
            else errors.Add(new WhatIfError(line, error!));
        }
        if (errors.Count == 0 && changes.Count == 0) errors.Add(new WhatIfError(1, "type a change, e.g. \"WETH liquidation threshold 78%\""));
        if (changes.Count > MaxChanges) errors.Add(new WhatIfError(line, $"at most {MaxChanges} changes at once ({changes.Count} given)"));
        var duplicate = changes.GroupBy(c => (c.Symbol.ToUpperInvariant(), c.Parameter)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) errors.Add(new WhatIfError(1, $"{duplicate.Key.Item1} {duplicate.Key.Parameter} is given twice"));
        return errors.Count > 0 ? ([], errors) : (changes, []);
    }

    private static bool TryParseOne(string part, out WhatIfChange? change, out string? error)
    {
        change = null;
        var m = ChangePattern().Match(part);
        if (!m.Success)
        {
            error = $"\"{part}\" is not \"<symbol> <parameter> <value>\", e.g. \"WETH liquidation threshold 78%\"";
            return false;
        }
        var symbol = m.Groups["symbol"].Value;
        var words = Regex.Replace(m.Groups["parameter"].Value.Trim().ToLowerInvariant(), @"\s+", " ");
        var value = m.Groups["value"].Value.Trim();
        var known = Parameters.FirstOrDefault(p => p.Words.Contains(words));
        if (known.Parameter is null)
        {
            error = $"unknown parameter \"{words}\"; use one of: {string.Join(", ", Parameters.Select(p => p.Words[0]))}";
            return false;
        }
        if (!TryValue(known.Kind, value, out var parsed, out error)) return false;
        change = new WhatIfChange(symbol, known.Parameter, parsed);
        return true;
    }

    private static bool TryValue(string kind, string text, out long value, out string? error)
    {
        value = 0;
        error = null;
        var t = text.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Trim();
        switch (kind)
        {
            case "flag":
                if (t.Equals("true", StringComparison.OrdinalIgnoreCase) || t.Equals("yes", StringComparison.OrdinalIgnoreCase)) { value = 1; return true; }
                if (t.Equals("false", StringComparison.OrdinalIgnoreCase) || t.Equals("no", StringComparison.OrdinalIgnoreCase)) { value = 0; return true; }
                error = $"\"{text}\": expected true or false";
                return false;
            case "tokens":
            case "usd":
                var number = t.TrimStart('$');
                if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount < 0 || amount != decimal.Truncate(amount))
                {
                    error = $"\"{text}\": expected a whole, non-negative number of {(kind == "usd" ? "USD" : "tokens")} (0 = no cap)";
                    return false;
                }
                if (amount > 68_719_476_735m) // 36 bits: Aave's cap field
                {
                    error = $"\"{text}\": above the largest value Aave stores (68,719,476,735)";
                    return false;
                }
                value = (long)(kind == "usd" ? amount * 100 : amount);
                return true;
            default:
                long bps;
                if (t.EndsWith('%') && decimal.TryParse(t[..^1].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
                {
                    var raw = percent * 100;
                    if (raw != decimal.Truncate(raw)) { error = $"\"{text}\": Aave stores whole basis points (0.01%)"; return false; }
                    bps = (long)raw;
                }
                else if (t.EndsWith("bps", StringComparison.OrdinalIgnoreCase) && long.TryParse(t[..^3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var b)) bps = b;
                else
                {
                    error = $"\"{text}\": give a percentage (\"78%\") or basis points (\"7800 bps\")";
                    return false;
                }
                // The bonus includes the 100% on chain (105% = a 5% bonus); a user typing "5%" means the 5% bonus.
                if (kind == "bonus" && bps < 10_000) bps += 10_000;
                var max = kind == "bonus" ? 20_000 : 10_000;
                if (bps < 0 || bps > max)
                {
                    error = $"\"{text}\": must be between 0% and {max / 100}%";
                    return false;
                }
                value = bps;
                return true;
        }
    }

    [GeneratedRegex(@"^\s*(?<symbol>[A-Za-z0-9.\-]{1,20})\s+(?<parameter>[A-Za-z][A-Za-z ]*?)\s*(=|to|:)?\s+(?<value>[$0-9.,_]+\s*(%|bps)?|true|false|yes|no)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ChangePattern();
}
