using ExposureWeb.Auth;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

/// <summary>
/// Logs hub requests refused for something missing or not the caller's, so probing stays visible without letting a
/// client fill the log: the first refusal of a connection is logged, later ones on it are counted and summed up in one
/// line when it closes, and across the server at most <see cref="LinesPerMinute"/> such lines are written a minute (the
/// next line says how many were left out). No stack traces: a refusal is an answer, not a failure.
/// </summary>
public sealed class RefusalLog(TimeProvider time, ILogger<ExposureHub> logger)
{
    public const int LinesPerMinute = 10;

    private static readonly object CountKey = new();
    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _linesInWindow;
    private int _suppressed;

    /// <summary>Records a refusal of <paramref name="what"/> (e.g. "portfolio 42") on <paramref name="connection"/>.</summary>
    public void Refused(HubCallerContext connection, string what)
    {
        int count;
        lock (connection.Items)
        {
            count = connection.Items.TryGetValue(CountKey, out var seen) && seen is int n ? n + 1 : 1;
            connection.Items[CountKey] = count;
        }
        if (count > 1 || !TryTakeLine(out var suppressed)) return;
        logger.LogWarning("Exposure hub: {User} asked for {What}, which does not exist or is not theirs (connection {Connection}; its further refusals are counted, not logged){Suppressed}",
            Who(connection), what, connection.ConnectionId, Suppressed(suppressed));
    }

    /// <summary>Sums up a closing connection's refusals past the first.</summary>
    public void Closed(HubCallerContext connection)
    {
        if (!connection.Items.TryGetValue(CountKey, out var seen) || seen is not int count || count < 2 || !TryTakeLine(out var suppressed)) return;
        logger.LogWarning("Exposure hub: connection {Connection} of {User} closed after {Count} refused requests{Suppressed}",
            connection.ConnectionId, Who(connection), count, Suppressed(suppressed));
    }

    private bool TryTakeLine(out int suppressed)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (now - _windowStart >= TimeSpan.FromMinutes(1))
            {
                _windowStart = now;
                _linesInWindow = 0;
            }
            if (_linesInWindow >= LinesPerMinute)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }
            _linesInWindow++;
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }

    private static string Who(HubCallerContext connection) => connection.User?.WalletAddress() ?? "a caller";

    private static string Suppressed(int count) => count > 0 ? $"; {count} similar line(s) left out before this one" : "";
}
