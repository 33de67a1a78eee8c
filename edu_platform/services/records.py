"""Display records filled from database rows by attribute name."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


def record_from(record_type: type[R], row: object, /, **values: Any) -> R:
    """A `record_type` dataclass whose fields are the row's attributes of the same names,
    except those given in `values` (computed, renamed or from another row)."""
    copied = {
        field.name: getattr(row, field.name)
        for field in fields(record_type)
        if field.init and field.name not in values
    }
    return record_type(**copied, **values)


@dataclass
class JobProgress:
    """API.md's job shape: how far a background job (an import, a bulk job) has come; each
    job's view adds its own fields to it."""

    id: int
    kind: str
    status: str
    total: int
    processed: int
    failed: int
    created_at: datetime
    finished_at: datetime | None
