using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace ExposureWeb.Components.Manual;

/// <summary>
/// Adds or edits one manual position. Shows only the fields the chosen kind uses and checks each with
/// <see cref="ManualPositionValidator"/> as it is typed; saving is the parent's job (<see cref="OnSave"/>).
/// </summary>
public sealed partial class ManualPositionForm
{
    private static readonly (string Value, string Text)[] Kinds =
        [(ManualPositionText.Kind(ManualPositionKind.Spot), "Spot"), (ManualPositionText.Kind(ManualPositionKind.Perp), "Perp"), (ManualPositionText.Kind(ManualPositionKind.Option), "Option")];

    /// <summary>Phones show a keypad with '.' and '-'.</summary>
    private const InputMode DecimalKeyboard = InputMode.@decimal;

    private static int _instances;

    private readonly int _id = Interlocked.Increment(ref _instances);
    private readonly Dictionary<string, Func<string?, IEnumerable<string>>> _checks = [];
    private ManualPositionFields _fields = new();
    private MudForm? _form;
    private MudTextField<string>? _underlying;
    private IReadOnlyList<FieldError> _unshownErrors = [];
    private bool _saving;

    /// <summary>What the form starts with; copied, so cancelling leaves it untouched.</summary>
    [Parameter, EditorRequired]
    public ManualPositionFields Initial { get; set; } = new();

    [Parameter]
    public bool IsEdit { get; set; }

    /// <summary>Stores the values; returns what the store refused (empty when saved).</summary>
    [Parameter, EditorRequired]
    public Func<ManualPositionValues, Task<IReadOnlyList<FieldError>>> OnSave { get; set; } = default!;

    [Parameter, EditorRequired]
    public EventCallback OnCancel { get; set; }

    private ManualPositionKind? Kind => ManualPositionText.TryParseKind(_fields.Kind, out var kind) ? kind : null;

    private string EntryPriceHelp => Kind switch
    {
        ManualPositionKind.Perp => "Average entry, USD per unit",
        ManualPositionKind.Option => "Premium per option",
        _ => "Cost, USD per unit",
    };

    protected override void OnInitialized() => _fields = Initial.Copy();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _underlying is not null) await _underlying.FocusAsync();
    }

    private bool Shows(string field) => Kind is not { } kind || ManualPositionValidator.Uses(kind, field);

    private bool Requires(string field) => Kind is { } kind && ManualPositionValidator.Requires(kind, field);

    /// <summary>The validator's messages for one field, judged with the value being typed (one delegate per field, not per render).</summary>
    private Func<string?, IEnumerable<string>> Check(string field)
    {
        if (!_checks.TryGetValue(field, out var check))
        {
            check = value => ManualPositionValidator.Parse(_fields.With(field, value), UnusedFields.Ignore).Errors
                .Where(e => e.Field == field).Select(e => e.Message).ToList();
            _checks[field] = check;
        }
        return check;
    }

    private async Task SaveAsync()
    {
        // Enter on the Save button raises both the form's Enter and the click: save once.
        if (_saving) return;
        _saving = true;
        try
        {
            var parse = ManualPositionValidator.Parse(_fields, UnusedFields.Ignore);
            if (parse.Values is not { } values)
            {
                if (_form is not null) await _form.ValidateAsync();
                _unshownErrors = [.. parse.Errors.Where(e => e.Field == ManualPositionField.Kind)];
                return;
            }
            var refused = await OnSave(values);
            _unshownErrors = refused;
        }
        finally
        {
            _saving = false;
        }
    }

    private Task CancelAsync() => OnCancel.InvokeAsync();

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Escape") await CancelAsync();
    }
}
