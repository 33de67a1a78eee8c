"""The audit log page's values in the reader's language: flags, statuses and payment
failure codes by their names, not as stored ("True", "pending", "card_declined")."""

from __future__ import annotations

from datetime import UTC, datetime

from edu_platform.services.audit_log import AuditEntry, FieldChange
from edu_platform.state.admin_audit import audit_row


def _entry(table: str, *changes: tuple[str, str, str]) -> AuditEntry:
    return AuditEntry(
        id=1,
        at=datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
        actor_id=None,
        actor_name="",
        action="update",
        table=table,
        row_id=5,
        old=None,
        new=None,
        changes=[FieldChange(*change) for change in changes],
    )


def _diffs(entry: AuditEntry, lang: str) -> list[tuple[str, str, str]]:
    # The details: every value whole (the one-line summary cuts long ones).
    return [(d.field, d.old, d.new) for d in audit_row(entry, lang).details]


def test_a_payments_status_and_failure_code_read_as_words():
    entry = _entry("payment", ("status", "pending", "failed"), ("error", "", "card_declined"))
    assert _diffs(entry, "ru") == [
        ("status", "Ожидает оплаты", "Отклонён"),
        (
            "error",
            "",
            "card_declined: Банк отклонил карту. Деньги не списаны — попробуйте другую карту.",
        ),
    ]
    assert _diffs(entry, "en")[0] == ("status", "Pending", "Failed")


def test_flags_are_yes_and_no_and_other_values_stay_as_written():
    entry = _entry("course", ("is_published", "False", "True"), ("title", "True", "true"))
    # A title that reads "True" is a title, not a flag.
    assert _diffs(entry, "ru") == [("is_published", "нет", "да"), ("title", "True", "true")]
    assert _diffs(entry, "en")[0] == ("is_published", "no", "yes")


def test_an_unknown_payment_code_stays_as_the_provider_sent_it():
    entry = _entry("payment", ("error", "", "weird_bank_code_42"))
    assert _diffs(entry, "ru") == [("error", "", "weird_bank_code_42")]


def test_an_imports_summary_row_names_the_jobs_status_whatever_table_it_wrote():
    # services/imports/steps._audit_summary: table = what the import wrote (enrollment,
    # order...), status = the job's. "done" is no status of an order or an enrolment.
    for table in ("enrollment", "order", "user"):
        entry = _entry(table, ("import_job_id", "", "7"), ("status", "", "done"))
        assert _diffs(entry, "ru")[1] == ("status", "", "Готово")
        assert _diffs(entry, "en")[1] == ("status", "", "Done")
    failed = _entry("course", ("import_job_id", "", "8"), ("status", "", "failed"))
    assert _diffs(failed, "en")[1] == ("status", "", "Failed")
    # An order's own status change keeps the order's names.
    order = _entry("order", ("status", "pending", "paid"))
    assert _diffs(order, "en") == [("status", "Pending", "Paid")]
