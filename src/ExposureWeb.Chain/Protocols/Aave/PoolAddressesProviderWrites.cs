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

/// <summary>PoolAddressesProvider <c>setACLAdmin(address)</c> (owner only): who administers the ACLManager's roles.</summary>
[Function("setACLAdmin")]
public sealed class SetAclAdminFunction : FunctionMessage
{
    [Parameter("address", "newAclAdmin", 1)] public string NewAclAdmin { get; set; } = "";
}

/// <summary>PoolAddressesProvider <c>setACLManager(address)</c> (owner only).</summary>
[Function("setACLManager")]
public sealed class SetAclManagerFunction : FunctionMessage
{
    [Parameter("address", "newAclManager", 1)] public string NewAclManager { get; set; } = "";
}

/// <summary>PoolAddressesProvider <c>setPoolImpl(address)</c> (owner only): the first call creates the Pool proxy and initialises it.</summary>
[Function("setPoolImpl")]
public sealed class SetPoolImplFunction : FunctionMessage
{
    [Parameter("address", "newPoolImpl", 1)] public string NewPoolImpl { get; set; } = "";
}

/// <summary>PoolAddressesProvider <c>setPoolConfiguratorImpl(address)</c> (owner only): creates the PoolConfigurator proxy.</summary>
[Function("setPoolConfiguratorImpl")]
public sealed class SetPoolConfiguratorImplFunction : FunctionMessage
{
    [Parameter("address", "newPoolConfiguratorImpl", 1)] public string NewPoolConfiguratorImpl { get; set; } = "";
}

/// <summary>PoolAddressesProvider <c>setPriceOracle(address)</c> (owner only).</summary>
[Function("setPriceOracle")]
public sealed class SetPriceOracleFunction : FunctionMessage
{
    [Parameter("address", "newPriceOracle", 1)] public string NewPriceOracle { get; set; } = "";
}

/// <summary>PoolAddressesProvider <c>setPoolDataProvider(address)</c> (owner only).</summary>
[Function("setPoolDataProvider")]
public sealed class SetPoolDataProviderFunction : FunctionMessage
{
    [Parameter("address", "newDataProvider", 1)] public string NewDataProvider { get; set; } = "";
}

/// <summary>PoolAddressesProvider (Ownable) <c>transferOwnership(address)</c>: who may replace the market's contracts.</summary>
[Function("transferOwnership")]
public sealed class TransferOwnershipFunction : FunctionMessage
{
    [Parameter("address", "newOwner", 1)] public string NewOwner { get; set; } = "";
}
