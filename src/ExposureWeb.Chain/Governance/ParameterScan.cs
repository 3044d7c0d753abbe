using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Chain.Governance;

/// <summary>One scan of a market's risk parameters and what it cost.</summary>
/// <param name="Parameters">Every value read, pinned to <see cref="MarketParameters.BlockNumber"/>.</param>
/// <param name="RoundTrips">Rounds sent one after the other (each round's HTTP requests go out together); at most 3.</param>
/// <param name="HttpRequests">HTTP requests of all rounds together.</param>
/// <param name="Errors">One line per call that reverted or did not decode (its field is null or its reserve missing) and per eth_call the node refused.</param>
public sealed record ParameterScan(MarketParameters Parameters, int RoundTrips, int HttpRequests, IReadOnlyList<string> Errors);
