using System.Globalization;
using System.Text;

namespace ExposureWeb.Engine.Alerts.Outbox;

/// <summary>The plain-text body of an alert e-mail: what happened, the value with its unit, and where it came from.</summary>
public static class AlertEmailText
{
    public static string Render(AlertNotificationPayload p, string? baseUrl)
    {
        var text = new StringBuilder();
        text.AppendLine(p.Title).AppendLine();
        text.AppendLine(p.Text).AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Rule:       {p.RuleName} (id {p.RuleId})");
        text.AppendLine(CultureInfo.InvariantCulture, $"Portfolio:  {p.PortfolioName} (id {p.PortfolioId})");
        text.AppendLine(CultureInfo.InvariantCulture, $"Series:     {p.Series}");
        text.AppendLine(CultureInfo.InvariantCulture, $"State:      {p.FromState}{Sev(p.FromSeverity)} → {p.ToState}{Sev(p.Severity)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Block:      {p.BlockNumber} ({p.BlockHash}) on {p.Chain}, mined {p.BlockTime:yyyy-MM-dd HH:mm:ss} UTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"Confirmed:  {p.ConfirmedAt:yyyy-MM-dd HH:mm:ss} UTC");
        if (!string.IsNullOrEmpty(baseUrl)) text.AppendLine().AppendLine(baseUrl.TrimEnd('/') + p.Link);
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Idempotency key: {p.IdempotencyKey}");
        return text.ToString();
    }

    private static string Sev(Risk.Alerts.AlertSeverity? s) => s is null ? "" : $" ({s.Value.ToString().ToLowerInvariant()})";
}
