namespace ExposureWeb.Chain.Abi;

/// <summary>A named function or event parameter.</summary>
/// <param name="Name">Parameter name as written in the signature; empty when omitted.</param>
/// <param name="Type">ABI type.</param>
/// <param name="Indexed">For event parameters: whether the value is stored in a log topic.</param>
public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false);
