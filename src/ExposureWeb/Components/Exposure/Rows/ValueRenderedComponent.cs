using Microsoft.AspNetCore.Components;

namespace ExposureWeb.Components.Exposure.Rows;

/// <summary>
/// A component that renders only when what it shows changed, by value. Every block brings a new snapshot with new row
/// objects, most of them equal to the last ones: a table of such rows re-renders (and sends the browser) only the rows
/// whose figures moved.
/// </summary>
public abstract class ValueRenderedComponent : ComponentBase
{
    private object? _shown;
    private bool _changed = true;

    /// <summary>
    /// Everything the markup shows, compared with <see cref="object.Equals(object?, object?)"/>: a tuple or record of
    /// values (a list inside compares by reference, so wrap one such as <see cref="PositionRowValue"/> does).
    /// </summary>
    protected abstract object Shown { get; }

    /// <summary>Whether the last parameters brought something new to show (derived views are worked out only then).</summary>
    protected bool Changed => _changed;

    protected override void OnParametersSet()
    {
        var shown = Shown;
        _changed = !Equals(shown, _shown);
        _shown = shown;
    }

    protected override bool ShouldRender() => _changed;
}
