"""Shared column helpers for every table: aware timestamps, money, string enums, flags.

Conventions every model follows:

- Timestamps are aware UTC datetimes (`UTCDateTime`: `timestamptz` on PostgreSQL; on
  SQLite stored as UTC and handed back aware). A naive datetime is refused on write.
- Money is `Decimal` in `Numeric(12, 2)`, never float.
- Enumerations are short strings guarded by a named CHECK constraint (`enum_check`), not
  native database enums, so adding a value is a one-line migration on both databases.
- Constraint and index names come from `NAMING_CONVENTION`, so Alembic autogenerate
  compares cleanly and migrations can drop constraints by name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import JSON, BigInteger, CheckConstraint, Integer, Numeric
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import UTCDateTime

__all__ = [
    "NAMING_CONVENTION",
    "BigId",
    "Money",
    "NullableJSON",
    "Rating",
    "UTCDateTime",
    "counter_field",
    "datetime_field",
    "enum_check",
    "enum_field",
    "flag_field",
    "money_field",
    "timestamp_field",
    "utcnow",
]

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# Must be set before the first table class is defined: names are computed on attach.
SQLModel.metadata.naming_convention = NAMING_CONVENTION

Money = Numeric(12, 2)
Rating = Numeric(3, 2)
# A Python None is stored as SQL NULL (plain JSON() would store the JSON literal null).
NullableJSON = JSON(none_as_null=True)
# SQLite only autoincrements a column declared exactly INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")

ENUM_LENGTH = 20


# The largest id of the INTEGER primary keys every addressable table has (the BIGINT
# learning_event ids are never looked up by a caller).
MAX_ID = 2**31 - 1


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


def timestamp_field(*, onupdate: bool = False, index: bool = False) -> Any:
    """A NOT NULL aware timestamp defaulting to now (and refreshed on update if asked)."""
    kwargs: dict[str, Any] = {"onupdate": utcnow} if onupdate else {}
    return Field(
        default_factory=utcnow,
        sa_type=UTCDateTime(),
        nullable=False,
        index=index,
        sa_column_kwargs=kwargs,
    )


def datetime_field(*, index: bool = False) -> Any:
    """A nullable aware timestamp (`None` until the event happens)."""
    return Field(default=None, sa_type=UTCDateTime(), nullable=True, index=index)


def money_field(default: Decimal | None = Decimal("0.00"), *, nullable: bool = False) -> Any:
    """A `Decimal` amount stored as `Numeric(12, 2)`."""
    return Field(default=default, sa_type=Money, nullable=nullable)


def flag_field(default: bool) -> Any:
    """A NOT NULL boolean with a server default valid on PostgreSQL and SQLite."""
    return Field(
        default=default,
        nullable=False,
        sa_column_kwargs={"server_default": sa.true() if default else sa.false()},
    )


def counter_field(default: int = 0) -> Any:
    """A NOT NULL integer counter with a server default (bulk COPY loads may omit it)."""
    return Field(default=default, nullable=False, sa_column_kwargs={"server_default": str(default)})


def enum_values(enum_cls: type[StrEnum]) -> list[str]:
    return [member.value for member in enum_cls]


def enum_field(enum_cls: type[StrEnum], default: StrEnum | None = None) -> Any:
    """A short string column for `enum_cls` values; pair it with `enum_check`."""
    if default is None:
        return Field(max_length=ENUM_LENGTH, nullable=False)
    return Field(default=enum_cls(default).value, max_length=ENUM_LENGTH, nullable=False)


def enum_check(column: str, enum_cls: type[StrEnum]) -> CheckConstraint:
    """CHECK `column IN (...)`, named `ck_<table>_<column>` by the naming convention."""
    values = ", ".join(f"'{value}'" for value in enum_values(enum_cls))
    return CheckConstraint(f"{column} IN ({values})", name=column)
