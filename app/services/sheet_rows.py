"""The rows of a spreadsheet file as they are, for the register import: .xlsx read straight
from its XML (fast for tens of thousands of rows; openpyxl as the fallback) and .csv in UTF-8
or GBK. Cells stay as they were typed (text, numbers, Excel dates); the import reads them."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path


class ImportFileError(ValueError):
    """The file cannot be read as a register (wrong type, no header row, missing columns)."""


def xlsx_rows(path: Path) -> list[tuple[int, tuple]]:
    """(row number, cells) of the first sheet."""
    try:
        return _xlsx_rows_direct(path)
    except (KeyError, ValueError, IndexError, StopIteration, ET.ParseError, zipfile.BadZipFile):
        pass  # an unusual file: let openpyxl read it (slower, more forgiving)
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ImportFileError(f"无法读取 Excel 文件 {path.name}：{exc}") from exc
    try:
        ws = wb.worksheets[0]
        return [(i, row) for i, row in enumerate(ws.iter_rows(values_only=True), 1)]
    finally:
        wb.close()


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_COL = re.compile(r"^([A-Z]+)")


def _xlsx_rows_direct(path: Path) -> list[tuple[int, tuple]]:
    """The first sheet's cell values, read straight from the XML: openpyxl builds an object
    per shared string and is about five times slower on a 10,000-row register. Dates are
    recognised by their number format, as Excel does (openpyxl's own rules)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
    from openpyxl.utils.datetime import (
        CALENDAR_MAC_1904,
        CALENDAR_WINDOWS_1900,
        from_excel,
    )

    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        book = ET.fromstring(z.read("xl/workbook.xml"))
        pr = book.find(f"{_NS}workbookPr")
        epoch = CALENDAR_MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") else CALENDAR_WINDOWS_1900
        rid = book.find(f"{_NS}sheets/{_NS}sheet").get(_REL)
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        sheet = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(f"{_NS}si"):
                parts = [t.text or "" for t in si.findall(f"{_NS}t")]
                parts += [t.text or "" for t in si.findall(f"{_NS}r/{_NS}t")]  # rich text runs, not phonetics
                shared.append("".join(parts))
        dates: set[int] = set()
        if "xl/styles.xml" in names:
            styles = ET.fromstring(z.read("xl/styles.xml"))
            formats = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{_NS}numFmt")}
            xfs = styles.find(f"{_NS}cellXfs")
            for i, xf in enumerate(xfs if xfs is not None else []):
                fid = int(xf.get("numFmtId", "0"))
                if is_date_format(formats.get(fid) or BUILTIN_FORMATS.get(fid, "General")):
                    dates.add(i)
        out = []
        with z.open(sheet) as fh:
            for _event, row in ET.iterparse(fh):
                if row.tag != f"{_NS}row":
                    continue
                values: dict[int, object] = {}
                col = -1
                for c in row.iter(f"{_NS}c"):
                    ref = c.get("r")
                    col = _column(ref) if ref else col + 1
                    kind = c.get("t", "n")
                    v = c.find(f"{_NS}v")
                    text = v.text if v is not None else None
                    if kind == "s":
                        value = shared[int(text)] if text is not None else None
                    elif kind == "inlineStr":
                        value = "".join(t.text or "" for t in c.iter(f"{_NS}t"))
                    elif kind == "str":
                        value = text
                    elif kind == "b":
                        value = text == "1"
                    elif kind == "e" or text is None:
                        value = None
                    else:
                        number = float(text)
                        if int(c.get("s", "0")) in dates:
                            value = from_excel(number, epoch)
                        else:
                            value = int(number) if number.is_integer() else number
                    values[col] = value
                line = int(row.get("r")) if row.get("r") else (out[-1][0] + 1 if out else 1)
                width = max(values) + 1 if values else 0
                out.append((line, tuple(values.get(i) for i in range(width))))
                row.clear()
        return out


def _column(ref: str) -> int:
    n = 0
    for ch in _COL.match(ref).group(1):
        n = n * 26 + ord(ch) - 64
    return n - 1


def csv_rows(path: Path) -> list[tuple[int, tuple]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(f"无法识别 {path.name} 的文字编码（应为 UTF-8 或 GBK）")
    return [(i, tuple(r)) for i, r in enumerate(csv.reader(text.splitlines()), 1)]
