using System.Collections.Concurrent;

namespace ExposureWeb.Chain.Profiles;

/// <summary>
/// The chains the app knows: those configured at start plus any registered later (the embedded dev
/// chain registers its own profile once it has deployed).
/// </summary>
public sealed class ChainRegistry
{
    private readonly ConcurrentDictionary<string, ChainProfile> _profiles = new(StringComparer.OrdinalIgnoreCase);

    public event Action<ChainProfile>? Registered;

    public IReadOnlyCollection<ChainProfile> All => _profiles.Values.ToList();

    public bool TryGet(string name, out ChainProfile profile) => _profiles.TryGetValue(name, out profile!);

    /// <summary>Adds or replaces a validated profile and tells listeners.</summary>
    public void Register(ChainProfile profile)
    {
        var errors = ChainProfileValidator.Validate(profile);
        if (errors.Count > 0) throw new InvalidChainProfileException($"chain '{profile.Name}'", errors);
        _profiles[profile.Name] = profile;
        Registered?.Invoke(profile);
    }
}
