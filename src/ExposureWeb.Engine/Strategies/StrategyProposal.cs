namespace ExposureWeb.Engine.Strategies;

/// <summary>
/// What the engine proposes for a breached strategy at one block: the instrument, the size, the expected cost and the
/// portfolio after it, with the unsigned transactions the user's wallet signs (the server never holds a key).
/// </summary>
/// <param name="StrategyId">The strategy.</param>
/// <param name="Version">The strategy's version the proposal is for.</param>
/// <param name="Kind">DeltaBand, HealthFactorFloor …</param>
/// <param name="ChainName">Chain profile.</param>
/// <param name="BlockNumber">Block every figure and the quote were read at.</param>
/// <param name="BlockHash">That block's hash.</param>
/// <param name="Breach">The verdict that called for it.</param>
/// <param name="Instrument">What is traded, in words ("Uniswap v3 WETH/USDC 0.05%", "Aave v3 repay USDC").</param>
/// <param name="Summary">The proposal in one sentence.</param>
/// <param name="Wallet">The portfolio address that sends the transactions; null when none can.</param>
/// <param name="Quote">The swap's QuoterV2 quote (a delta band's swap, or the chosen collateral swap of a health floor); null otherwise.</param>
/// <param name="Options">The fixes compared (health-factor floor), the chosen one first.</param>
/// <param name="Transactions">In order: an ERC-20 approve when the allowance is short, then the action (a collateral swap: withdraw, approve, swap, approve, supply). Empty when no wallet can send it.</param>
/// <param name="GasUnits">Gas of all transactions (the quoter's estimate for a swap; typical figures for approve, repay, supply, withdraw).</param>
/// <param name="GasUsd">Gas at the node's gas price, USD; null without an ETH price.</param>
/// <param name="CostUsd">Expected cost: gas, plus slippage (fee included) when it swaps.</param>
/// <param name="After">The portfolio's figures after it.</param>
/// <param name="Notes">What the user should know (no wallet holds enough, a venue without transactions yet …).</param>
public sealed record StrategyProposal(
    int StrategyId, int Version, string Kind, string ChainName, ulong BlockNumber, string BlockHash, string Breach,
    string Instrument, string Summary, string? Wallet, SwapQuote? Quote, IReadOnlyList<FixOption> Options,
    IReadOnlyList<UnsignedTransaction> Transactions, long GasUnits, double? GasUsd, double? CostUsd, ProposalAfter After, IReadOnlyList<string> Notes);

/// <summary>A QuoterV2 <c>quoteExactInputSingle</c> at the proposal's block, with its cost against the pool's mid price.</summary>
/// <param name="Pool">The pool.</param>
/// <param name="FeeTier">Hundredths of a basis point (500 = 0.05%).</param>
/// <param name="TokenIn">Symbol sold.</param>
/// <param name="TokenOut">Symbol bought.</param>
/// <param name="AmountIn">Base units sold (decimal string).</param>
/// <param name="AmountInUnits">Token units sold.</param>
/// <param name="AmountOut">Base units the quoter returns (decimal string).</param>
/// <param name="AmountOutUnits">Token units bought.</param>
/// <param name="AmountOutMinimum">The swap's minimum (the quote less the tolerance), base units.</param>
/// <param name="SqrtPriceX96After">The pool's √price after the swap (Q64.96, decimal string).</param>
/// <param name="InitializedTicksCrossed">Ticks the swap crosses.</param>
/// <param name="GasEstimate">The quoter's gas estimate of the swap.</param>
/// <param name="MidPrice">Token out per token in at the pool's price before (slot0), token units.</param>
/// <param name="ExecutionPrice">Token out per token in of the quote.</param>
/// <param name="Slippage">1 − execution ÷ mid: what the swap costs against the mid price, fee included (fraction).</param>
/// <param name="FeeFraction">The pool's fee (0.0005).</param>
/// <param name="PriceImpact">Slippage beyond the fee (fraction).</param>
/// <param name="SlippageUsd">Slippage in USD (fee included).</param>
/// <param name="FeeUsd">The pool fee in USD.</param>
public sealed record SwapQuote(
    string Pool, int FeeTier, string TokenIn, string TokenOut, string AmountIn, double AmountInUnits, string AmountOut, double AmountOutUnits,
    string AmountOutMinimum, string SqrtPriceX96After, uint InitializedTicksCrossed, long GasEstimate, double MidPrice, double ExecutionPrice,
    double Slippage, double FeeFraction, double PriceImpact, double? SlippageUsd, double? FeeUsd);

/// <summary>One way to lift a health factor, compared by what it costs.</summary>
/// <param name="Action">repay, supply or swap collateral.</param>
/// <param name="Token">Symbol repaid, supplied, or (swap) withdrawn and sold.</param>
/// <param name="Amount">Base units (decimal string); empty when not possible.</param>
/// <param name="AmountUnits">Token units.</param>
/// <param name="ValueUsd">
/// The capital the fix ties up: the tokens repaid or supplied, or the collateral moved, USD at the Aave oracle. Not a
/// cost (a repay lowers the debt by as much, a supply stays the wallet's, a swap keeps the value less its slippage); it
/// breaks ties between options of equal cost.
/// </param>
/// <param name="HealthFactorAfter">Aave's health factor after it, by the protocol's own integer formula.</param>
/// <param name="Chosen">The cheapest feasible one.</param>
/// <param name="WhyNot">Why it cannot be done (the wallet lacks the token, the withdrawal would drop the health factor below 1 …), or null.</param>
/// <param name="CostUsd">What the fix loses: gas, plus (swap) slippage against the pool's mid price with the pool fee; null when unknown or not feasible.</param>
/// <param name="GasUnits">Gas of its transactions.</param>
/// <param name="IntoToken">Swap: the collateral bought and supplied (higher liquidation threshold); null otherwise.</param>
/// <param name="Quote">Swap: QuoterV2's quote of the size at the proposal's block; null otherwise.</param>
/// <param name="HealthFactorBetween">Swap: the health factor right after the withdrawal, before the new collateral is supplied; null otherwise.</param>
public sealed record FixOption(string Action, string Token, string Amount, double AmountUnits, double ValueUsd, double? HealthFactorAfter, bool Chosen, string? WhyNot,
    double? CostUsd = null, long GasUnits = 0, string? IntoToken = null, SwapQuote? Quote = null, double? HealthFactorBetween = null);

/// <summary>A transaction for the wallet's <c>eth_sendTransaction</c>.</summary>
/// <param name="Description">What it does.</param>
/// <param name="From">The sender (the portfolio's address).</param>
/// <param name="To">The contract.</param>
/// <param name="Data">Calldata, 0x hex.</param>
/// <param name="Value">Wei, 0x hex quantity.</param>
/// <param name="Gas">Gas limit, 0x hex quantity.</param>
public sealed record UnsignedTransaction(string Description, string From, string To, string Data, string Value, string Gas);

/// <summary>The portfolio's figures after the proposal.</summary>
/// <param name="NetDeltaUnits">Net delta of the band's underlying, units; null when unchanged or not a band.</param>
/// <param name="NetDeltaUsd">The same in USD.</param>
/// <param name="HealthFactor">The account's health factor after (floor), or null.</param>
/// <param name="NetDollarGammaPerPercent">Σ dollar gamma per 1% (a spot trade leaves it unchanged).</param>
/// <param name="NetVegaPerVolPoint">Σ vega per vol point (unchanged by a spot trade or a repay).</param>
public sealed record ProposalAfter(double? NetDeltaUnits, double? NetDeltaUsd, double? HealthFactor, double NetDollarGammaPerPercent, double NetVegaPerVolPoint);
