using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using FalseReject.Web.Components.Shared;
using FalseReject.Web.Features.Datasets.Import;

namespace FalseReject.Web.Features.Datasets;

/// <summary>
/// Uploads a JSONL or CSV file from the browser into a new or an existing dataset through
/// <see cref="DatasetImportService"/>: the file is streamed (never buffered whole), a progress bar
/// follows the bytes read, and the dialog ends with the summary or the problems (nothing written).
/// Files over <c>Uploads:MaxMegabytes</c> are refused before any byte is sent.
/// </summary>
public partial class ImportDatasetDialog : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private IBrowserFile? _file;
    private string? _fileError;
    private string? _name;
    private string? _description;
    private bool _ignoreCase;
    private bool _importing;
    private long _bytesRead;
    private DatasetImportResult? _result;
    private string? _error;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>Names of the datasets that exist, to say whether the import appends.</summary>
    [Parameter] public IReadOnlyCollection<string> ExistingNames { get; set; } = [];

    private long MaxBytes => Uploads.Value.MaxBytes;

    private bool CanImport => !_importing && _file is not null && _fileError is null && !string.IsNullOrWhiteSpace(_name);

    private double ProgressPercent => _file is { Size: > 0 } f ? Math.Min(100, 100.0 * _bytesRead / f.Size) : 0;

    private string NameHelp =>
        string.IsNullOrWhiteSpace(_name) ? "A new name creates a dataset; an existing one appends to it."
        : ExistingNames.Contains(_name.Trim(), StringComparer.Ordinal) ? $"'{_name.Trim()}' exists: the rows will be appended to it."
        : $"A new dataset '{_name.Trim()}' will be created.";

    private void OnFileChosen(IBrowserFile? file)
    {
        _result = null;
        _error = null;
        _file = file;
        _fileError = file is not null && file.Size > MaxBytes
            ? $"{file.Name} is {FormatBytes(file.Size)}. {Uploads.Value.TooLargeMessage} Use the CLI for larger files, or split the file."
            : null;
        if (file is not null && string.IsNullOrWhiteSpace(_name))
        {
            _name = Path.GetFileNameWithoutExtension(file.Name);
        }
    }

    private async Task ImportAsync()
    {
        if (!CanImport || _file is null)
        {
            return;
        }
        _importing = true;
        _bytesRead = 0;
        _result = null;
        _error = null;
        try
        {
            await using var stream = _file.OpenReadStream(MaxBytes, _cancel.Token);
            var progress = new ThrottledProgress(bytes => _bytesRead = bytes, () => InvokeAsync(StateHasChanged));
            _result = await Importer.ImportAsync(
                stream,
                new DatasetImportRequest(_name!.Trim(), _description, FileName: _file.Name, IgnoreCase: _ignoreCase),
                progress,
                _cancel.Token);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            return;
        }
        catch (IOException ex)
        {
            // The browser went away or the stream broke: nothing was committed.
            _error = $"The upload did not complete ({ex.Message}). Nothing was imported.";
        }
        finally
        {
            _importing = false;
        }
    }

    private void Cancel() => Dialog.Cancel();

    private void Close() => Dialog.Close(DialogResult.Ok(_result));

    /// <summary>"line 3 repeats line 1, line 9 repeats query #4 already in the dataset and 2 more" (the first ten).</summary>
    private static string DuplicatesText(DatasetImportResult result)
    {
        var shown = result.Duplicates.Take(10).ToList();
        var more = result.DuplicatesSkipped - shown.Count;
        return string.Join(", ", shown) + (more > 0 ? $" and {more:N0} more" : "");
    }

    internal static string FormatBytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB",
        >= 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} bytes",
    };

    public void Dispose()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }
}
