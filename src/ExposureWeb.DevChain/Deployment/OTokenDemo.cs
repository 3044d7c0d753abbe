using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Opyn;
using ExposureWeb.DevChain.Contracts.Messages;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>Opyn Gamma oTokens on the dev chain: one DemoOToken per series of <see cref="DemoMarket.OTokens"/>, minted to its holders.</summary>
internal static class OTokenDemo
{
    /// <summary>oTokens and their strike prices carry 8 decimals.</summary>
    public const int Decimals = 8;

    public static async Task<List<string>> DeployAsync(DemoTransactions tx, IReadOnlyDictionary<string, Address> tokens)
    {
        var now = await tx.ChainTimeAsync();
        var deployed = new List<string>();
        foreach (var s in DemoMarket.OTokens)
        {
            var expiry = Expiry(now.AddDays(s.ExpiryInDays));
            var collateral = s.IsPut ? s.Strike : s.Underlying;
            var (name, symbol) = Names(s, collateral, expiry);
            var oToken = await tx.DeployAsync(new DemoOTokenDeployment
            {
                UnderlyingAsset = tokens[s.Underlying].ToString(), StrikeAsset = tokens[s.Strike].ToString(), CollateralAsset = tokens[collateral].ToString(),
                StrikePrice = DemoDeployer.ToFixed(s.StrikePrice, Decimals), ExpiryTimestamp = new BigInteger(expiry.ToUnixTimeSeconds()),
                IsPut = s.IsPut, Name = name, Symbol = symbol,
            });
            foreach (var (holder, amount) in s.Holders)
                await tx.SendAsync(oToken, new MintOtokenFunction { Account = holder, Amount = DemoDeployer.ToFixed(amount, Decimals) });
            deployed.Add(oToken.ToString());
        }
        return deployed;
    }

    /// <summary>The first Friday 08:00 UTC at or after <paramref name="earliest"/>: Opyn's expiry time.</summary>
    public static DateTimeOffset Expiry(DateTimeOffset earliest)
    {
        var utc = earliest.ToUniversalTime();
        var candidate = new DateTimeOffset(utc.Date, TimeSpan.Zero).AddHours(8)
            .AddDays(((int)DayOfWeek.Friday - (int)utc.DayOfWeek + 7) % 7);
        return candidate < utc ? candidate.AddDays(7) : candidate;
    }

    /// <summary>Opyn's naming, e.g. "WETHUSDC 26-December-2025 3500Call WETH Collateral" and "oWETHUSDC/WETH-26DEC25-3500C".</summary>
    private static (string Name, string Symbol) Names(DemoOptionSeries s, string collateral, DateTimeOffset expiry)
    {
        var inv = CultureInfo.InvariantCulture;
        var strike = s.StrikePrice.ToString("0.########", inv);
        var name = $"{s.Underlying}{s.Strike} {expiry.ToString("dd-MMMM-yyyy", inv)} {strike}{(s.IsPut ? "Put" : "Call")} {collateral} Collateral";
        var symbol = $"o{s.Underlying}{s.Strike}/{collateral}-{expiry.ToString("ddMMMyy", inv).ToUpperInvariant()}-{strike}{(s.IsPut ? "P" : "C")}";
        return (name, symbol);
    }
}
