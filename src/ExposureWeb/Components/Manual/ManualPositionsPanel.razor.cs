using System.Text;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Data.Quotas;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace ExposureWeb.Components.Manual;

/// <summary>
/// A portfolio's manual positions: the table, the add/edit form, delete with confirmation and CSV import. The rules
/// live in <see cref="ManualPositionValidator"/> and <see cref="ManualPositionCsv"/>; this only wires them to the store.
/// </summary>
public sealed partial class ManualPositionsPanel
{
    /// <summary>Errors listed under a failed import; the rest are counted (a 5,000-line file can hold tens of thousands).</summary>
    private const int MaxErrorsShown = 100;

    /// <summary>Rows per page: a portfolio may hold thousands (<see cref="QuotaOptions.ManualPositionsPerPortfolio"/>).</summary>
    public const int PageSize = 25;

    private IReadOnlyList<ManualPositionEntry>? _entries;
    private int _total;
    private int _page;
    private string? _quotaMessage;
    private ManualPositionFields? _editing;
    private int? _editingId;
    private int _formKey;
    private int? _loadedFor;
    private IReadOnlyList<CsvLineError> _importErrors = [];
    private string? _importFile;
    private bool _importing;
    private MudFileUpload<IBrowserFile>? _upload;

    [Parameter, EditorRequired]
    public int PortfolioId { get; set; }

    /// <summary>The user's role allows changes (editor or owner); a viewer sees the list only.</summary>
    [Parameter, EditorRequired]
    public bool CanEdit { get; set; }

    [Inject]
    private ManualPositionStore Store { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IOptionsMonitor<QuotaOptions> Quotas { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == PortfolioId) return;
        _loadedFor = PortfolioId;
        _entries = null;
        _editing = null;
        _editingId = null;
        _importErrors = [];
        _quotaMessage = null;
        _page = 0;
        await ReloadAsync();
    }

    private int Limit => Quotas.CurrentValue.ManualPositionsPerPortfolio;

    private int Pages => Math.Max(1, (_total + PageSize - 1) / PageSize);

    /// <summary>Loads the page shown (only it: the panel never holds a portfolio's thousands of rows).</summary>
    private async Task ReloadAsync()
    {
        var page = await Store.ListPageAsync(PortfolioId, _page * PageSize, PageSize);
        if (page.Items.Count == 0 && page.Total > 0 && _page > 0)
        {
            // The last page emptied (rows deleted elsewhere): show the new last one.
            _page = (page.Total - 1) / PageSize;
            page = await Store.ListPageAsync(PortfolioId, _page * PageSize, PageSize);
        }
        _entries = page.Items;
        _total = page.Total;
    }

    private async Task GoToAsync(int page)
    {
        _page = Math.Clamp(page - 1, 0, Pages - 1);
        await ReloadAsync();
    }

    private void StartAdd() => OpenForm(new ManualPositionFields { Kind = ManualPositionText.Kind(ManualPositionKind.Perp) }, null);

    private void StartEdit(ManualPositionEntry entry) => OpenForm(ManualPositionFields.From(entry.ToValues()), entry.Id);

    private void OpenForm(ManualPositionFields fields, int? id)
    {
        if (!CanEdit) return;
        _editing = fields;
        _editingId = id;
        _formKey++;
    }

    private void CloseForm()
    {
        _editing = null;
        _editingId = null;
    }

    private async Task<IReadOnlyList<FieldError>> SaveAsync(ManualPositionValues values)
    {
        if (!CanEdit) return [new FieldError(ManualPositionField.Kind, "your role in this workspace may not change positions")];
        var result = _editingId is { } id
            ? await Store.UpdateAsync(PortfolioId, id, values)
            : await Store.AddAsync(PortfolioId, values);
        switch (result.Outcome)
        {
            case ManualPositionOutcome.Invalid:
                return result.Errors;
            case ManualPositionOutcome.NotFound:
                Snackbar.Add(_editingId is null ? "This portfolio no longer exists." : "This position no longer exists: it was deleted meanwhile.", Severity.Warning);
                break;
            case ManualPositionOutcome.QuotaReached:
                _quotaMessage = result.Message;
                break;
            default:
                Snackbar.Add($"Saved {ManualPositionDisplay.Describe(result.Entry!)}.", Severity.Success);
                break;
        }
        CloseForm();
        await ReloadAsync();
        StateHasChanged();
        return [];
    }

    private async Task DeleteAsync(ManualPositionEntry entry)
    {
        if (!CanEdit) return;
        var description = ManualPositionDisplay.Describe(entry);
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete manual position?",
            $"{description} will be removed from this portfolio's exposure.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true) return;
        if (await Store.DeleteAsync(PortfolioId, entry.Id))
            Snackbar.Add($"Deleted {description}.", Severity.Success);
        if (_editingId == entry.Id) CloseForm();
        await ReloadAsync();
    }

    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null || !CanEdit) return;
        _importErrors = [];
        _quotaMessage = null;
        _importFile = file.Name;
        _importing = true;
        try
        {
            if (file.Size > ManualPositionCsv.MaxBytes)
            {
                _importErrors = [ManualPositionCsv.TooLarge(file.Size)];
                return;
            }
            // The browser stream only reads asynchronously; the parser reads synchronously from memory (≤ 1 MB).
            using var buffer = new MemoryStream();
            await using (var upload = file.OpenReadStream(ManualPositionCsv.MaxBytes))
            {
                await upload.CopyToAsync(buffer);
            }
            buffer.Position = 0;
            using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var result = await Store.ImportCsvAsync(PortfolioId, reader);
            switch (result.Outcome)
            {
                case ManualPositionOutcome.Saved:
                    Snackbar.Add($"Imported {result.Imported} manual position{(result.Imported == 1 ? "" : "s")} from {file.Name}.", Severity.Success);
                    await ReloadAsync();
                    break;
                case ManualPositionOutcome.NotFound:
                    _importErrors = [new CsvLineError(null, "This portfolio no longer exists.")];
                    break;
                case ManualPositionOutcome.QuotaReached or ManualPositionOutcome.TooManyImports:
                    _quotaMessage = $"{file.Name} was not imported: {result.Message}";
                    break;
                default:
                    _importErrors = result.Errors;
                    break;
            }
        }
        finally
        {
            _importing = false;
            // Lets the same file be chosen again after it has been fixed.
            if (_upload is not null) await _upload.ClearAsync();
        }
    }

    private void ClearImportErrors() => _importErrors = [];

    private void ClearQuotaMessage() => _quotaMessage = null;
}
