using System.Numerics;

namespace ExposureWeb.Chain.Adapters.Aave;

/// <summary>
/// An Aave v3 reserve's configuration bitmap (<c>getReserveData(asset).configuration.data</c>), decoded.
/// </summary>
/// <remarks>
/// Bit layout (Aave v3 <c>ReserveConfiguration.sol</c>): 0–15 LTV, 16–31 liquidation threshold, 32–47 liquidation
/// bonus, 48–55 decimals, 56 active, 57 frozen, 58 borrowing enabled, 60 paused, 64–79 reserve factor, 80–115 borrow
/// cap, 116–151 supply cap, 152–167 liquidation protocol fee, 168–175 eMode category, 212–251 debt ceiling (<see cref="DebtCeiling"/>). Bits this record does not
/// decode (59 stable borrowing, 61–63 isolation/siloed/flash-loan flags, 176–211 unbacked mint cap, virtual
/// accounting in later versions) are kept in <see cref="Data"/>. From v3.1 a frozen reserve also has LTV 0 (the
/// configurator keeps the old value as "pending").
/// </remarks>
/// <param name="Data">The raw bitmap.</param>
/// <param name="Ltv">Loan to value, basis points (8050 = 80.5%).</param>
/// <param name="LiquidationThreshold">Basis points of the collateral's value that count toward the health factor.</param>
/// <param name="LiquidationBonus">Basis points including the 100% (10500 = 5% bonus to the liquidator).</param>
/// <param name="Decimals">The reserve token's decimals (and its aToken's and debt tokens').</param>
/// <param name="Active">False: the reserve is off entirely.</param>
/// <param name="Frozen">True: no new supply or borrow; repay, withdraw and liquidations still work.</param>
/// <param name="BorrowingEnabled">Whether variable-rate borrowing is allowed.</param>
/// <param name="Paused">True: nothing moves, not even liquidations.</param>
/// <param name="ReserveFactor">Basis points of interest that go to the treasury.</param>
/// <param name="BorrowCap">Whole tokens; 0 = no cap.</param>
/// <param name="SupplyCap">Whole tokens; 0 = no cap.</param>
/// <param name="LiquidationProtocolFee">Basis points of the liquidation bonus that go to the treasury.</param>
/// <param name="EModeCategory">0 = none.</param>
public sealed record ReserveConfiguration(
    BigInteger Data,
    int Ltv,
    int LiquidationThreshold,
    int LiquidationBonus,
    int Decimals,
    bool Active,
    bool Frozen,
    bool BorrowingEnabled,
    bool Paused,
    int ReserveFactor,
    long BorrowCap,
    long SupplyCap,
    int LiquidationProtocolFee,
    int EModeCategory)
{
    /// <summary>Aave's PERCENTAGE_FACTOR: 10 000 basis points = 100%.</summary>
    public const int PercentageFactor = 10_000;

    private const int LtvBit = 0;
    private const int LiquidationThresholdBit = 16;
    private const int LiquidationBonusBit = 32;
    private const int DecimalsBit = 48;
    private const int ActiveBit = 56;
    private const int FrozenBit = 57;
    private const int BorrowingBit = 58;
    private const int PausedBit = 60;
    private const int ReserveFactorBit = 64;
    private const int BorrowCapBit = 80;
    private const int SupplyCapBit = 116;
    private const int LiquidationProtocolFeeBit = 152;
    private const int EModeCategoryBit = 168;
    private const int CapWidth = 36;
    private const int DebtCeilingBit = 212;
    private const int DebtCeilingWidth = 40;

    /// <summary>Decodes a configuration bitmap.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or wider than 256 bits: not a uint256.</exception>
    public static ReserveConfiguration Decode(BigInteger data)
    {
        if (data.Sign < 0 || data.GetBitLength() > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data, "a reserve configuration is a uint256");
        }

        return new ReserveConfiguration(
            data,
            Ltv: (int)Bits(data, LtvBit, 16),
            LiquidationThreshold: (int)Bits(data, LiquidationThresholdBit, 16),
            LiquidationBonus: (int)Bits(data, LiquidationBonusBit, 16),
            Decimals: (int)Bits(data, DecimalsBit, 8),
            Active: Bits(data, ActiveBit, 1) == 1,
            Frozen: Bits(data, FrozenBit, 1) == 1,
            BorrowingEnabled: Bits(data, BorrowingBit, 1) == 1,
            Paused: Bits(data, PausedBit, 1) == 1,
            ReserveFactor: (int)Bits(data, ReserveFactorBit, 16),
            BorrowCap: (long)Bits(data, BorrowCapBit, CapWidth),
            SupplyCap: (long)Bits(data, SupplyCapBit, CapWidth),
            LiquidationProtocolFee: (int)Bits(data, LiquidationProtocolFeeBit, 16),
            EModeCategory: (int)Bits(data, EModeCategoryBit, 8));
    }

    /// <summary>
    /// Isolation-mode debt ceiling, USD with 2 decimals (bits 212–251); 0 = the reserve is not isolated. Read from
    /// <see cref="Data"/> on demand rather than as a constructor field, so existing callers keep their shape.
    /// </summary>
    public long DebtCeiling => (long)Bits(Data, DebtCeilingBit, DebtCeilingWidth);

    /// <summary>LTV as a fraction (8050 → 0.805).</summary>
    public double LtvFraction => (double)Ltv / PercentageFactor;

    /// <summary>Liquidation threshold as a fraction (8300 → 0.83).</summary>
    public double LiquidationThresholdFraction => (double)LiquidationThreshold / PercentageFactor;

    /// <summary>The bonus alone as a fraction (10500 → 0.05); 0 for a reserve that is not collateral (bonus 0).</summary>
    public double LiquidationBonusFraction => LiquidationBonus > PercentageFactor ? (double)(LiquidationBonus - PercentageFactor) / PercentageFactor : 0;

    private static BigInteger Bits(BigInteger data, int offset, int width) => (data >> offset) & ((BigInteger.One << width) - 1);
}
