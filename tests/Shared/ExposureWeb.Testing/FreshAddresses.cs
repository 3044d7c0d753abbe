using System.Security.Cryptography;
using System.Text;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Testing;

/// <summary>Deterministic addresses no dev account or demo contract uses: the first 20 bytes of SHA-256("{seed} {i}").</summary>
public static class FreshAddresses
{
    public static IReadOnlyList<Address> Create(int count, string seed) => Enumerable.Range(0, count)
        .Select(i => Address.Parse("0x" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"{seed} {i}")))[..40]))
        .ToList();
}
