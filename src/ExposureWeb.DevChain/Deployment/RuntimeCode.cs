namespace ExposureWeb.DevChain.Deployment;

/// <summary>Compares a compiled contract's runtime code with the code at its address on chain.</summary>
public static class RuntimeCode
{
    /// <summary>
    /// Whether <paramref name="onChain"/> is <paramref name="expected"/>: the same length and bytes, except what the
    /// compiler leaves for deployment to fill in. Immutables are 32-byte words of zeros in the compiled code that the
    /// constructor wrote (compiler outputs here do not list them, so they are found by comparison: a word where the
    /// compiled code has zeros and the chain does not); a Solidity library's runtime code starts with PUSH20 of its own
    /// address (its call protection), zero in the compiled code.
    /// </summary>
    public static bool Matches(byte[] expected, ReadOnlySpan<byte> onChain)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (expected.Length != onChain.Length) return false;
        var mask = new bool[expected.Length];
        for (int i = 0; i + 32 <= expected.Length;)
        {
            if (!expected.AsSpan(i, 32).ContainsAnyExcept((byte)0) && !expected.AsSpan(i, 32).SequenceEqual(onChain.Slice(i, 32)))
            {
                Array.Fill(mask, true, i, 32);
                i += 32;
            }
            else i++;
        }
        if (expected.Length > 21 && expected[0] == 0x73 && !expected.AsSpan(1, 20).ContainsAnyExcept((byte)0)) Array.Fill(mask, true, 1, 20);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!mask[i] && expected[i] != onChain[i]) return false;
        }
        return true;
    }
}
