using ExposureWeb.Data.Entities;

namespace ExposureWeb.Engine.Stress;

/// <summary>A run's state and progress as it changes (at most every progress interval while it runs, and at every state change).</summary>
/// <param name="RunId">The run.</param>
/// <param name="PortfolioId">Its portfolio (the hub group it goes to).</param>
/// <param name="Kind">What it computes.</param>
/// <param name="State">Where it is.</param>
/// <param name="Progress">0 … 1.</param>
/// <param name="Step">What it does now, in words.</param>
/// <param name="BlockNumber">The block it stresses, once read.</param>
/// <param name="Error">Why it failed.</param>
public sealed record StressRunProgress(long RunId, int PortfolioId, StressRunKind Kind, StressRunState State, double Progress, string? Step, long? BlockNumber, string? Error);

/// <summary>Where the engine sends a run's progress; the web host implements it with the SignalR hub (the portfolio's group).</summary>
public interface IStressRunPublisher
{
    Task PublishAsync(StressRunProgress progress, CancellationToken ct);
}

/// <summary>Without a host's publisher (tests, the CLI) progress goes nowhere; the row still has it.</summary>
public sealed class NullStressRunPublisher : IStressRunPublisher
{
    public Task PublishAsync(StressRunProgress progress, CancellationToken ct) => Task.CompletedTask;
}
