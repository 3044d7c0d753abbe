using System.Globalization;
using System.Text;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>Linux /proc lookups for the processes one anvil port belongs to (anvil itself and its watchdog shells).</summary>
internal static class ProcFs
{
    /// <summary>Live processes whose command line has <c>--port &lt;port&gt;</c>; zombies (empty cmdline) are not listed.</summary>
    public static IReadOnlyList<(int Pid, string[] Argv)> WithPortArgument(int port)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var found = new List<(int, string[])>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string[] argv;
            try
            {
                argv = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // exited while we looked
            }
            for (var i = 0; i + 1 < argv.Length; i++)
            {
                if (argv[i] == "--port" && argv[i + 1] == portText)
                {
                    found.Add((pid, argv));
                    break;
                }
            }
        }
        return found;
    }

    /// <summary>The anvil binary itself (argv[0] named anvil), not the /bin/sh watchdog that carries the same arguments.</summary>
    public static IReadOnlyList<int> AnvilPids(int port) =>
        WithPortArgument(port).Where(p => Path.GetFileName(p.Argv[0]) == "anvil").Select(p => p.Pid).ToList();

    /// <summary>Parent pid from /proc/PID/stat (the field after the parenthesised command name).</summary>
    public static int ParentPid(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }
}
