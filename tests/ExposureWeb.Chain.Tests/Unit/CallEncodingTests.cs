using System.Reflection;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using Nethereum.Contracts;
using Nethereum.Contracts.QueryHandlers.MultiCall;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>
/// The engine's hand-written call encodings against Nethereum's own: every function message of the chain and dev-chain
/// assemblies with random inputs through <see cref="StaticCallEncoder"/>, and aggregate3 batches of random calls.
/// </summary>
public sealed class CallEncodingTests
{
    private static readonly MethodInfo Ours = typeof(StaticCallEncoder).GetMethod(nameof(StaticCallEncoder.Encode))!;
    private static readonly MethodInfo Nethereums = typeof(FunctionMessageExtensions).GetMethods()
        .Single(m => m.Name == "GetCallData" && m.IsGenericMethodDefinition && m.GetParameters().Length == 1);

    public static TheoryData<string> FunctionMessages()
    {
        var data = new TheoryData<string>();
        foreach (var type in MessageTypes()) data.Add(type.AssemblyQualifiedName!);
        return data;
    }

    private static IEnumerable<Type> MessageTypes() =>
        new[] { typeof(MulticallBatch).Assembly, typeof(ExposureWeb.DevChain.Contracts.Messages.MintFunction).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(FunctionMessage).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null);

    [Theory]
    [MemberData(nameof(FunctionMessages))]
    public void Encode_RandomInputs_SameBytesAsNethereum(string typeName)
    {
        var type = Type.GetType(typeName)!;
        var random = new Random(typeName.Length * 7919);
        for (int i = 0; i < 50; i++)
        {
            var message = RandomDto.Create(type, random);
            var expected = (byte[])Nethereums.MakeGenericMethod(type).Invoke(null, [message])!;
            var actual = (byte[])Ours.MakeGenericMethod(type).Invoke(null, [message])!;
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
        }
    }

    [Fact]
    public void MessageTypes_ChainAndDevChain_CoverStaticAndDynamicInputs()
    {
        Assert.True(MessageTypes().Count() >= 40, "the theory above must see the protocols' messages");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300)]
    public void EncodeAggregate3_RandomCalls_SameBytesAsNethereum(int count)
    {
        var random = new Random(count);
        var batch = new MulticallBatch();
        var calls = new List<Call3>();
        for (int i = 0; i < count; i++)
        {
            var target = new byte[20];
            random.NextBytes(target);
            var data = new byte[random.Next(0, 200)];
            random.NextBytes(data);
            batch.Add(Address.FromBytes(target), data);
            calls.Add(new Call3 { Target = "0x" + Convert.ToHexStringLower(target), AllowFailure = true, CallData = data });
        }

        Assert.Equal(Convert.ToHexString(new Aggregate3Function { Calls = calls }.GetCallData()), Convert.ToHexString(batch.EncodeAggregate3(0, count)));
        if (count > 2)
        {
            var tail = new Aggregate3Function { Calls = calls.Skip(2).ToList() }.GetCallData();
            Assert.Equal(Convert.ToHexString(tail), Convert.ToHexString(batch.EncodeAggregate3(2, count - 2)));
        }
    }

    [Fact]
    public void Add_IdenticalCallTwice_OneQueuedCallSharedIndex()
    {
        var batch = new MulticallBatch();
        var target = Address.Parse("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2");
        int first = batch.Add(target, [1, 2, 3]);
        int other = batch.Add(target, [1, 2, 4]);
        int again = batch.Add(target, [1, 2, 3]);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(2, batch.Count);
        Assert.Equal(3, batch.Requested);
    }
}
