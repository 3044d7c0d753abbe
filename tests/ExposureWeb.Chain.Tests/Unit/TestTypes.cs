using ExposureWeb.Chain.Abi;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>ABI types for decoder tests: elementary types and arrays through Nethereum, the few tuples spelled out.</summary>
internal static class TestTypes
{
    public static AbiType Parse(string type) => type switch
    {
        "(uint256,uint256)" => AbiType.Tuple(AbiType.UInt256, AbiType.UInt256),
        "(bool,bytes)[]" => AbiType.ArrayOf(AbiType.Tuple(AbiType.Bool, AbiType.Bytes)),
        _ => AbiType.FromNethereum(Nethereum.ABI.ABIType.CreateABIType(type)),
    };
}
