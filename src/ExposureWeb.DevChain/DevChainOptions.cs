using System.ComponentModel.DataAnnotations;

namespace ExposureWeb.DevChain;

/// <summary>The <c>DevChain</c> section: the embedded local chain the app runs on by default.</summary>
public sealed class DevChainOptions
{
    public const string Section = "DevChain";

    /// <summary>Start anvil, deploy the demo protocols and seed the demo portfolio.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Chain profile name the dev chain registers under.</summary>
    [Required]
    public string ChainName { get; set; } = "local";

    /// <summary>Loopback port for anvil; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>anvil binary; empty finds it in node_modules (npm package @foundry-rs/anvil) or on PATH.</summary>
    public string? AnvilPath { get; set; }

    /// <summary>Folder for the dev chain's files (its chain profile and anvil's state); relative to the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data/devchain";

    /// <summary>Seconds between market simulator ticks; 0 turns the simulator off.</summary>
    [Range(0, 3600)]
    public double TickSeconds { get; set; } = 3;

    /// <summary>Market time simulated per tick, in seconds: one hour per tick makes a lively demo.</summary>
    [Range(1, 31_536_000)]
    public double SimulatedSecondsPerTick { get; set; } = 3600;

    /// <summary>Seed of the simulator's random numbers; 0 seeds from the clock.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// Start over: a fresh chain with the demo deployed again, instead of continuing the chain saved in
    /// <see cref="DataDirectory"/>. Also <c>--reset</c> on the command line.
    /// </summary>
    public bool Reset { get; set; }

    /// <summary>How often the chain's state is saved when its head moved, in seconds.</summary>
    [Range(0.2, 3600)]
    public double StateSaveSeconds { get; set; } = 2;

    /// <summary>Blocks of history the saved state keeps (older blocks are pruned, so the file stays small).</summary>
    [Range(1, 1_000_000)]
    public int StateHistoryBlocks { get; set; } = 256;

    /// <summary>Pause before anvil is restarted after it exits unexpectedly, in seconds.</summary>
    [Range(0, 600)]
    public double RestartDelaySeconds { get; set; } = 2;
}
