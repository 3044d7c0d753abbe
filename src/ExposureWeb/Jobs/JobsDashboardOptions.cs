using System.ComponentModel.DataAnnotations;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Jobs;

/// <summary>Who may open the Hangfire dashboard, section <c>Jobs</c>.</summary>
public sealed class JobsDashboardOptions : IValidatableObject
{
    public const string Section = "Jobs";

    /// <summary>
    /// Wallet addresses of the operators who may open <c>/hangfire</c>, signed in and from this machine. Empty (the
    /// default): nobody; the dashboard can retry and delete jobs, so it is opened to named people only.
    /// </summary>
    public List<string> DashboardAdmins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var admin in DashboardAdmins)
        {
            if (!Address.TryParseEntered(admin, out _, out var error))
            {
                yield return new ValidationResult($"'{admin}' is not a wallet address: {error}", [nameof(DashboardAdmins)]);
            }
        }
    }

    /// <summary>Whether <paramref name="address"/> (EIP-55, as the session carries it) is one of the admins.</summary>
    public bool IsAdmin(string? address) =>
        address is not null && Address.TryParseEntered(address, out var wallet, out _)
        && DashboardAdmins.Any(a => Address.TryParseEntered(a, out var admin, out _) && admin == wallet);
}
