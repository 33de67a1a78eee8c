"""CSV text for downloads, safe to open in a spreadsheet (CSV/formula injection).

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets; such cells get a leading `'` so they
show as text (OWASP's advice). Numbers, and text that is just a number such as "-5.00",
are left as they are. Every CSV export goes through `safe_cell` / `write_csv`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(value: object) -> str | int | float | Decimal:
    """A cell as a spreadsheet should read it: text starting like a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(header: Sequence[str] | None, rows: Iterable[Sequence[object]]) -> str:
    """CSV text: the header (if any), then every row with each cell through `safe_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header is not None:
        writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
