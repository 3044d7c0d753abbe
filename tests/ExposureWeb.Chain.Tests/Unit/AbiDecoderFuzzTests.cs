using System.Diagnostics;
using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.Chain.Protocols.UniswapV3;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts.QueryHandlers.MultiCall;
using Xunit.Abstractions;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>
/// Mutation fuzzing of the decoder: whatever the bytes, the only permitted failure is <see cref="AbiDecodingException"/>.
/// Seeds are fixed so any failure reproduces.
/// </summary>
public class AbiDecoderFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 250_000;

    /// <summary>Output DTOs the engine decodes (and a few vector shapes: nested fixed arrays, string[], bytes4).</summary>
    private static readonly Type[] Shapes =
    [
        typeof(Aggregate3OutputDTO), typeof(AccountPositionsOutput), typeof(PositionOutput), typeof(ReserveDataOutput),
        typeof(ReservesListOutput), typeof(AbiVectorDtos.Row7), typeof(AbiVectorDtos.Row8), typeof(AbiVectorDtos.Row13),
        typeof(LatestRoundDataOutput), typeof(Slot0Output), typeof(TickInfoOutput),
    ];

    [Fact]
    public void RoundTrip_RandomDtosEncodedByNethereum_BothDecodersReadTheSameValues()
    {
        var random = new Random(1234);
        foreach (var shape in Shapes)
        {
            for (int i = 0; i < 200; i++)
            {
                object dto = RandomDto.Create(shape, random);
                byte[] encoded = new ParametersEncoder().EncodeParametersFromTypeAttributes(shape, dto);
                string expected = DtoText.Of(dto);
                Assert.Equal(expected, DtoText.Of(AbiVectorTests.SpanDecode(shape, encoded)));
                Assert.Equal(expected, DtoText.Of(new ParameterDecoder().DecodeAttributes(encoded, shape)));
            }
        }
    }

    [Fact]
    public void Decode_MutatedAndRandomInputs_OnlyAbiDecodingException()
    {
        var random = new Random(20240611);
        var corpus = new List<(Type Shape, byte[] Encoded)>();
        foreach (var shape in Shapes)
        {
            for (int i = 0; i < 8; i++)
            {
                corpus.Add((shape, new ParametersEncoder().EncodeParametersFromTypeAttributes(shape, RandomDto.Create(shape, random))));
            }
        }

        int decoded = 0, rejected = 0;
        var stopwatch = Stopwatch.StartNew();
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            var (shape, encoded) = corpus[random.Next(corpus.Count)];
            byte[] input = random.Next(20) == 0 ? RandomBytes(random, random.Next(0, 512)) : Mutate(encoded, random);
            try
            {
                AbiVectorTests.SpanDecode(shape, input);
                decoded++;
            }
            catch (AbiDecodingException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {iteration}: {ex.GetType().Name} decoding {shape.Name} from {Hex.Encode(input)}: {ex}");
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
}
