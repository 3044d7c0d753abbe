using Microsoft.Extensions.Logging;

namespace ExposureWeb.Web.Tests.Security;

/// <summary>
/// A logger provider that counts what the app writes under some categories (entries, and lines as a console shows them,
/// stack traces included).
/// </summary>
public sealed class LogLineCounter(params string[] categoryPrefixes) : ILoggerProvider
{
    private int _entries, _lines, _withException;

    public int Entries => Volatile.Read(ref _entries);

    public int Lines => Volatile.Read(ref _lines);

    public int WithException => Volatile.Read(ref _withException);

    public void Reset()
    {
        Interlocked.Exchange(ref _entries, 0);
        Interlocked.Exchange(ref _lines, 0);
        Interlocked.Exchange(ref _withException, 0);
        Sample.Clear();
    }

    /// <summary>The first entries counted (category, level, text), for a failure message.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Sample { get; } = new();

    public ILogger CreateLogger(string categoryName) =>
        categoryPrefixes.Any(p => categoryName.StartsWith(p, StringComparison.Ordinal)) ? new Counter(this, categoryName) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Counter(LogLineCounter owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Interlocked.Increment(ref owner._entries);
            var text = formatter(state, exception) + (exception is null ? "" : Environment.NewLine + exception);
            Interlocked.Add(ref owner._lines, text.Split('\n').Length);
            if (exception is not null) Interlocked.Increment(ref owner._withException);
            if (owner.Sample.Count < 5) owner.Sample.Enqueue($"{category} {logLevel}: {text}");
        }
    }
}
