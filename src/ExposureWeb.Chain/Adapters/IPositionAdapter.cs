using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;

using ExposureWeb.Chain.Abi;

namespace ExposureWeb.Chain.Adapters;

/// <summary>
/// One protocol's positions for a set of owners, read in rounds of one <see cref="MulticallBatch"/> each, all pinned
/// to the same block.
/// </summary>
/// <remarks>
/// <para>Reads that depend on other reads (an NFT id before its position, a reserve's aToken before a balance of it)
/// are planned from a <see cref="PositionDiscoveryCache"/> of what rarely changes. Every round re-reads the
/// discovery calls too (balanceOf of the NFT manager, getReservesList …), so the adapter can tell whether the cache
/// was right: if it was, <see cref="Read"/> settles in that same round; if not, it updates the cache and asks for one
/// more round at the same block. In the steady state every adapter settles in the first round.</para>
/// <para>A failed call never fails the round: it becomes the <see cref="PositionReading.Error"/> of the positions that
/// needed it.</para>
/// </remarks>
public interface IPositionAdapter
{
    /// <summary>One of <see cref="PositionProtocols"/>.</summary>
    string Protocol { get; }

    /// <summary>Queues this round's calls into <paramref name="batch"/>, remembering where they went.</summary>
    void Plan(MulticallBatch batch);

    /// <summary>Maps the round's results to readings, or reports that discovery changed and another round is needed.</summary>
    /// <param name="results">The results of the batch the last <see cref="Plan"/> went into.</param>
    /// <param name="context">Block, tokens and prices of the snapshot.</param>
    AdapterRead Read(IReadOnlyList<CallOutcome> results, SnapshotContext context);
}

/// <summary>The outcome of <see cref="IPositionAdapter.Read"/>.</summary>
/// <param name="Settled">False when the discovery cache was stale: it has been updated, plan and read once more.</param>
/// <param name="Positions">The readings (empty when not settled).</param>
public sealed record AdapterRead(bool Settled, IReadOnlyList<PositionReading> Positions)
{
    /// <summary>Another round is needed.</summary>
    public static AdapterRead Again { get; } = new(false, []);

    /// <summary>Settled with these readings.</summary>
    public static AdapterRead Done(IReadOnlyList<PositionReading> positions) => new(true, positions);
}

/// <summary>Builds <see cref="PositionReading.Raw"/> in read order with invariant formatting.</summary>
/// <remarks>
/// Values are kept as read and formatted only when the built dictionary is first looked at: the engine builds raw
/// values for every position of every block, and only the CLI and tools ever print them.
/// </remarks>
public sealed class RawValues
{
    private readonly List<(string Name, object? Value, bool IsOutputs)> _entries = [];

    /// <summary>Adds or replaces a value.</summary>
    public RawValues Add(string name, object? value)
    {
        _entries.Add((name, value, false));
        return this;
    }

    /// <summary>
    /// Adds every output of a typed DTO under <paramref name="prefix"/> + its ABI name (the <c>[Parameter]</c> name, as
    /// the protocol's ABI spells it); addresses checksummed like <see cref="Address"/> values.
    /// </summary>
    public RawValues AddOutputs(string prefix, object dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        _entries.Add((prefix, dto, true));
        return this;
    }

    /// <summary>The values so far (later additions to this builder do not change it).</summary>
    public IReadOnlyDictionary<string, string> Build() => new LazyValues([.. _entries]);

    private sealed class LazyValues((string Name, object? Value, bool IsOutputs)[] entries) : IReadOnlyDictionary<string, string>
    {
        private readonly Lazy<OrderedDictionary<string, string>> _values = new(() => Format(entries));

        private static OrderedDictionary<string, string> Format((string Name, object? Value, bool IsOutputs)[] entries)
        {
            var values = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value, isOutputs) in entries)
            {
                if (!isOutputs)
                {
                    values[name] = RawValues.Format(value);
                    continue;
                }
                foreach (var (field, type, output) in OutputFields.Of(value!))
                {
                    values[name + field] = RawValues.Format(type == "address" && output is string text && Address.TryParse(text, out var address) ? address : output);
                }
            }
            return values;
        }

        public string this[string key] => _values.Value[key];
        public IEnumerable<string> Keys => _values.Value.Keys;
        public IEnumerable<string> Values => _values.Value.Values;
        public int Count => _values.Value.Count;
        public bool ContainsKey(string key) => _values.Value.ContainsKey(key);
        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value) => _values.Value.TryGetValue(key, out value);
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.Value.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Decimal integers, checksummed addresses, 0x hex bytes, true/false, nested arrays as [a, b].</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        Address a => a.ToString(),
        bool f => f ? "true" : "false",
        byte[] bytes => Hex.Encode(bytes),
        string s => s,
        object[] items => "[" + string.Join(", ", items.Select(Format)) + "]",
        System.Collections.IList list => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
