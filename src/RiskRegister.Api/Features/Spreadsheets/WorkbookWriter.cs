using System.Globalization;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RiskRegister.Api.Features.Spreadsheets;

/// <summary>
/// One sheet to write: its columns, its rows (one value per column), and the dropdowns of some columns: <c>Lists</c>
/// maps a column's index to the range of <c>Listor</c> its dropdown offers (data validation).
/// </summary>
public sealed record SheetContent(string Name, IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows, bool Hidden = false,
    IReadOnlyDictionary<int, string>? Lists = null);

/// <summary>
/// Writes workbooks with the Open XML SDK, each sheet streamed row by row (<see cref="OpenXmlWriter"/>): a frozen,
/// bold header row, widths from the longest value, dates as dates (<c>yyyy-mm-dd</c>), whole numbers as numbers, and
/// texts as inline strings. A text is never a formula in a workbook; one that a spreadsheet would take for one when it
/// is typed in again (<c>=HYPERLINK(…)</c>) gets Excel's own leading apostrophe (the quote prefix), as the CSV gives it
/// one, while its value stays exactly the text, so that it imports back unchanged.
/// </summary>
public static class WorkbookWriter
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const uint HeaderStyle = 1, DateStyle = 2, QuotedTextStyle = 3;
    private const int MinWidth = 8, MaxWidth = 60;

    public static void Write(Stream output, IReadOnlyList<SheetContent> sheets)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
        var sheetList = new Sheets();
        uint sheetId = 1;
        foreach (var sheet in sheets)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(part)) WriteSheet(writer, sheet, first: sheetId == 1);
            sheetList.Append(new Sheet
            {
                Name = sheet.Name, SheetId = sheetId++, Id = workbookPart.GetIdOfPart(part),
                State = sheet.Hidden ? SheetStateValues.Hidden : null,
            });
        }
        workbookPart.Workbook = new Workbook(new BookViews(new WorkbookView { ActiveTab = 0 }), sheetList);
        workbookPart.Workbook.Save();
    }

    private static void WriteSheet(OpenXmlWriter writer, SheetContent sheet, bool first)
    {
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        { WorkbookViewId = 0, TabSelected = first ? true : null }));
        var columns = new Columns();
        for (var c = 0; c < sheet.Headers.Count; c++)
            columns.Append(new Column { Min = (uint)c + 1, Max = (uint)c + 1, Width = Width(sheet, c), CustomWidth = true });
        writer.WriteElement(columns);

        writer.WriteStartElement(new SheetData());
        WriteRow(writer, 1, sheet.Headers.Cast<object?>().ToArray(), header: true);
        var number = 2;
        foreach (var row in sheet.Rows) WriteRow(writer, number++, row, header: false);
        writer.WriteEndElement();

        if (sheet.Lists is { Count: > 0 } lists)
        {
            var validations = new DataValidations { Count = (uint)lists.Count };
            foreach (var (column, range) in lists)
            {
                var letter = CellReference.Column(column);
                validations.Append(new DataValidation(new Formula1(range))
                {
                    Type = DataValidationValues.List, AllowBlank = true, ShowErrorMessage = true,
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{letter}2:{letter}{CellReference.MaxRows}" },
                });
            }
            writer.WriteElement(validations);
        }
        writer.WriteEndElement();
    }

    private static void WriteRow(OpenXmlWriter writer, int number, object?[] values, bool header)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)number });
        for (var c = 0; c < values.Length; c++)
        {
            if (values[c] is not { } value) continue;
            var reference = CellReference.Of(c, number);
            Cell cell = value switch
            {
                DateOnly date => new Cell { CellReference = reference, StyleIndex = DateStyle, CellValue = new CellValue(Serial(date).ToString(CultureInfo.InvariantCulture)) },
                int or long => new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
                _ => TextCell(reference, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", header),
            };
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }

    private static Cell TextCell(string reference, string text, bool header)
    {
        var cell = new Cell
        {
            CellReference = reference, DataType = CellValues.InlineString,
            InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve }),
        };
        if (header) cell.StyleIndex = HeaderStyle;
        else if (LooksLikeFormula(text)) cell.StyleIndex = QuotedTextStyle;
        return cell;
    }

    // What a spreadsheet may start a formula with, as the CSV judges it (Infrastructure/Csv.cs).
    private const string FormulaStarts = "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20";

    /// <summary>A text a spreadsheet would read as a formula if it were typed in: the CSV's rule.</summary>
    public static bool LooksLikeFormula(string text)
    {
        var first = text.AsSpan().TrimStart(" ;,\u3000");
        return !first.IsEmpty && FormulaStarts.Contains(first[0]);
    }

    /// <summary>The day's serial number in the 1900 date system (what Excel, LibreOffice and openpyxl read as the date).</summary>
    public static int Serial(DateOnly date) => date.DayNumber - new DateOnly(1899, 12, 30).DayNumber;

    // A character XML cannot carry (a control character that slipped in) cannot be written: it becomes U+FFFD.
    private static string XmlSafe(string text)
    {
        foreach (var ch in text)
            if (!XmlConvert.IsXmlChar(ch) && !char.IsSurrogate(ch))
                return string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD'));
        return text;
    }

    private static double Width(SheetContent sheet, int column)
    {
        static int Length(object? value) => value switch
        {
            null => 0,
            DateOnly => 10,
            string text => text.AsSpan().IndexOfAny('\r', '\n') is var end and >= 0 ? end : text.Length,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture)!.Length,
        };
        var longest = Length(sheet.Headers[column]) + 2;   // bold
        foreach (var row in sheet.Rows)
            if (column < row.Length) longest = Math.Max(longest, Length(row[column]));
        return Math.Clamp(longest + 2, MinWidth, MaxWidth);
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { QuotePrefix = true }) { Count = 4 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}

/// <summary>A1 references: column letters from a zero-based index, and back.</summary>
public static class CellReference
{
    public const int MaxRows = 1048576;

    public static string Column(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    public static string Of(int column, int row) => Column(column) + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>The zero-based column of a reference such as <c>AB12</c>; -1 when it has no letters.</summary>
    public static int ColumnOf(string reference)
    {
        var index = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++) index = index * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        return i == 0 ? -1 : index - 1;
    }
}
