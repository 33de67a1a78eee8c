"""What people type, cleaned of control characters before it is stored or searched.

PostgreSQL refuses NUL in text, and the other control characters are invisible or break
a line where none belongs. Two shapes of text:

- one line (a name, a title, a tag, a search): every control character (C0, DEL, C1)
  becomes a space and runs of white space one space;
- several lines (a message, a lesson's Markdown): tab and line breaks stay (CRLF as LF),
  the other C0 characters and DEL go.
"""

from __future__ import annotations

import re

LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def one_line(value: object) -> str:
    """`value` as one line: control characters as spaces, white space collapsed, trimmed."""
    return " ".join(LINE_CONTROLS.sub(" ", str(value or "")).split())


def multi_line(value: object) -> str:
    """`value` with its line breaks (LF) and tabs kept, other control characters dropped,
    trimmed."""
    return TEXT_CONTROLS.sub("", str(value or "")).replace("\r\n", "\n").strip()


def has_controls(value: str) -> bool:
    """Whether `value` holds a control character (no stored slug or code does)."""
    return LINE_CONTROLS.search(value) is not None
