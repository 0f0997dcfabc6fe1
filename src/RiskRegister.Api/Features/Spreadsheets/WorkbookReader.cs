using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RiskRegister.Api.Features.Spreadsheets;

/// <summary>One cell as read: its text (a number as written, invariant), or why it cannot be read.</summary>
public readonly record struct CellRead(string Text, bool IsNumber, string? Problem);

/// <summary>A row as read: its number in the sheet and its cells by column (zero-based).</summary>
public sealed record RowRead(int Number, Dictionary<int, CellRead> Cells);

/// <summary>What stops a workbook before it is read: the status and the problem's wording.</summary>
public sealed class WorkbookRefused(int status, string detail, Dictionary<string, string[]>? errors = null) : Exception(detail)
{
    public int Status => status;
    public Dictionary<string, string[]>? Errors => errors;
}

/// <summary>
/// Reads the sheets of an uploaded workbook with the Open XML SDK, defensively: the zip's entries are sized from its
/// directory before any is inflated (a workbook expanding past <see cref="MaxExpandedBytes"/> is refused), each sheet is
/// streamed a row at a time (<see cref="OpenXmlReader"/>) and abandoned as soon as it holds more rows than allowed, and
/// only the workbook, its sheets and its shared strings are opened: macros, external links and embedded objects are
/// never read. Formulas are never evaluated: a cell's cached value is read, and a formula without one is a cell problem.
/// </summary>
public static class WorkbookReader
{
    public const long MaxExpandedBytes = 50L * 1024 * 1024;
    private const int MaxEntries = 10_000;

    /// <summary>
    /// The rows of the named sheets (a sheet the workbook lacks is absent), each limited to <paramref name="maxRows"/>
    /// rows below its header. Throws <see cref="WorkbookRefused"/>: 415 for what is not a workbook, 400 for one too large.
    /// </summary>
    public static Dictionary<string, List<RowRead>> Read(Stream body, IReadOnlyDictionary<string, int> maxRows)
    {
        CheckZip(body);
        body.Position = 0;
        SpreadsheetDocument document;
        try { document = SpreadsheetDocument.Open(body, false, new OpenSettings { AutoSave = false }); }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException or InvalidOperationException or ArgumentException)
        {
            throw NotAWorkbook();
        }
        using (document)
        {
            var workbookPart = document.WorkbookPart ?? throw NotAWorkbook();
            var strings = SharedStrings(workbookPart);
            var sheets = new Dictionary<string, List<RowRead>>(StringComparer.Ordinal);
            var listed = workbookPart.Workbook?.Sheets?.Elements<Sheet>() ?? throw NotAWorkbook();
            foreach (var sheet in listed)
            {
                if (sheet.Name?.Value is not { } name || !maxRows.TryGetValue(name, out var max) || sheet.Id?.Value is not { } partId) continue;
                if (workbookPart.GetPartById(partId) is not WorksheetPart part) continue;
                sheets[name] = ReadSheet(part, name, strings, max);
            }
            return sheets;
        }
    }

    private static WorkbookRefused NotAWorkbook() =>
        new(StatusCodes.Status415UnsupportedMediaType, $"The body is not a workbook (.xlsx, {WorkbookWriter.MediaType}).");

    // The zip's central directory says how large each entry inflates to; nothing is inflated before this check.
    private static void CheckZip(Stream body)
    {
        Span<byte> magic = stackalloc byte[4];
        if (body.Read(magic) < 4 || magic[0] != 'P' || magic[1] != 'K') throw NotAWorkbook();
        body.Position = 0;
        try
        {
            using var zip = new ZipArchive(body, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries)
                throw new WorkbookRefused(StatusCodes.Status400BadRequest, $"The workbook holds {zip.Entries.Count} files; at most {MaxEntries} are read.");
            long expanded = 0;
            foreach (var entry in zip.Entries) expanded += entry.Length;
            if (expanded > MaxExpandedBytes)
                throw new WorkbookRefused(StatusCodes.Status400BadRequest,
                    $"The workbook expands to {expanded / (1024 * 1024)} MB; at most {MaxExpandedBytes / (1024 * 1024)} MB are read.");
        }
        catch (InvalidDataException) { throw NotAWorkbook(); }
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part) return strings;
        long characters = 0;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(SharedStringItem) || !reader.IsStartElement) continue;
            var item = (SharedStringItem)reader.LoadCurrentElement()!;
            // Rich text: the runs' texts, not their phonetic readings.
            var text = item.Text?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));
            characters += text.Length;
            if (characters > MaxExpandedBytes) throw new WorkbookRefused(StatusCodes.Status400BadRequest, "The workbook's texts are too large to read.");
            strings.Add(text);
        }
        return strings;
    }

    private static List<RowRead> ReadSheet(WorksheetPart part, string name, List<string> strings, int maxRows)
    {
        var rows = new List<RowRead>();
        using var reader = OpenXmlReader.Create(part);
        var next = 1;
        var below = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
            var row = (Row)reader.LoadCurrentElement()!;
            var number = row.RowIndex?.Value is { } index ? (int)index : next;
            next = number + 1;
            var cells = new Dictionary<int, CellRead>();
            var column = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                column = cell.CellReference?.Value is { } reference && CellReference.ColumnOf(reference) is >= 0 and var at ? at : column;
                if (Value(cell, strings) is { } value) cells[column] = value;
                column++;
            }
            if (cells.Count == 0) continue;
            // The header is row 1; rows past the limit stop the reading here, before the rest of the sheet is parsed.
            if (number > 1 && ++below > maxRows)
                throw new WorkbookRefused(StatusCodes.Status400BadRequest, $"The sheet {name} holds more than {maxRows} rows, more than a plan may hold.",
                    new Dictionary<string, string[]> { [name] = [$"At most {maxRows} rows below the header (the plan's limits, Limits:MaxRisksPerPlan and Limits:MaxActivitiesPerRisk)."] });
            rows.Add(new RowRead(number, cells));
        }
        return rows;
    }

    private static CellRead? Value(Cell cell, List<string> strings)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            var inline = cell.InlineString;
            var text = inline?.Text?.Text ?? string.Concat(inline?.Elements<Run>().Select(r => r.Text?.Text) ?? []);
            return text.Length == 0 ? null : new CellRead(text, false, null);
        }
        // A formula saved without its result (openpyxl writes an empty one) has nothing to read: never evaluated here.
        if (string.IsNullOrEmpty(raw))
            return cell.CellFormula is not null ? new CellRead("", false, "A formula without a stored value: enter the value itself.") : null;
        if (type == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var at) && at < strings.Count
                ? strings[at].Length == 0 ? null : new CellRead(strings[at], false, null)
                : new CellRead("", false, "The cell refers to a text the workbook does not hold.");
        if (type == CellValues.Error) return new CellRead(raw, false, $"The cell holds the error {raw}: enter the value itself.");
        if (type == CellValues.Boolean) return new CellRead(raw == "1" ? "TRUE" : "FALSE", false, null);
        if (type == CellValues.String) return raw.Length == 0 ? null : new CellRead(raw, false, null);   // a formula's text result
        return new CellRead(raw, true, null);
    }
}
