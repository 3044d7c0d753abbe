using System.Diagnostics;

namespace ExposureWeb.E2E;

/// <summary>Finds the anvil node serving a port, through /proc (Linux).</summary>
public static class AnvilProcesses
{
    public static IReadOnlyList<int> ServingPort(int port)
    {
        var found = new List<int>();
        foreach (var p in Process.GetProcessesByName("anvil"))
        {
            using (p)
            {
                try
                {
                    var args = File.ReadAllText($"/proc/{p.Id}/cmdline").Split('\0');
                    var i = Array.IndexOf(args, "--port");
                    if (i >= 0 && i + 1 < args.Length && args[i + 1] == port.ToString(System.Globalization.CultureInfo.InvariantCulture)) found.Add(p.Id);
                }
                catch (IOException)
                {
                    // The process ended between listing and reading: it serves nothing.
                }
            }
        }
        return found;
    }

    public static void Kill(int pid)
    {
        using var p = Process.GetProcessById(pid);
        p.Kill();
    }
}
