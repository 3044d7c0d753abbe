namespace ExposureWeb.Engine.Reading;

/// <summary>What reading one block of a chain cost.</summary>
/// <param name="Portfolios">Portfolios read.</param>
/// <param name="Rounds">Read rounds one after the other (1 in the steady state).</param>
/// <param name="HttpRequests">HTTP requests to the node for the whole block (sent concurrently within each round).</param>
public sealed record BlockReadCost(int Portfolios, int Rounds, int HttpRequests);
