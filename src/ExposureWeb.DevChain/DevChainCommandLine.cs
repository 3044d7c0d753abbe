namespace ExposureWeb.DevChain;

/// <summary>The dev chain's command-line switches, turned into configuration keys before the host reads its arguments.</summary>
public static class DevChainCommandLine
{
    /// <summary>
    /// <c>--reset</c> (start the embedded chain over instead of continuing the saved one) becomes
    /// <c>--DevChain:Reset=true</c>; every other argument is passed on unchanged.
    /// </summary>
    public static string[] Expand(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Select(a => a == "--reset" ? $"--{DevChainOptions.Section}:{nameof(DevChainOptions.Reset)}=true" : a).ToArray();
    }
}
