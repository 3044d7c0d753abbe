using System.Runtime.InteropServices;

namespace ExposureWeb.DevChain.Anvil;

/// <summary>Finds the anvil binary that npm installed (package @foundry-rs/anvil ships it per platform).</summary>
public static class AnvilLocator
{
    public static string Find(string? configured, params string[] searchFrom)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured)
                : throw new FileNotFoundException($"DevChain:AnvilPath points to '{configured}', which does not exist.");
        }
        var platform = PlatformPackage();
        var exe = OperatingSystem.IsWindows() ? "anvil.exe" : "anvil";
        foreach (var start in searchFrom.Where(s => !string.IsNullOrEmpty(s)))
        {
            // Walk up: the binary sits in the repository's node_modules, or beside a published app.
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", "@foundry-rs", platform, "bin", exe);
                if (File.Exists(candidate)) return candidate;
            }
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, exe);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(
            $"anvil was not found (looked for node_modules/@foundry-rs/{platform}/bin/{exe} above {string.Join(", ", searchFrom)} and on PATH). " +
            "Run `npm ci` in the repository root, or set DevChain:AnvilPath, or set DevChain:Enabled=false and configure Chains.");
    }

    private static string PlatformPackage()
    {
        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "win32" : "unknown";
        var arch = RuntimeInformation.OSArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", var a => a.ToString().ToLowerInvariant() };
        return $"anvil-{os}-{arch}";
    }
}
