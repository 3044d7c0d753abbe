using System.Collections.Concurrent;
using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests;

/// <summary>The engine's outlet in tests: keeps every message in order of arrival.</summary>
public sealed class RecordingPublisher : IExposurePublisher
{
    public ConcurrentQueue<ExposureSnapshot> Snapshots { get; } = new();

    public ConcurrentQueue<ChainStatus> Statuses { get; } = new();

    public Task PublishSnapshotAsync(ExposureSnapshot snapshot, CancellationToken ct)
    {
        Snapshots.Enqueue(snapshot);
        return Task.CompletedTask;
    }

    public Task PublishChainStatusAsync(ChainStatus status, CancellationToken ct)
    {
        Statuses.Enqueue(status);
        return Task.CompletedTask;
    }
}

internal static class TestHost
{
    /// <summary>
    /// A generic host (no web server) with <paramref name="settings"/> as configuration and the console logger
    /// replaced by warnings-and-up in the test output.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(IReadOnlyDictionary<string, string?> settings, ITestOutputHelper? output = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (output is not null)
        {
            builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        }
        return builder;
    }
}

/// <summary>Writes log lines to the test's output (dropped once the test has ended).</summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test is over.
            }
        }
    }
}

/// <summary>
/// A migrated SQLite database on a generic host (<c>AddExposureData</c>): the <see cref="ManualPositionStore"/>
/// the snapshot reader takes its manual positions from. Shared by a class's tests; a test that adds manual positions
/// does so to a portfolio of its own (<see cref="AddPortfolioAsync"/>).
/// </summary>
public sealed class DataFixture : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private IHost? _host;

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("host not started");

    public ManualPositionStore ManualPositions => Services.GetRequiredService<ManualPositionStore>();

    public async Task InitializeAsync()
    {
        var builder = TestHost.CreateBuilder(new Dictionary<string, string?> { ["Database:Path"] = _database.Path });
        builder.AddExposureData();
        _host = builder.Build();
        await _host.StartAsync();
    }

    private int _lastId = 1_000;

    /// <summary>
    /// Stores a new (non-demo) portfolio on chain <paramref name="chainName"/> and returns its id: 1 001 and up, clear of
    /// the small ids tests give portfolios that are not stored (and so have no manual positions).
    /// </summary>
    public async Task<int> AddPortfolioAsync(string name, string chainName, params string[] addresses)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        var portfolio = new Portfolio
        {
            Id = Interlocked.Increment(ref _lastId),
            Name = name,
            ChainName = chainName,
            CreatedAt = DateTimeOffset.UtcNow,
            Addresses = addresses.Select(a => new WatchedAddress { Address = a, Label = a }).ToList(),
        };
        db.Portfolios.Add(portfolio);
        await db.SaveChangesAsync();
        return portfolio.Id;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        _database.Dispose();
    }
}
