"""Admin reports: JSON by default, CSV with `format=csv` (the report pages' export)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from edu_platform import db
from edu_platform.api.deps import AdminId
from edu_platform.api.params import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, DateParams, PageParams
from edu_platform.services import reports
from edu_platform.services.errors import Invalid

router = APIRouter(tags=["reports"])

Format = Literal["json", "csv"]
CurrencyParam = Annotated[
    Literal["RUB", "USD", "EUR"] | None,
    Query(description="the orders' currency counted (the platform's default currency if none)"),
]
T = TypeVar("T")


def _respond(name: str, rows: list, fmt: str, extra: dict | None = None) -> Response:
    if fmt == "csv":
        return Response(
            reports.to_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return JSONResponse({"items": [asdict(row) for row in rows], **(extra or {})})


def _one_page(rows: list, per_page: int) -> dict:
    """The list envelope's other fields for a report answered whole (bounded by its
    `limit` or its date range): one page holding every row."""
    return {"total": len(rows), "page": 1, "per_page": per_page}


def _dated(report: Callable[..., T], caller_id: int, dates: DateParams, **options: Any) -> T:
    """A report over the request's date range, read as the caller with `options`."""
    return db.run_sync(report, actor_id=caller_id, **dates.as_kwargs(), **options)


@router.get("/api/v1/reports/sales-dynamics")
def sales_dynamics(
    caller_id: AdminId,
    dates: DateParams,
    granularity: Annotated[
        Literal["day", "week", "month"] | None, Query(description="day (by default), week, month")
    ] = None,
    format: Format = "json",
    period: Annotated[
        Literal["day", "week", "month"] | None,
        Query(description="the same as `granularity` (the name of the rows' own field)"),
    ] = None,
    page: Annotated[int | None, Query(ge=1, le=MAX_PAGE)] = None,
    per_page: Annotated[int | None, Query(ge=1, le=MAX_PER_PAGE)] = None,
    currency: CurrencyParam = None,
) -> Response:
    """Every period of the range on one page (a chart wants them all), unless `page` or
    `per_page` asks for the list contract's pages (per_page 20 by default there)."""
    if period is not None and granularity is not None and period != granularity:
        raise Invalid("give granularity or period, not two different ones", field="period")
    granularity = period or granularity or "day"
    rows = _dated(
        reports.sales_dynamics, caller_id, dates, granularity=granularity, currency=currency
    )
    if (page is None and per_page is None) or format == "csv":  # the CSV is the export
        extra = {"granularity": granularity, **_one_page(rows, max(len(rows), 1))}
        return _respond("sales-dynamics", rows, format, extra)
    page, per_page = page or 1, per_page or DEFAULT_PER_PAGE
    shown = rows[(page - 1) * per_page : page * per_page]
    extra = {"granularity": granularity, "total": len(rows), "page": page, "per_page": per_page}
    return _respond("sales-dynamics", shown, format, extra)


@router.get("/api/v1/reports/top-courses")
def top_courses(
    caller_id: AdminId,
    dates: DateParams,
    limit: int = Query(10, ge=1, le=100),
    by: Literal["revenue", "enrollments"] = "revenue",
    format: Format = "json",
    currency: CurrencyParam = None,
) -> Response:
    rows = _dated(reports.top_courses, caller_id, dates, limit=limit, by=by, currency=currency)
    return _respond("top-courses", rows, format, _one_page(rows, limit))


@router.get("/api/v1/reports/user-activity")
def user_activity(
    caller_id: AdminId,
    paging: PageParams,
    dates: DateParams,
    sort: Literal["spend", "enrollments", "lessons_done"] = "spend",
    format: Format = "json",
) -> Response:
    # The CSV is the export: every row, whatever page the JSON would show.
    whole = {"whole": True} if format == "csv" else paging.as_kwargs()
    rows, total = _dated(reports.user_activity, caller_id, dates, **whole, sort=sort)
    return _respond(
        "user-activity",
        rows,
        format,
        {"total": total, **paging.as_kwargs()},
    )


@router.get("/api/v1/reports/completion-rates")
def completion_rates(
    caller_id: AdminId,
    limit: int = Query(20, ge=1, le=100),
    format: Format = "json",
) -> Response:
    rows = db.run_sync(reports.completion_rates, actor_id=caller_id, limit=limit)
    return _respond("completion-rates", rows, format, _one_page(rows, limit))
