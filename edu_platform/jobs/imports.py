"""Import job: `run_import(job_id)` reads the stored file and imports it in batches.

Idempotent and restartable: every run starts from the file's first row (the job's old
errors are deleted, counters reset) and writes on natural keys, so a retry after a crash
or a killed worker, or a second run of a finished job, duplicates nothing. Each batch
commits with the job's `processed`/`failed`, which is what the progress bar reads.
A file that cannot be read marks the job failed (no retry would help); any other error
marks it failed too and propagates, so RQ (or the in-process pool) retries it. In an RQ
worker a large file is read and prepared by a forked child while this process writes
(jobs/import_pipeline.py); the rows, errors and counts are the same.
"""

from __future__ import annotations

import logging

from edu_platform import db
from edu_platform.audit import acting_as
from edu_platform.jobs import import_pipeline
from edu_platform.services import imports
from edu_platform.services.import_formats import UnreadableFile

log = logging.getLogger(__name__)


def run_import(job_id: int) -> str:
    """Import the job's file; the job's final status ("missing" when it is gone,
    "superseded" when a newer run of the same job took over)."""
    context = db.run_sync(imports.start_run, job_id=job_id)
    if context is None:
        return "missing"
    # The summary audit row names the admin who uploaded the file.
    with acting_as(context.created_by):
        try:
            try:
                if import_pipeline.applies(context):
                    for prepared in import_pipeline.prepared_batches(context):
                        db.run_sync(imports.write_batch, context=context, batch=prepared)
                else:
                    rows = imports.read_source(context)
                    for batch in import_pipeline.batches(rows, imports.BATCH_SIZE):
                        db.run_sync(imports.import_batch, context=context, rows=batch)
            except UnreadableFile as error:
                log.warning("import %s: file cannot be read: %s", job_id, error)
                db.run_sync(imports.fail_run, context=context, error=str(error))
                return "failed"
            except imports.RunSuperseded:
                raise
            except Exception as error:
                log.exception("import %s failed after %d rows", job_id, context.processed)
                reason = f"{type(error).__name__}: {error}"
                db.run_sync(imports.fail_run, context=context, error=reason)
                raise
            db.run_sync(imports.finish_run, context=context)
        except imports.RunSuperseded:
            log.warning("import %s: a newer run took over, this one stops", job_id)
            return "superseded"
    return "done"
