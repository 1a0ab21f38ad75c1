"""Tables as CSV and as an Excel workbook, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
read as a formula by Excel or LibreOffice (CSV injection, OWASP). Such a value comes
out with a leading apostrophe, which the spreadsheet shows as text. The workbook is
written by openpyxl with every cell as a string, so nothing is evaluated there either.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """*value* as text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (comma-separated, quoted where needed, a BOM so Excel reads UTF-8)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return "\ufeff" + buf.getvalue()


def to_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """An .xlsx workbook with one sheet: a bold, frozen header row and the rows as text."""
    from openpyxl import Workbook  # only the export needs it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.create_sheet(title[:31], 0)  # 31 characters: Excel's limit
    book.remove(book.worksheets[1])  # the empty default sheet
    sheet.append([neutralise(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    for row in rows:
        values = [neutralise(v) for v in row]
        sheet.append(values)
        widths = [max(w, len(v)) for w, v in zip(widths, values, strict=False)]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(60, width + 2)
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
