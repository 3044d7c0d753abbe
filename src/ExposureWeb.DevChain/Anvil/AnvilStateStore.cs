using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.DevChain.Anvil;

/// <summary>
/// The dev chain's state on disk, written by the app rather than by anvil: anvil's own <c>--state-interval</c> rewrites
/// the whole file every second in place (a kill mid-write leaves it cut short) and keeps every block and transaction
/// ever mined, so the file grows without bound. Here the state is taken with <c>anvil_dumpState</c> only when the head
/// moved, trimmed to the last <see cref="HistoryBlocks"/> blocks of history (accounts, code and storage are whole;
/// older blocks are simply gone, as on a pruned node), and written to a temporary file that then replaces the old one,
/// so the file on disk is always a complete state. anvil loads it with <c>--load-state</c>.
/// </summary>
public sealed class AnvilStateStore(string path, int historyBlocks)
{
    /// <summary>The state file.</summary>
    public string Path { get; } = path;

    /// <summary>How many of the newest blocks (and their transactions) the file keeps.</summary>
    public int HistoryBlocks { get; } = historyBlocks;

    /// <summary>The head of the last save, or null before the first.</summary>
    public ulong? SavedHead { get; private set; }

    /// <summary>Whether a state file is there to start from.</summary>
    public bool Exists => File.Exists(Path);

    /// <summary>Saves the node's state if its head moved since the last save; returns the head saved, or null when nothing changed.</summary>
    public async Task<ulong?> SaveIfChangedAsync(EthClient eth, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(eth);
        var head = await eth.BlockNumberAsync(ct);
        if (head == SavedHead) return null;
        return await SaveAtAsync(eth, head, ct);
    }

    /// <summary>Saves the node's state now; returns the best block number in it.</summary>
    public async Task<ulong> SaveAsync(EthClient eth, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(eth);
        return await SaveAtAsync(eth, await eth.BlockNumberAsync(ct), ct);
    }

    /// <summary>Saves the state of a node whose head is <paramref name="head"/> (or later).</summary>
    private async Task<ulong> SaveAtAsync(EthClient eth, ulong head, CancellationToken ct)
    {
        JsonObject state;
        ulong best;
        var attempt = 0;
        do
        {
            // anvil answers eth_blockNumber for a block a moment before its dump includes it: ask again briefly, so a
            // save holds the head that was asked for (a later save would catch up anyway).
            if (attempt > 0) await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
            state = Decompress(await eth.RequestAsync<string>("anvil_dumpState", [], ct));
            best = ReadQuantity(state["best_block_number"]);
        }
        while (best < head && ++attempt < 25);
        Trim(state, HistoryBlocks);

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Environment.ProcessId}.tmp");
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, state, cancellationToken: ct);
            await stream.FlushAsync(ct);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
        SavedHead = best;
        return best;
    }

    /// <summary>
    /// Keeps only the blocks numbered above <c>best_block_number − historyBlocks</c> and the transactions mined in them.
    /// anvil needs the best block itself to load the state ("Best hash not found" otherwise), so it is always kept.
    /// </summary>
    public static void Trim(JsonObject state, int historyBlocks)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfLessThan(historyBlocks, 1);
        var best = ReadQuantity(state["best_block_number"]);
        var oldestKept = best >= (ulong)historyBlocks ? best - (ulong)historyBlocks + 1 : 0;
        if (state["blocks"] is JsonArray blocks)
        {
            Keep(blocks, block => ReadQuantity(block?["header"]?["number"]) >= oldestKept);
        }
        if (state["transactions"] is JsonArray transactions)
        {
            Keep(transactions, transaction => ReadQuantity(transaction?["block_number"]) >= oldestKept);
        }
    }

    /// <summary>anvil_dumpState's answer: 0x-hex of gzip-compressed JSON.</summary>
    internal static JsonObject Decompress(string dump)
    {
        using var gzip = new GZipStream(new MemoryStream(Hex.Decode(dump)), CompressionMode.Decompress);
        return JsonNode.Parse(gzip) as JsonObject ?? throw new InvalidOperationException("anvil_dumpState did not return a JSON object");
    }

    private static void Keep(JsonArray items, Func<JsonNode?, bool> keep)
    {
        for (int i = items.Count - 1; i >= 0; i--)
        {
            if (!keep(items[i])) items.RemoveAt(i);
        }
    }

    // anvil writes block numbers as JSON numbers in some places and as 0x-hex strings in others.
    private static ulong ReadQuantity(JsonNode? node)
    {
        var kind = node?.GetValueKind();
        if (kind == JsonValueKind.Number && ulong.TryParse(node!.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        if (kind == JsonValueKind.String && node!.GetValue<string>() is { } text && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex)) return hex;
        throw new InvalidOperationException($"anvil state: expected a block number, found {node?.ToJsonString() ?? "nothing"}");
    }
}
