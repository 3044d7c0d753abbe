using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Profiles;

/// <summary>Checks a chain profile and names every problem, so a bad file fails at start with all its errors at once.</summary>
public static class ChainProfileValidator
{
    public static IReadOnlyList<string> Validate(ChainProfile profile)
    {
        var errors = new List<string>();
        var at = string.IsNullOrWhiteSpace(profile.Name) ? "chain profile" : $"chain '{profile.Name}'";
        if (string.IsNullOrWhiteSpace(profile.Name)) errors.Add("chain profile: 'name' is required");
        if (profile.ChainId == 0) errors.Add($"{at}: 'chainId' is required and must be positive");
        if (profile.RpcUrls.Count == 0) errors.Add($"{at}: 'rpcUrls' needs at least one http(s) URL");
        for (var i = 0; i < profile.RpcUrls.Count; i++)
        {
            if (!IsUrl(profile.RpcUrls[i], "http", "https"))
                errors.Add($"{at}: rpcUrls[{i}] is not an absolute http(s) URL");
        }
        if (profile.WsUrl is not null && !IsUrl(profile.WsUrl, "ws", "wss"))
            errors.Add($"{at}: 'wsUrl' is not an absolute ws(s) URL");

        CheckAddress(errors, at, "multicall3", profile.Multicall3, required: true);
        var symbols = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < profile.Tokens.Count; i++)
        {
            var t = profile.Tokens[i];
            var where = $"tokens[{i}]";
            if (string.IsNullOrWhiteSpace(t.Symbol)) errors.Add($"{at}: {where}.symbol is required");
            else if (!symbols.Add(t.Symbol)) errors.Add($"{at}: {where}.symbol '{t.Symbol}' appears twice");
            if (string.IsNullOrWhiteSpace(t.Underlying)) errors.Add($"{at}: {where}.underlying is required");
            if (t.Decimals is < 0 or > 77) errors.Add($"{at}: {where}.decimals must be between 0 and 77");
            CheckAddress(errors, at, $"{where}.address", t.Address, required: true);
        }
        var feeds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < profile.PriceFeeds.Count; i++)
        {
            var f = profile.PriceFeeds[i];
            var where = $"priceFeeds[{i}]";
            if (string.IsNullOrWhiteSpace(f.Underlying)) errors.Add($"{at}: {where}.underlying is required");
            else if (!feeds.Add(f.Underlying)) errors.Add($"{at}: {where}: a second feed for '{f.Underlying}'");
            if (f.HeartbeatSeconds <= 0) errors.Add($"{at}: {where}.heartbeatSeconds must be positive");
            CheckAddress(errors, at, $"{where}.address", f.Address, required: true);
        }
        if (profile.AaveV3 is { } aave) CheckAddress(errors, at, "aaveV3.pool", aave.Pool, required: true);
        if (profile.UniswapV3 is { } uni)
        {
            CheckAddress(errors, at, "uniswapV3.factory", uni.Factory, required: true);
            CheckAddress(errors, at, "uniswapV3.positionManager", uni.PositionManager, required: true);
        }
        if (profile.GmxV2 is { } gmx)
        {
            CheckAddress(errors, at, "gmxV2.reader", gmx.Reader, required: true);
            CheckAddress(errors, at, "gmxV2.dataStore", gmx.DataStore, required: true);
        }
        if (profile.Governance is { } gov)
        {
            CheckAddress(errors, at, "governance.governor", gov.Governor, required: true);
            CheckAddress(errors, at, "governance.timelock", gov.Timelock, required: true);
            CheckAddress(errors, at, "governance.token", gov.Token, required: true);
        }
        for (var i = 0; i < profile.OTokens.Count; i++) CheckAddress(errors, at, $"oTokens[{i}]", profile.OTokens[i], required: true);
        return errors;
    }

    private static void CheckAddress(List<string> errors, string at, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add($"{at}: '{field}' is required");
            return;
        }
        if (!Address.TryParse(value, out _, out var error)) errors.Add($"{at}: '{field}' {value}: {error}");
    }

    private static bool IsUrl(string value, params string[] schemes) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase);
}
