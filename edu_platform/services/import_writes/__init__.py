"""Writing a batch of clean rows through each database's bulk path: PostgreSQL COPY into a
TEMP staging table, then INSERT … SELECT … ON CONFLICT; SQLite executemany INSERT … ON
CONFLICT. Natural keys make every write idempotent, so a re-run of a file adds nothing
twice:

- users: email. An existing account is left as it is (an import never changes who can
  sign in or with which role). New accounts get no password: they reset it or use OAuth.
- courses: slug. An existing course is updated from the file (catalog sync), with an
  audit row of the fields that changed, old and new; a new one is created as a draft,
  with its search words (`search_text_for`).
- enrollments: user + course. An existing one is kept; a cancelled or expired one gets
  access again. course.enrollment_count moves in the same transaction.
- orders: the payment's provider_ref (provider "import"). Each row is a paid order of one
  course with its item, a succeeded payment and the enrolment it grants; the order's
  idempotency key is "import:<provider_ref>", so the order finds its payment on a re-run.

Domain events (user.created, course.created, enrollment.created, order.paid) are written
for the rows a batch created, in bulk, and only when an active webhook subscribes to the
type: finding out which rows are new costs a lookup before and after the write.
"""

from __future__ import annotations

from edu_platform.services.import_writes.bulk import BulkWriter
from edu_platform.services.import_writes.writers import (
    COURSE_COLUMNS,
    Written,
    recount_enrollments,
    write,
)

__all__ = [
    "COURSE_COLUMNS",
    "BulkWriter",
    "Written",
    "recount_enrollments",
    "write",
]
