namespace ExposureWeb.Data.Accounts;

/// <summary>The outcome of a successful sign-in.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Address">The EIP-55 address that signed.</param>
/// <param name="FirstSignIn">True when this sign-in created the user, their workspace and portfolio.</param>
/// <param name="HomePortfolioId">Where to land: the user's first portfolio (their personal one on a first sign-in).</param>
public sealed record SignedInUser(int UserId, string Address, bool FirstSignIn, int? HomePortfolioId);
