using System.Diagnostics;
using System.Numerics;
using System.Text;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using Xunit.Abstractions;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>
/// Mutation fuzzing of the decoder: whatever the bytes, the only permitted failure is <see cref="AbiDecodingException"/>.
/// Seeds are fixed so any failure reproduces.
/// </summary>
public class AbiDecoderFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 250_000;

    private static readonly string[] Signatures =
    [
        "(address,bool,bytes)[]",
        "uint256[][],string[]",
        "((address,address,address),(uint256,uint256,uint256,int256),(bool))[]",
        "bytes4,bytes,uint8[3],int24,(string,bytes32[2])[2]",
        "(bool,bytes)[],string,uint256[2][]",
        "((uint256,string[])[],bytes)[],int8",
        "string[][2][],address",
    ];

    [Fact]
    public void RoundTrip_RandomValues_DecodeEqualsEncoded()
    {
        var random = new Random(1234);
        foreach (string signature in Signatures)
        {
            IReadOnlyList<AbiType> types = AbiType.ParseList(signature);
            for (int i = 0; i < 200; i++)
            {
                object[] values = types.Select(t => RandomValue(t, random, 0)).ToArray();
                byte[] encoded = AbiEncoder.Encode(types, values);
                AbiValues.AssertEqual(values, AbiDecoder.Decode(types, encoded));
            }
        }
    }

    [Fact]
    public void Decode_MutatedAndRandomInputs_OnlyAbiDecodingException()
    {
        var random = new Random(20240611);
        var corpus = new List<(IReadOnlyList<AbiType> Types, byte[] Encoded)>();
        foreach (string signature in Signatures)
        {
            IReadOnlyList<AbiType> types = AbiType.ParseList(signature);
            for (int i = 0; i < 8; i++)
            {
                corpus.Add((types, AbiEncoder.Encode(types, types.Select(t => RandomValue(t, random, 0)).ToArray())));
            }
        }

        int decoded = 0, rejected = 0;
        var stopwatch = Stopwatch.StartNew();
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            var (types, encoded) = corpus[random.Next(corpus.Count)];
            byte[] input = random.Next(20) == 0 ? RandomBytes(random, random.Next(0, 512)) : Mutate(encoded, random);
            try
            {
                AbiDecoder.Decode(types, input);
                decoded++;
            }
            catch (AbiDecodingException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {iteration}: {ex.GetType().Name} decoding ({string.Join(",", types)}) from {Hex.Encode(input)}: {ex}");
            }
        }

        output.WriteLine($"{Iterations} inputs in {stopwatch.ElapsedMilliseconds} ms: {decoded} decoded, {rejected} rejected");
        Assert.True(decoded > 1000 && rejected > 1000, $"mutations should exercise both paths ({decoded} decoded, {rejected} rejected)");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] data = original.ToArray();
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations; m++)
        {
            int words = data.Length / 32;
            switch (random.Next(7))
            {
                case 0 when data.Length > 0:
                    data = data[..random.Next(data.Length)];
                    break;
                case 1 when data.Length > 0:
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 2 when data.Length > 0:
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                    break;
                case 3 when words > 0:
                    InterestingWord(random, data.Length).CopyTo(data, random.Next(words) * 32);
                    break;
                case 4 when words > 1:
                    // Duplicating a word elsewhere creates overlapping offsets and aliased lengths.
                    Array.Copy(data, random.Next(words) * 32, data, random.Next(words) * 32, 32);
                    break;
                case 5:
                    data = [.. data, .. RandomBytes(random, random.Next(1, 96))];
                    break;
                default:
                    if (words > 0)
                    {
                        // Small perturbations of offsets/lengths hit off-by-one boundaries.
                        int at = random.Next(words) * 32 + 31;
                        data[at] = (byte)(data[at] + random.Next(-33, 34));
                    }

                    break;
            }
        }

        return data;
    }

    private static byte[] InterestingWord(Random random, int dataLength)
    {
        BigInteger value = random.Next(12) switch
        {
            0 => 0,
            1 => 1,
            2 => 32,
            3 => dataLength,
            4 => dataLength - 32,
            5 => int.MaxValue,
            6 => uint.MaxValue,
            7 => BigInteger.One << 63,
            8 => ulong.MaxValue,
            9 => BigInteger.One << 255,
            10 => (BigInteger.One << 256) - 1,
            _ => new BigInteger(RandomBytes(random, 32), isUnsigned: true),
        };
        var word = new byte[32];
        int length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(word.AsSpan(32 - length), out _, isUnsigned: true, isBigEndian: true);
        return word;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A random value of <paramref name="type"/> with small collections so encodings stay short.</summary>
    internal static object RandomValue(AbiType type, Random random, int depth)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
                return new BigInteger(RandomBytes(random, type.Bits / 8), isUnsigned: true);
            case AbiTypeKind.Int:
                return new BigInteger(RandomBytes(random, type.Bits / 8), isUnsigned: false);
            case AbiTypeKind.Address:
                return Address.FromBytes(RandomBytes(random, Address.Length));
            case AbiTypeKind.Bool:
                return random.Next(2) == 1;
            case AbiTypeKind.FixedBytes:
                return RandomBytes(random, type.ByteLength);
            case AbiTypeKind.Bytes:
                return RandomBytes(random, random.Next(0, 70));
            case AbiTypeKind.String:
                var text = new StringBuilder();
                int chars = random.Next(0, 20);
                for (int i = 0; i < chars; i++)
                {
                    text.Append(random.Next(5) == 0 ? "é✓€"[random.Next(3)] : (char)random.Next('a', 'z' + 1));
                }

                return text.ToString();
            case AbiTypeKind.FixedArray:
                return Enumerable.Range(0, type.Length).Select(_ => RandomValue(type.ElementType!, random, depth + 1)).ToArray();
            case AbiTypeKind.Array:
                return Enumerable.Range(0, random.Next(0, depth > 1 ? 3 : 5)).Select(_ => RandomValue(type.ElementType!, random, depth + 1)).ToArray();
            case AbiTypeKind.Tuple:
                return type.Components.Select(c => RandomValue(c, random, depth + 1)).ToArray();
            default:
                throw new NotSupportedException(type.CanonicalName);
        }
    }
}
