"""Maintenance jobs: counters repair, housekeeping and similar idempotent work."""

from __future__ import annotations

import logging
from dataclasses import asdict

from edu_platform import db
from edu_platform.services import catalog
from edu_platform.services import maintenance as maintenance_service

log = logging.getLogger(__name__)


def recalculate_course_aggregates(course_id: int) -> None:
    """Job: recount one course's rating and enrolment counters (idempotent)."""
    db.run_sync(catalog.recalculate_course_aggregates, course_id=course_id)


def purge_expired_auth_data() -> dict[str, int]:
    """Job (hourly): delete expired tokens, stale tickets and sessions, old attempts.

    Returns the counts per kind (RQ keeps them as the job's result).
    """
    counts = db.run_sync(maintenance_service.purge_expired_auth_data)
    log.info("purged expired auth data: %s", asdict(counts))
    return asdict(counts)


def archive_completed_enrollments() -> int:
    """Job (daily): move courses completed more than 30 days ago to the learner's archive.

    Idempotent (one UPDATE of rows not archived yet); returns how many were archived.
    """
    from edu_platform.services import archive

    archived = db.run_sync(archive.archive_completed_enrollments)
    log.info("archived %d completed enrolments", archived)
    return archived
