namespace ExposureWeb.Risk.Instruments;

/// <summary>
/// What a position is — its terms and quantities, nothing about what it is worth. Pricing models
/// (<see cref="Pricing.Models.IPricingModel{TInstrument}"/>) value instruments against a market snapshot.
/// </summary>
public interface IInstrument
{
    /// <summary>Short description for tables and error messages, e.g. <c>ETH 3000 C 2025-06-27</c>.</summary>
    string Describe();
}

/// <summary>One line of a portfolio: an identified instrument.</summary>
/// <param name="Id">Stable identifier (chain, protocol, account, token id…), unique within its portfolio.</param>
/// <param name="Instrument">What is held.</param>
public sealed record Position(string Id, IInstrument Instrument);

/// <summary>A named set of positions, valued together.</summary>
/// <param name="Id">Identifier of the portfolio.</param>
/// <param name="Positions">Its positions.</param>
public sealed record Portfolio(string Id, IReadOnlyList<Position> Positions);
