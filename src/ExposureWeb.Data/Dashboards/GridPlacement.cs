namespace ExposureWeb.Data.Dashboards;

/// <summary>
/// Moving and resizing widgets on the grid: the moved widget takes the place asked for (clamped to the grid) and any
/// widget it would overlap is pushed down below it, recursively, so a layout never has two widgets on one cell.
/// </summary>
public static class GridPlacement
{
    public const int MaxY = 500;

    /// <summary>The layout's widgets with <paramref name="id"/> at (x, y) sized w × h, the others pushed down where they collide.</summary>
    public static IReadOnlyList<DashboardWidget> Place(IReadOnlyList<DashboardWidget> widgets, string id, int x, int y, int w, int h)
    {
        var moved = widgets.FirstOrDefault(widget => widget.Id == id) ?? throw new ArgumentException($"no widget {id}", nameof(id));
        w = Math.Clamp(w, 1, DashboardLayout.Columns);
        h = Math.Clamp(h, 1, DashboardLayout.MaxRows);
        x = Math.Clamp(x, 0, DashboardLayout.Columns - w);
        y = Math.Clamp(y, 0, MaxY);
        var placed = moved with { X = x, Y = y, W = w, H = h };
        var result = widgets.Select(widget => widget.Id == id ? placed : widget).ToList();
        PushDown(result, placed);
        return result;
    }

    /// <summary>Where a new widget goes: the first row below every widget, at the left.</summary>
    public static (int X, int Y) Append(IReadOnlyList<DashboardWidget> widgets) =>
        (0, widgets.Count == 0 ? 0 : widgets.Max(widget => widget.Y + widget.H));

    public static bool Overlap(DashboardWidget a, DashboardWidget b) =>
        a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;

    /// <summary>
    /// Settles the layout around the anchor: the others are visited top to bottom and each one that overlaps something
    /// already settled moves down just below it. Nothing moves up and nothing that was clear moves at all.
    /// </summary>
    private static void PushDown(List<DashboardWidget> widgets, DashboardWidget anchor)
    {
        var settled = new List<DashboardWidget> { anchor };
        foreach (var widget in widgets.Where(w => w.Id != anchor.Id).OrderBy(w => w.Y).ThenBy(w => w.X).ToList())
        {
            var current = widget;
            while (settled.Where(s => Overlap(s, current)).Select(s => s.Y + s.H).DefaultIfEmpty(-1).Max() is var bottom && bottom >= 0)
            {
                current = current with { Y = bottom };
            }
            settled.Add(current);
            widgets[widgets.FindIndex(w => w.Id == current.Id)] = current;
        }
    }
}
