using System.Text.RegularExpressions;

namespace ExposureWeb.Data.Dashboards;

/// <summary>What makes a layout acceptable: widgets on the grid without overlap, known kinds, sane text.</summary>
public static partial class DashboardLayoutValidator
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex WidgetId();

    [GeneratedRegex("^[A-Za-z0-9.]{1,16}$")]
    private static partial Regex Symbol();

    /// <summary>Every problem, each naming the widget; empty when the layout is fine.</summary>
    public static IReadOnlyList<string> Validate(DashboardLayout? layout)
    {
        if (layout is null) return ["the layout is missing"];
        var errors = new List<string>();
        var widgets = layout.Widgets ?? [];
        if (widgets.Count > DashboardLayout.MaxWidgets) errors.Add($"a dashboard has at most {DashboardLayout.MaxWidgets} widgets");
        foreach (var group in widgets.GroupBy(w => w.Id).Where(g => g.Count() > 1)) errors.Add($"two widgets are called \"{group.Key}\"");
        foreach (var w in widgets)
        {
            var name = $"widget \"{w.Id}\"";
            if (w.Id is null || !WidgetId().IsMatch(w.Id)) errors.Add($"{name}: an id is 1–40 lower-case letters, digits and dashes");
            if (!Enum.IsDefined(w.Kind)) errors.Add($"{name}: unknown kind");
            if (w.W is < 1 or > DashboardLayout.Columns) errors.Add($"{name}: width is 1 to {DashboardLayout.Columns} columns");
            if (w.X < 0 || w.X + w.W > DashboardLayout.Columns) errors.Add($"{name}: it must fit in the {DashboardLayout.Columns} columns (x + width ≤ {DashboardLayout.Columns})");
            if (w.H is < 1 or > DashboardLayout.MaxRows) errors.Add($"{name}: height is 1 to {DashboardLayout.MaxRows} rows");
            if (w.Y is < 0 or > GridPlacement.MaxY) errors.Add($"{name}: row is 0 to {GridPlacement.MaxY}");
            if (w.Title is { Length: > 80 }) errors.Add($"{name}: a title has at most 80 characters");
            if (w.Underlying is not null && !Symbol().IsMatch(w.Underlying)) errors.Add($"{name}: an underlying is a symbol like ETH");
        }
        for (var i = 0; i < widgets.Count; i++)
        {
            for (var j = i + 1; j < widgets.Count; j++)
            {
                if (GridPlacement.Overlap(widgets[i], widgets[j])) errors.Add($"widgets \"{widgets[i].Id}\" and \"{widgets[j].Id}\" overlap");
            }
        }
        if (layout.Variables is null) errors.Add("the variables are missing");
        else if (layout.Variables.Underlying is { } u && !Symbol().IsMatch(u)) errors.Add("the underlying variable is a symbol like ETH");
        return errors;
    }
}
