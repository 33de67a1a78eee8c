"""Import files: the column templates, the upload sniff (CSV or JSON lines, UTF-8) and the
reader that turns a stored file into numbered rows for the import job.

Row numbers are line numbers in the file: in a CSV the header is line 1 and a record
spanning several lines (a quoted newline) has the number of its first line; in JSON lines
every line is a row, numbered from 1. Blank lines (and CSV lines of only commas) are not
rows: the upload counts rows with the same reader the job uses, so `total` matches.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from email_validator import EmailNotValidError, validate_email

from edu_platform.i18n import CURRENCIES
from edu_platform.services.errors import Invalid

# The course columns a file gives as they are stored (category and teacher are looked up).
COURSE_FIELDS = (
    "slug",
    "title",
    "summary",
    "description",
    "price",
    "currency",
    "level",
    "language",
)
TEMPLATES: dict[str, tuple[str, ...]] = {
    "users": ("email", "full_name", "role"),
    "courses": (*COURSE_FIELDS, "category", "teacher_email"),
    "enrollments": ("email", "course_slug", "enrolled_at"),
    "orders": ("email", "course_slug", "price", "paid_at", "provider_ref"),
}
KINDS: tuple[str, ...] = tuple(TEMPLATES)
CSV = "csv"
JSON_LINES = "jsonl"
# Course descriptions can be long; the csv module's default cap is 128 KB per field.
csv.field_size_limit(4 * 1024 * 1024)


def template_csv(kind: str) -> str:
    """The CSV template of `kind`: its header line (no example row to import by mistake)."""
    return ",".join(TEMPLATES[check_kind(kind)]) + "\r\n"


def check_kind(kind: object) -> str:
    value = str(kind or "").strip().lower()
    if value not in TEMPLATES:
        raise Invalid(
            f"kind must be one of {', '.join(KINDS)}",
            message_key="imports.error.kind",
            field="kind",
        )
    return value


def _refuse(detail: str, key: str, **params: object) -> Invalid:
    return Invalid(detail, message_key=key, field="file", params=params)


# --- the upload sniff ----------------------------------------------------------------


@dataclass(frozen=True)
class Sniffed:
    format: str  # CSV or JSON_LINES
    rows: int  # data rows (the header and blank lines are not rows)


def decode(data: bytes) -> str:
    """The file as text: UTF-8 (a BOM is dropped); Invalid(field='file') otherwise."""
    if b"\x00" in data:
        raise _refuse("the file is not text (it contains NUL bytes)", "imports.error.not_text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refuse(
            f"the file is not UTF-8 text (byte {error.start})", "imports.error.not_text"
        ) from error


def _first_content_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


def sniff(kind: str, text: str) -> Sniffed:
    """What the upload is and how many data rows it has; Invalid(field='file') for a
    file that is empty, not CSV with the kind's header, nor JSON lines of objects."""
    first = _first_content_line(text)
    if not first:
        raise _refuse("the file is empty", "imports.error.empty")
    if first.startswith("{"):
        try:
            parsed = json.loads(first)
        except ValueError as error:
            raise _refuse(
                "the first line is not a JSON object", "imports.error.json_object"
            ) from error
        if not isinstance(parsed, dict):
            raise _refuse("the first line is not a JSON object", "imports.error.json_object")
        rows = sum(1 for line in text.split("\n") if line.strip())
        return Sniffed(JSON_LINES, rows)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        _csv_header(kind, reader)
        rows = sum(1 for record in reader if _has_content(record))
    except csv.Error as error:
        raise _refuse(f"the file is not valid CSV: {error}", "imports.error.csv") from error
    if not rows:
        raise _refuse("the file has a header but no data rows", "imports.error.no_rows")
    return Sniffed(CSV, rows)


def _has_content(record: list[str]) -> bool:
    return bool("".join(record).strip())


def _csv_header(kind: str, reader: Any) -> list[str]:
    """The header's column names in file order; Invalid unless they are the template's."""
    expected = TEMPLATES[kind]
    for record in reader:
        if not _has_content(record):
            continue
        header = [cell.strip().lower() for cell in record]
        if sorted(header) != sorted(expected):
            raise _refuse(
                f"the first line must be the CSV header: {', '.join(expected)}",
                "imports.error.header",
                columns=", ".join(expected),
            )
        return header
    raise _refuse("the file is empty", "imports.error.empty")


# --- reading rows for the job ---------------------------------------------------------


@dataclass
class SourceRow:
    """One data row: its line number and its values in template order (`None` when the
    row could not be split into fields; `problem` then says why). `raw` (what an error
    row keeps of the input) is only built for rows that need it."""

    line: int
    values: list[str] | None
    raw: dict[str, Any] | None = None
    problem: tuple[str, dict[str, Any]] | None = None

    def raw_values(self, kind: str) -> dict[str, Any]:
        if self.raw is None:
            self.raw = dict(zip(TEMPLATES[kind], self.values or (), strict=False))
        return self.raw


class UnreadableFile(Exception):
    """The stored file cannot be read any more (gone, not UTF-8, not CSV)."""


def read_rows(kind: str, text: str) -> Iterator[SourceRow]:
    """The data rows of an upload's text, in file order, numbered by line."""
    if _first_content_line(text).startswith("{"):
        return _json_rows(kind, text)
    return _csv_rows(kind, text)


def _csv_rows(kind: str, text: str) -> Iterator[SourceRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = _csv_header(kind, reader)
    except Invalid as error:
        raise UnreadableFile(error.detail) from error
    order = [header.index(name) for name in TEMPLATES[kind]]
    width = len(header)
    in_order = order == list(range(width))
    line = reader.line_num
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if not _has_content(record):
                continue
            if len(record) != width:
                raw = dict(zip(header, record, strict=False))
                problem = ("field_count", {"found": len(record), "expected": width})
                yield SourceRow(start, None, raw, problem)
                continue
            yield SourceRow(start, record if in_order else [record[index] for index in order])
    except csv.Error as error:
        raise UnreadableFile(f"line {line + 1}: {error}") from error


def _json_value(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def _json_rows(kind: str, text: str) -> Iterator[SourceRow]:
    columns = TEMPLATES[kind]
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            parsed = json.loads(line)
        except ValueError:
            yield SourceRow(number, None, {"line": line[:1000]}, ("json", {}))
            continue
        if not isinstance(parsed, dict):
            yield SourceRow(number, None, {"line": line[:1000]}, ("json_object", {}))
            continue
        lowered = {str(key).strip().lower(): value for key, value in parsed.items()}
        values = [_json_value(lowered.get(name)) for name in columns]
        if None in values:
            bad = columns[values.index(None)]
            raw = {name: value for name, value in zip(columns, values, strict=True) if value}
            yield SourceRow(number, None, raw, ("json_value", {"field": bad}))
            continue
        yield SourceRow(number, values)  # type: ignore[arg-type]


# --- field parsers: each gives the clean value or raises FieldProblem ------------------


class FieldProblem(Exception):
    """A value that cannot be imported: a message code (imports.row.<code>) and params."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
# The common plain-ASCII shape: a dot-atom local part (≤ 64 characters) at a domain.
_PLAIN_EMAIL = re.compile(rf"^({_ATOM}(?:\.{_ATOM})*)@([A-Za-z0-9.-]+)$")


@lru_cache(maxsize=4096)
def _domain(domain: str) -> str | None:
    """The normalised domain when an address at it is valid (cached: few distinct)."""
    try:
        return validate_email(f"a@{domain}", check_deliverability=False).domain.lower()
    except EmailNotValidError:
        return None


def email(value: str) -> str:
    """The address lower-cased, as accounts.normalise_email gives it; the common plain
    ASCII shape skips the full validator (40 µs a call) and checks its domain once."""
    value = value.strip()
    if not value:
        raise FieldProblem("required")
    match = _PLAIN_EMAIL.match(value)
    if match is not None and len(value) <= 254 and match.end(1) <= 64:
        domain = _domain(match.group(2))
        if domain is not None:
            return f"{match.group(1).lower()}@{domain}"
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise FieldProblem("email", reason=str(error)) from error


def text(value: str, *, max_length: int, required: bool = False) -> str:
    cleaned = " ".join(value.split())
    if required and not cleaned:
        raise FieldProblem("required")
    if len(cleaned) > max_length:
        raise FieldProblem("too_long", max=max_length)
    return cleaned


def long_text(value: str, *, max_length: int) -> str:
    cleaned = value.strip()
    if len(cleaned) > max_length:
        raise FieldProblem("too_long", max=max_length)
    return cleaned


def choice(value: str, allowed: tuple[str, ...], default: str) -> str:
    cleaned = value.strip().lower() or default
    if cleaned not in allowed:
        raise FieldProblem("choice", allowed=", ".join(allowed))
    return cleaned


MAX_PRICE = Decimal("9999999999.99")
CENT = Decimal("0.01")


def price(value: str, *, required: bool = False) -> Decimal:
    cleaned = value.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not cleaned:
        if required:
            raise FieldProblem("required")
        return Decimal("0.00")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:
        raise FieldProblem("price") from error
    if not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
        raise FieldProblem("price")
    if amount != amount.quantize(CENT):
        raise FieldProblem("price")
    return amount.quantize(CENT)


@lru_cache(maxsize=8192)
def _parse_timestamp(cleaned: str) -> datetime | None:
    """The aware UTC datetime of an ISO 8601 text (None when it is not one); cached, as
    the dates of a bulk file repeat."""
    try:
        if len(cleaned) == 10:
            return datetime.combine(datetime.fromisoformat(cleaned).date(), time(), UTC)
        parsed = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def timestamp(value: str, *, required: bool, now: datetime) -> datetime | None:
    """An ISO 8601 date or date-time (no zone: UTC), not in the future."""
    cleaned = value.strip()
    if not cleaned:
        if required:
            raise FieldProblem("required")
        return None
    parsed = _parse_timestamp(cleaned)
    if parsed is None:
        raise FieldProblem("datetime")
    if parsed > now:
        raise FieldProblem("future")
    return parsed


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slug(value: str) -> str:
    cleaned = value.strip().lower()
    if not cleaned:
        raise FieldProblem("required")
    if len(cleaned) > 200 or not SLUG.match(cleaned):
        raise FieldProblem("slug")
    return cleaned


def currency(value: str, default: str) -> str:
    """One of the currencies a course may be priced in (i18n.CURRENCIES)."""
    cleaned = value.strip().upper() or default
    if cleaned not in CURRENCIES:
        raise FieldProblem("currency")
    return cleaned


def reference(value: str, *, max_length: int) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise FieldProblem("required")
    if len(cleaned) > max_length or not cleaned.isprintable():
        raise FieldProblem("reference", max=max_length)
    return cleaned
