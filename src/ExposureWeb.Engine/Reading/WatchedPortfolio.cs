using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Engine.Reading;

/// <summary>What the engine needs of a portfolio: where it lives and which addresses to read.</summary>
public sealed record WatchedPortfolio(int Id, string Name, string ChainName, IReadOnlyList<Address> Addresses);
