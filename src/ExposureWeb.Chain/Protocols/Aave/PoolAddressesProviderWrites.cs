using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>Aave v3 PoolAddressesProvider <c>setAddress(bytes32 id, address newAddress)</c>.</summary>
[Function("setAddress")]
public sealed class SetAddressFunction : FunctionMessage
{
    /// <summary>The ids the provider knows, e.g. <c>POOL</c>: the ASCII name left-aligned in 32 bytes.</summary>
    public static byte[] Id(string name)
    {
        var id = new byte[32];
        System.Text.Encoding.ASCII.GetBytes(name).CopyTo(id, 0);
        return id;
    }

    [Parameter("bytes32", "id", 1)]
    public byte[] AddressId { get; set; } = new byte[32];

    [Parameter("address", "newAddress", 2)]
    public string NewAddress { get; set; } = "";
}
