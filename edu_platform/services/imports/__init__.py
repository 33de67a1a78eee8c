"""Admin bulk imports of users, courses, enrolments and paid orders from CSV or JSON lines.

The upload (`create_import`) is checked at once: admin only, a known kind, a non-empty
file within settings.max_import_mb that is UTF-8 text and either CSV with the kind's
header (TEMPLATES) or JSON lines whose first line is an object. It is stored privately
under data_dir/private/imports/<random>, an `import_job` row is created with `total` =
its data rows, and `run_import` is enqueued after the commit.

The job runs the steps below, each batch in a transaction of its own, so the UI sees
`processed`/`failed` move and good rows are kept whatever the others hold:

1. `start_run`: status running, counters to zero, the job's old error rows deleted (a
   re-run's errors replace the previous ones).
2. `import_batch` per ~2,000 rows: each row validated in Python (every field; errors
   carry the row's line number, the field and a message), rows referring to users,
   courses, categories looked up in bulk, then good rows written through the fast path
   of the database (import_writes) on their natural key, the batch's errors stored, and
   `processed`/`failed` set — all in one commit.
3. `finish_run` (status done, one summary audit row) or `fail_run` (status failed with
   the error text).

A re-run, or a run after a worker was killed mid-job, starts from the first row again:
natural keys make every write idempotent, so nothing is duplicated and the counts come
out the same.
"""

from __future__ import annotations

from edu_platform.services.import_formats import KINDS, TEMPLATES
from edu_platform.services.imports.reads import (
    errors_csv,
    import_errors,
    import_status,
    list_imports,
)
from edu_platform.services.imports.steps import (
    PreparedBatch,
    RunContext,
    RunSuperseded,
    fail_run,
    finish_run,
    import_batch,
    prepare_batch,
    read_source,
    start_run,
    write_batch,
)
from edu_platform.services.imports.uploads import (
    BATCH_SIZE,
    IMPORTS_DIR,
    MAX_ERROR_TEXT,
    TABLE_OF_KIND,
    FileTooLarge,
    ImportErrorView,
    ImportJobView,
    check_size,
    create_import,
    template_csv,
)

__all__ = [
    "BATCH_SIZE",
    "IMPORTS_DIR",
    "KINDS",
    "MAX_ERROR_TEXT",
    "TABLE_OF_KIND",
    "TEMPLATES",
    "FileTooLarge",
    "ImportErrorView",
    "ImportJobView",
    "PreparedBatch",
    "RunContext",
    "RunSuperseded",
    "check_size",
    "create_import",
    "errors_csv",
    "fail_run",
    "finish_run",
    "import_batch",
    "import_errors",
    "import_status",
    "list_imports",
    "prepare_batch",
    "read_source",
    "start_run",
    "template_csv",
    "write_batch",
]
