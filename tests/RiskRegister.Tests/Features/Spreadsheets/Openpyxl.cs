namespace RiskRegister.Tests.Features.Spreadsheets;

/// <summary>
/// Another spreadsheet program, so that the import is not only tested on its own output: Debian's python3-openpyxl
/// (.ci/run installs it) reads a workbook into JSON and edits cells, saving the file as openpyxl writes it (shared
/// strings, its own styles and layout).
/// </summary>
public static class Openpyxl
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import datetime, json, sys, openpyxl
        command, path = sys.argv[1], sys.argv[2]
        if command == "dump":
            book = openpyxl.load_workbook(path)
            out = {}
            for ws in book.worksheets:
                cells = {}
                for row in ws.iter_rows():
                    for c in row:
                        if c.value is None: continue
                        v = c.value
                        if isinstance(v, datetime.datetime): v = "date:" + v.date().isoformat()
                        cells[c.coordinate] = v
                out[ws.title] = {"state": ws.sheet_state, "freeze": ws.freeze_panes, "cells": cells,
                    "validations": [str(dv.formula1) + " " + str(dv.sqref) for dv in ws.data_validations.dataValidation],
                    "widths": {k: d.width for k, d in ws.column_dimensions.items()},
                    "quoted": [c.coordinate for row in ws.iter_rows() for c in row if c.quotePrefix]}
            print(json.dumps(out, ensure_ascii=False))
        elif command == "set":
            book = openpyxl.load_workbook(path)
            args = sys.argv[4:]
            for i in range(0, len(args), 3):
                sheet, cell, value = args[i], args[i + 1], args[i + 2]
                kind, _, text = value.partition(":")
                book[sheet][cell] = {"int": lambda t: int(t), "str": lambda t: t, "none": lambda t: None,
                    "date": lambda t: datetime.datetime.fromisoformat(t), "formula": lambda t: t}[kind](text)
            book.save(sys.argv[3])
        """;

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var script = Path.Combine(Path.GetTempPath(), "riskregister-openpyxl.py");
        if (!File.Exists(script) || await File.ReadAllTextAsync(script) != Script) await File.WriteAllTextAsync(script, Script);
        return await Tools.RunAsync(Python, "python3-openpyxl", [script, .. arguments]);
    }

    /// <summary>Every sheet as openpyxl reads it: state, frozen pane, cell values by reference (dates as <c>date:YYYY-MM-DD</c>), validations, widths.</summary>
    public static async Task<JsonElement> DumpAsync(byte[] workbook)
    {
        // openpyxl goes by the file's extension.
        var path = Path.Combine(Path.GetTempPath(), $"riskregister-{Guid.NewGuid():N}.xlsx");
        try
        {
            await File.WriteAllBytesAsync(path, workbook);
            return JsonDocument.Parse(await RunAsync("dump", path)).RootElement.Clone();
        }
        finally { File.Delete(path); }
    }

    /// <summary>The workbook with cells set, saved by openpyxl: each edit is (sheet, cell, "int:3" | "str:text" | "date:2024-01-31" | "formula:=1+2" | "none:").</summary>
    public static async Task<byte[]> EditAsync(byte[] workbook, params (string Sheet, string Cell, string Value)[] edits)
    {
        var from = Path.Combine(Path.GetTempPath(), $"riskregister-{Guid.NewGuid():N}.xlsx");
        var to = from + ".edited.xlsx";
        try
        {
            await File.WriteAllBytesAsync(from, workbook);
            await RunAsync(["set", from, to, .. edits.SelectMany(e => new[] { e.Sheet, e.Cell, e.Value })]);
            return await File.ReadAllBytesAsync(to);
        }
        finally
        {
            File.Delete(from);
            File.Delete(to);
        }
    }
}
