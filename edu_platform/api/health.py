"""GET /api/health: is the database reachable, and where do jobs go."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from sqlalchemy import text

from edu_platform import cache, db, jobs

router = APIRouter(tags=["health"])


def database_status() -> str:
    try:
        with db.get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return "down"
    return "ok"


@router.get("/api/health")
def health(verbose: int = Query(0, ge=0, le=1)) -> JSONResponse:
    """`{"status", "database", "queue"}`; 503 when the database does not answer.

    `?verbose=1` adds `cache`: this process's catalog cache figures (backend, hits,
    misses, errors, invalidations, hit_rate).
    """
    database = database_status()
    queue = jobs.queue_status()
    healthy = database == "ok" and queue != "down"
    body: dict[str, object] = {
        "status": "ok" if healthy else "degraded",
        "database": database,
        "queue": queue,
    }
    if verbose:
        body["cache"] = cache.stats()
    return JSONResponse(body, status_code=200 if database == "ok" else 503)
