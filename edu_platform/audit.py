"""The audit trail: every ORM insert, update and delete of a key table leaves an audit_log row.

Audited tables: user, course, module, lesson, enrollment, order, payment, review,
certificate (`AUDITED_TABLES`). For each row the ORM flushes, one `audit_log` row is
written **in the same transaction** (so it commits or rolls back with the change):

- `actor_id` comes from the `current_actor` context variable; set it with
  `with acting_as(user_id): ...` around the service call. It is `None` for system work.
  `asyncio.to_thread` (and so `db.run`) copies context variables into the worker thread.
- `action` is insert, update or delete; `row_id` the primary key.
- `new` holds the full row for an insert, `old` the full row for a delete; an update
  stores only the changed columns, their previous values in `old` and current in `new`.
- Values are JSON: Decimal, datetime and date become strings. A `password_hash` value
  is never stored: it appears as "***".

How: SQLAlchemy Session events registered once, at import of this module, on
`sqlalchemy.orm.Session` (so `sqlmodel.Session` and any other ORM session are covered).
`edu_platform.models` imports this module, so any code that uses the models is audited.
Column attributes of audited models keep their previous value on assignment
(`active_history`), so an update of an expired attribute still records what it was.

Deliberately NOT audited:

- bulk Core statements and PostgreSQL COPY (imports, the large demo seed) and ORM bulk
  `update()`/`delete()` statements (e.g. counter increments): they never pass through the
  unit of work. An import job writes one summary row instead, with `record(...)`
  (table_name of the imported table, row_id None, new={"import_job_id": ..., "rows": N}),
  and a courses import one "update" row per existing course it changed (the fields that
  changed, old and new: services/import_writes/writers.py).
- rows removed by ON DELETE CASCADE inside the database (a course's modules and lessons):
  the parent's delete row is the record of that.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import InstanceState, Mapper, Session

from edu_platform.models.accounts import User
from edu_platform.models.base import utcnow
from edu_platform.models.catalog import Course, Lesson, Module, Review
from edu_platform.models.commerce import Order, Payment
from edu_platform.models.learning import Certificate, Enrollment
from edu_platform.models.operations import AuditAction, AuditLog

__all__ = [
    "AUDITED_TABLES",
    "MASK",
    "acting_as",
    "current_actor",
    "record",
]

current_actor: ContextVar[int | None] = ContextVar("current_actor", default=None)
"""Id of the user on whose behalf the current code runs (None: the system)."""

AUDITED_MODELS: tuple[type, ...] = (
    User,
    Course,
    Module,
    Lesson,
    Enrollment,
    Order,
    Payment,
    Review,
    Certificate,
)
AUDITED_TABLES: frozenset[str] = frozenset(model.__tablename__ for model in AUDITED_MODELS)
MASKED_COLUMNS: frozenset[str] = frozenset({"password_hash"})
# Derived columns that would only repeat what another audited column already shows.
UNAUDITED_COLUMNS: frozenset[str] = frozenset({"search_text"})
MASK = "***"

_DELETED_SNAPSHOTS = "edu_platform.audit.deleted"


@contextmanager
def acting_as(user_id: int | None) -> Iterator[None]:
    """Attribute the audit rows written inside the block to `user_id`."""
    token = current_actor.set(user_id)
    try:
        yield
    finally:
        current_actor.reset(token)


def record(
    session: Session,
    *,
    action: AuditAction | str,
    table_name: str,
    row_id: int | None = None,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
) -> None:
    """Write one audit row by hand (summary of a bulk write that bypassed the ORM)."""
    row = _row(
        action=AuditAction(action).value,
        table_name=table_name,
        row_id=row_id,
        old=_to_json(dict(old)) if old is not None else None,
        new=_to_json(dict(new)) if new is not None else None,
    )
    session.connection().execute(insert(AuditLog.__table__), [row])


# --- serialisation --------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    """`value` with everything JSON cannot hold turned into strings."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return _to_json(value.value)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | bytearray | memoryview):
        return "<binary>"
    if isinstance(value, Mapping):
        return {str(key): _to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_to_json(item) for item in value]
    return str(value)


def _column_value(column_name: str, value: Any) -> Any:
    if column_name in MASKED_COLUMNS and value is not None:
        return MASK
    return _to_json(value)


# --- collecting changes ---------------------------------------------------------------


def _audited_state(obj: object) -> InstanceState[Any] | None:
    state: InstanceState[Any] = inspect(obj)
    if state.mapper.local_table.name in AUDITED_TABLES:
        return state
    return None


def _columns(mapper: Mapper[Any]) -> list[tuple[str, str]]:
    """(attribute key, column name) of every audited column attribute of `mapper`."""
    return [
        (prop.key, prop.columns[0].name)
        for prop in mapper.column_attrs
        if prop.columns[0].name not in UNAUDITED_COLUMNS
    ]


def _row_id(state: InstanceState[Any]) -> int | None:
    identity = state.identity or state.mapper.primary_key_from_instance(state.obj())
    if identity and len(identity) == 1 and isinstance(identity[0], int):
        return identity[0]
    return None


def _full_row(state: InstanceState[Any], *, load: bool) -> dict[str, Any]:
    """All column values; with `load`, expired attributes are read from the database."""
    values: dict[str, Any] = {}
    obj = state.obj()
    for key, name in _columns(state.mapper):
        if key in state.dict:
            values[name] = _column_value(name, state.dict[key])
        elif load and obj is not None:
            values[name] = _column_value(name, getattr(obj, key))
    return values


def _changes(state: InstanceState[Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(old, new) values of the columns whose value changed."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for key, name in _columns(state.mapper):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if before == after:
            continue
        old[name] = _column_value(name, before)
        new[name] = _column_value(name, after)
    return old, new


def _row(
    *,
    action: str,
    table_name: str,
    row_id: int | None,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "actor_id": current_actor.get(),
        "action": action,
        "table_name": table_name,
        "row_id": row_id,
        "old": old,
        "new": new,
    }


def _flushed_row(
    action: AuditAction,
    state: InstanceState[Any],
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> dict[str, Any]:
    """The audit row of one ORM write seen at flush: table and id come from the row's state."""
    return _row(
        action=action.value,
        table_name=state.mapper.local_table.name,
        row_id=_row_id(state),
        old=old,
        new=new,
    )


def _before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    # A deleted row cannot be read after the flush: take its values now, loading any
    # expired attribute while the row still exists.
    snapshots: dict[InstanceState[Any], dict[str, Any]] = session.info.setdefault(
        _DELETED_SNAPSHOTS, {}
    )
    for obj in session.deleted:
        state = _audited_state(obj)
        if state is not None and state not in snapshots:
            snapshots[state] = _full_row(state, load=True)


def _after_flush(session: Session, _flush_context: Any) -> None:
    snapshots: dict[InstanceState[Any], dict[str, Any]] = session.info.pop(_DELETED_SNAPSHOTS, {})
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        state = _audited_state(obj)
        if state is not None:
            rows.append(_flushed_row(AuditAction.INSERT, state, None, _full_row(state, load=False)))
    for obj in session.dirty:
        state = _audited_state(obj)
        if state is None or obj in session.deleted:
            continue
        old, new = _changes(state)
        if new:
            rows.append(_flushed_row(AuditAction.UPDATE, state, old, new))
    for obj in session.deleted:
        state = _audited_state(obj)
        if state is not None:
            old = snapshots.get(state) or _full_row(state, load=False)
            rows.append(_flushed_row(AuditAction.DELETE, state, old, None))
    if rows:
        session.connection().execute(insert(AuditLog.__table__), rows)


def _after_soft_rollback(session: Session, _previous_transaction: Any) -> None:
    # A failed flush never reached after_flush: forget the snapshots it took.
    session.info.pop(_DELETED_SNAPSHOTS, None)


def _keep_previous_value(_target: Any, value: Any, _oldvalue: Any, _initiator: Any) -> Any:
    return value


def _register() -> None:
    if event.contains(Session, "after_flush", _after_flush):
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_soft_rollback", _after_soft_rollback)
    for model in AUDITED_MODELS:
        for key, _name in _columns(inspect(model)):
            event.listen(getattr(model, key), "set", _keep_previous_value, active_history=True)


_register()
