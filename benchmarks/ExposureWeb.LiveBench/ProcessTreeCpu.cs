using System.Globalization;

namespace ExposureWeb.LiveBench;

/// <summary>
/// CPU time of process trees from /proc: on 2 cores, where the time goes besides the app itself (anvil under the app;
/// Chromium's renderers and Playwright's driver under this process) explains the latencies as much as the app does.
/// </summary>
internal static class ProcessTreeCpu
{
    /// <summary>USER_HZ, the unit of /proc/&lt;pid&gt;/stat's times: 100 on every Linux this runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds (user + system) of <paramref name="root"/>'s descendants, not counting <paramref name="root"/> itself nor the subtrees of <paramref name="excluded"/>.</summary>
    public static double DescendantsSeconds(int root, params int[] excluded)
    {
        var all = Read();
        var children = all.Values.ToLookup(p => p.Parent);
        double ticks = 0;
        var stack = new Stack<int>(children[root].Select(p => p.Pid));
        while (stack.Count > 0)
        {
            var pid = stack.Pop();
            if (excluded.Contains(pid)) continue;
            ticks += all[pid].Ticks;
            foreach (var child in children[pid]) stack.Push(child.Pid);
        }
        return ticks / TicksPerSecond;
    }

    private static Dictionary<int, Stat> Read()
    {
        var result = new Dictionary<int, Stat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            // The command name (2nd field) is in parentheses and may hold spaces: count fields after its closing one.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            // After the name: state(3) ppid(4) … utime(14) stime(15), i.e. indices 1 and 11, 12 here.
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            result[pid] = new Stat(pid, parent, ticks);
        }
        return result;
    }

    private readonly record struct Stat(int Pid, int Parent, long Ticks);
}
