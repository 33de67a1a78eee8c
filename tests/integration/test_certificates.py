"""Certificates: issued once, rendered idempotently to a verifiable PDF, downloaded by the
holder or an admin only, revoked and re-issued in bulk with recorded progress."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import qrcode
from pypdf import PdfReader
from sqlalchemy import func, select, update
from sqlmodel import Session

from edu_platform import db, jobs
from edu_platform.jobs import certificates as certificate_jobs
from edu_platform.models import (
    AuditLog,
    BulkJob,
    Certificate,
    Course,
    Lesson,
    Module,
    utcnow,
)
from edu_platform.pdf import certificate as pdf
from edu_platform.services import certificates, progress
from edu_platform.services.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from edu_platform.settings import settings
from tests.support.certificate_data import COURSE_TITLE, HOLDER, TEACHER, completed_enrollment
from tests.support.factories import make_user
from tests.support.jobs import redis_at, run_burst
from tests.support.threads import all_at_once


@pytest.fixture
def data_dir(data_dir: Path, monkeypatch) -> Path:
    """The suite's data dir, and the public address the certificates' QR codes carry."""
    monkeypatch.setattr(settings, "public_url", "https://edu.example.org")
    return data_dir


def _count(session: Session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _ready_certificate(session: Session, data_dir: Path, **kwargs) -> Certificate:
    done = completed_enrollment(session, **kwargs)
    certificate = certificates.request_certificate(
        session=session, enrollment_id=done.enrollment.id
    )
    return certificates.render_certificate(session=session, certificate_id=certificate.id)


# --- issue ------------------------------------------------------------------------------


def test_luhn_mod_n_misses_only_the_zero_z_transposition():
    alphabet = certificates.SERIAL_ALPHABET
    payload = "2026" + "K" * 10
    missed = set()
    for a in alphabet:
        for b in alphabet:
            if a != b:
                one = payload + a + b
                other = payload + b + a
                if certificates._check_character(one) == certificates._check_character(other):
                    missed.add(frozenset((a, b)))
    assert missed == {frozenset(("0", "Z"))}


def test_serials_are_well_formed_unique_and_self_checking():
    serials = {certificates.new_serial(2026) for _ in range(2000)}
    assert len(serials) == 2000
    serial = next(iter(serials))
    assert re.fullmatch(
        r"EDU-2026-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", serial
    )
    assert certificates.normalise_serial(f"  {serial.lower()} ") == serial
    body = serial[9:].replace("-", "")
    for index, char in enumerate(body):  # any single mistyped character is caught
        for other in certificates.SERIAL_ALPHABET.replace(char, "")[:6]:
            typo = body[:index] + other + body[index + 1 :]
            assert (
                certificates.normalise_serial(f"EDU-2026-{typo[:4]}-{typo[4:8]}-{typo[8:]}") is None
            )
    # And any swap of two different neighbours, except "0"<->"Z" (values 0 and N-1): Luhn
    # mod N's one blind spot, like Luhn's 09<->90. The serial happened to hold "0Z" in
    # about one run of 30.
    for index in range(len(body) - 1):
        if body[index] != body[index + 1] and {body[index], body[index + 1]} != {"0", "Z"}:
            swap = body[:index] + body[index + 1] + body[index] + body[index + 2 :]
            assert (
                certificates.normalise_serial(f"EDU-2026-{swap[:4]}-{swap[4:8]}-{swap[8:]}") is None
            )


def test_request_twice_gives_one_pending_certificate_with_snapshot(session, enqueued):
    done = completed_enrollment(session)
    first = certificates.request_certificate(session=session, enrollment_id=done.enrollment.id)
    second = certificates.request_certificate(session=session, enrollment_id=done.enrollment.id)
    assert first.id == second.id
    assert _count(session, Certificate, Certificate.user_id == done.learner.id) == 1
    assert first.status == "pending"
    assert (first.holder_name, first.course_title) == (HOLDER, COURSE_TITLE)
    assert certificates.normalise_serial(first.serial) == first.serial
    assert enqueued == []  # nothing is enqueued before the transaction commits


def test_request_for_an_unfinished_course_is_refused(session):
    done = completed_enrollment(session)
    done.enrollment.status = "active"
    session.add(done.enrollment)
    session.flush()
    with pytest.raises(Conflict):
        certificates.request_certificate(session=session, enrollment_id=done.enrollment.id)
    assert _count(session, Certificate) == 0


def test_completing_the_last_lesson_schedules_the_certificate_job(session, data_dir):
    done = completed_enrollment(session)
    done.enrollment.status, done.enrollment.progress_percent = "active", 0
    session.add(done.enrollment)
    module = Module(course_id=done.course.id, title="M", position=1)
    session.add(module)
    session.flush()
    lesson = Lesson(
        course_id=done.course.id, module_id=module.id, title="L", kind="text", position=1
    )
    session.add(lesson)
    session.flush()
    result = progress.complete_lesson(session=session, user_id=done.learner.id, lesson_id=lesson.id)
    assert result.completed
    # The job issues it after commit (tests/integration/test_certificate_issue_job.py).
    certificate = session.scalar(select(Certificate).where(Certificate.user_id == done.learner.id))
    assert certificate is None
    certificate = certificates.issue_certificate(session=session, enrollment_id=done.enrollment.id)
    assert certificate.status == "ready" and certificate.enrollment_id == done.enrollment.id


def test_concurrent_requests_make_one_certificate_and_enqueue_after_commit(
    committed_session, enqueued
):
    done = completed_enrollment(committed_session)
    committed_session.commit()
    results = all_at_once(
        lambda _i: db.run_sync(certificates.request_certificate, enrollment_id=done.enrollment.id),
        count=8,
    )
    assert [r for r in results if isinstance(r, DomainError)] == []
    ids = [certificate.id for certificate in results]
    assert len(set(ids)) == 1 and len(ids) == 8
    assert _count(committed_session, Certificate, Certificate.user_id == done.learner.id) == 1
    assert {(fn, args, queue) for fn, args, queue in enqueued} == {
        (certificate_jobs.render_certificate_job, (ids[0],), "pdf")
    }


def test_render_is_enqueued_only_when_the_outer_transaction_commits(clean_db, enqueued):
    with Session(clean_db, expire_on_commit=False) as setup:
        first, second = completed_enrollment(setup), completed_enrollment(setup, name="Второй")
        setup.commit()
    with Session(clean_db, expire_on_commit=False) as work:
        a = certificates.request_certificate(session=work, enrollment_id=first.enrollment.id)
        # The second request releases a SAVEPOINT of its own: not a commit.
        b = certificates.request_certificate(session=work, enrollment_id=second.enrollment.id)
        assert enqueued == []
        work.commit()
    assert sorted(args for _fn, args, _queue in enqueued) == sorted([(a.id,), (b.id,)])
    enqueued.clear()
    with Session(clean_db, expire_on_commit=False) as setup:
        third = completed_enrollment(setup, name="Третий")
        setup.commit()
    with Session(clean_db, expire_on_commit=False) as work:
        certificates.request_certificate(session=work, enrollment_id=third.enrollment.id)
        work.rollback()
        work.commit()
    assert enqueued == []


def test_issue_missing_requests_certificates_for_completed_courses_only(session, enqueued):
    done = completed_enrollment(session)
    other = completed_enrollment(session, learner=done.learner, title="Второй курс")
    other.enrollment.status = "active"
    session.add(other.enrollment)
    session.flush()
    # The holder's list only lists: opening it issues nothing, and until the job runs the
    # completed course shows as being prepared (no serial yet), the active one not at all.
    waiting = certificates.my_certificates(session=session, user_id=done.learner.id)
    assert [(view.course_title, view.status, view.serial, view.id) for view in waiting] == [
        (COURSE_TITLE, "pending", "", 0)
    ]
    assert session.scalar(select(Certificate).where(Certificate.user_id == done.learner.id)) is None
    assert certificates.issue_missing(session=session, user_id=done.learner.id) == 1
    views = certificates.my_certificates(session=session, user_id=done.learner.id)
    assert [(view.course_title, view.status) for view in views] == [(COURSE_TITLE, "pending")]
    assert views[0].serial != "" and views[0].id > 0  # the real one, no placeholder beside it
    row = session.scalar(select(Certificate).where(Certificate.user_id == done.learner.id))
    assert row.issued_at == done.enrollment.completed_at
    assert certificates.issue_missing(session=session, user_id=done.learner.id) == 0


# --- render -----------------------------------------------------------------------------


def test_render_job_twice_writes_one_pdf_and_leaves_it_alone(committed_session, data_dir, enqueued):
    done = completed_enrollment(committed_session)
    committed_session.commit()
    certificate = db.run_sync(certificates.request_certificate, enrollment_id=done.enrollment.id)

    assert certificate_jobs.render_certificate_job(certificate.id) == "ready"
    files = list((data_dir / "certificates").iterdir())
    assert [path.name for path in files] == [f"{certificate.serial}.pdf"]
    first_bytes, first_mtime = files[0].read_bytes(), files[0].stat().st_mtime_ns
    committed_session.expire_all()
    first = committed_session.get(Certificate, certificate.id)

    assert certificate_jobs.render_certificate_job(certificate.id) == "ready"
    assert list((data_dir / "certificates").iterdir()) == files  # no second file, no temp
    assert files[0].read_bytes() == first_bytes
    assert files[0].stat().st_mtime_ns == first_mtime
    committed_session.expire_all()
    again = committed_session.get(Certificate, certificate.id)
    assert (again.status, again.pdf_path, again.issued_at) == (
        "ready",
        f"certificates/{certificate.serial}.pdf",
        first.issued_at,
    )
    assert first_bytes.startswith(b"%PDF")


def test_a_missing_file_is_rendered_again_with_the_same_issue_date(session, data_dir):
    certificate = _ready_certificate(session, data_dir)
    issued = certificate.issued_at
    (data_dir / certificate.pdf_path).unlink()
    again = certificates.render_certificate(session=session, certificate_id=certificate.id)
    assert (data_dir / again.pdf_path).is_file() and again.issued_at == issued


def _qr_from_pdf(content: bytes) -> list[list[bool]]:
    """The QR module matrix as drawn: the integer `x y w 1 re` runs of its one path."""
    runs = [tuple(map(int, m)) for m in re.findall(rb"^(\d+) (\d+) (\d+) 1 re$", content, re.M)]
    span = max(x + w for x, _y, w in runs) + pdf.QR_QUIET_ZONE
    size = span - 2 * pdf.QR_QUIET_ZONE
    matrix = [[False] * size for _ in range(size)]
    for x, y, width in runs:
        row = span - pdf.QR_QUIET_ZONE - 1 - y
        for column in range(x - pdf.QR_QUIET_ZONE, x - pdf.QR_QUIET_ZONE + width):
            matrix[row][column] = True
    return matrix


def test_pdf_has_holder_course_teacher_serial_and_a_qr_code_of_the_verify_url(
    session, data_dir, monkeypatch
):
    encoded = []

    class RecordingQr(pdf.QrCodeWidget):
        def __init__(self, value, **kwargs):
            encoded.append(value)
            super().__init__(value, **kwargs)

    monkeypatch.setattr(pdf, "QrCodeWidget", RecordingQr)
    certificate = _ready_certificate(session, data_dir)
    url = f"https://edu.example.org/verify/{certificate.serial}"

    reader = PdfReader(data_dir / certificate.pdf_path)
    page = reader.pages[0]
    text = page.extract_text()
    for expected in (HOLDER, COURSE_TITLE, TEACHER, certificate.serial, "Сертификат / Certificate"):
        assert expected in text
    assert certificate.issued_at.strftime("%d.%m.%Y") in text
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert encoded == [url]
    links = [annot.get_object()["/A"]["/URI"] for annot in page["/Annots"]]
    assert links == [url]
    # Decode the drawn code against an independent encoder (the qrcode package).
    reference = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        mask_pattern=pdf.QR_MASK_PATTERN,
        border=0,
    )
    reference.add_data(url, optimize=0)
    reference.make(fit=True)
    assert _qr_from_pdf(page.get_contents().get_data()) == reference.get_matrix()


def test_long_names_and_titles_still_fit_on_the_page(session, data_dir):
    certificate = _ready_certificate(
        session,
        data_dir,
        name="Александра-Виктория Константиновна Преображенская-Щедрина",
        title="Очень длинное название курса " * 8,
    )
    text = PdfReader(data_dir / certificate.pdf_path).pages[0].extract_text()
    assert "Преображенская-Щедрина" in text and certificate.serial in text


# --- verify, download, revoke -------------------------------------------------------------


def test_verify_valid_unknown_malformed_and_revoked(session, data_dir):
    certificate = _ready_certificate(session, data_dir)
    admin = make_user(session, role="admin")
    result = certificates.verify(session=session, serial=certificate.serial.lower())
    assert (result.valid, result.revoked, result.holder, result.course, result.status) == (
        True,
        False,
        HOLDER,
        COURSE_TITLE,
        "ready",
    )
    assert result.issued_at == certificate.issued_at

    unknown = certificates.new_serial()
    for serial in (unknown, "EDU-2026-AAAA", "x" * 500, ""):
        with pytest.raises(NotFound):
            certificates.verify(session=session, serial=serial)

    certificates.revoke(
        session=session, actor_id=admin.id, serial=certificate.serial, reason="Нарушение правил"
    )
    revoked = certificates.verify(session=session, serial=certificate.serial)
    assert (revoked.valid, revoked.revoked, revoked.status) == (False, True, "revoked")
    assert revoked.revoked_at is not None


def test_pending_certificate_does_not_verify_as_valid(session, enqueued):
    done = completed_enrollment(session)
    certificate = certificates.request_certificate(
        session=session, enrollment_id=done.enrollment.id
    )
    result = certificates.verify(session=session, serial=certificate.serial)
    assert (result.valid, result.status, result.issued_at) == (False, "pending", None)


def test_pdf_download_is_for_the_holder_and_admins_only(session, data_dir):
    certificate = _ready_certificate(session, data_dir)
    admin, stranger = make_user(session, role="admin"), make_user(session)
    teacher_id = session.get(Course, certificate.course_id).teacher_id  # the course's teacher
    for user_id in (certificate.user_id, admin.id):
        file = certificates.pdf_for_download(
            session=session, serial=certificate.serial, user_id=user_id
        )
        assert file.path == data_dir / certificate.pdf_path
        assert file.filename == f"certificate-{certificate.serial}.pdf"
    for user_id in (stranger.id, teacher_id, None):
        with pytest.raises(Forbidden):
            certificates.pdf_for_download(
                session=session, serial=certificate.serial, user_id=user_id
            )
    with pytest.raises(NotFound):
        certificates.pdf_for_download(
            session=session, serial=certificates.new_serial(), user_id=admin.id
        )


def test_pending_and_revoked_certificates_are_not_downloadable(session, data_dir, enqueued):
    done = completed_enrollment(session)
    pending = certificates.request_certificate(session=session, enrollment_id=done.enrollment.id)
    with pytest.raises(Conflict):
        certificates.pdf_for_download(
            session=session, serial=pending.serial, user_id=done.learner.id
        )
    admin = make_user(session, role="admin")
    ready = _ready_certificate(session, data_dir)
    certificates.revoke(session=session, actor_id=admin.id, serial=ready.serial, reason="fraud")
    with pytest.raises(Conflict):
        certificates.pdf_for_download(session=session, serial=ready.serial, user_id=admin.id)


def test_revoke_requires_an_admin_and_a_reason_and_is_audited(session, data_dir):
    certificate = _ready_certificate(session, data_dir)
    teacher = make_user(session, role="teacher")
    admin = make_user(session, role="admin")
    for actor in (certificate.user_id, teacher.id, None):
        with pytest.raises(Forbidden):
            certificates.revoke(
                session=session, actor_id=actor, serial=certificate.serial, reason="x"
            )
    with pytest.raises(Invalid) as error:
        certificates.revoke(
            session=session, actor_id=admin.id, serial=certificate.serial, reason="  "
        )
    assert error.value.field == "reason"
    assert session.get(Certificate, certificate.id).status == "ready"

    view = certificates.revoke(
        session=session, actor_id=admin.id, serial=certificate.serial, reason="Подлог документов"
    )
    assert (view.status, view.revoked_reason, view.pdf_url) == (
        "revoked",
        "Подлог документов",
        None,
    )
    again = certificates.revoke(
        session=session, actor_id=admin.id, serial=certificate.serial, reason="другая причина"
    )
    assert again.revoked_reason == "Подлог документов"  # revoking twice changes nothing
    changes = session.scalars(
        select(AuditLog).where(
            AuditLog.table_name == "certificate",
            AuditLog.row_id == certificate.id,
            AuditLog.action == "update",
        )
    ).all()
    assert any((row.new or {}).get("status") == "revoked" for row in changes)
    # A revoked certificate is never rendered again.
    assert (
        certificates.render_certificate(
            session=session, certificate_id=certificate.id, force=True
        ).status
        == "revoked"
    )


def test_admin_list_searches_serial_holder_and_course(session, data_dir):
    admin = make_user(session, role="admin")
    first = _ready_certificate(session, data_dir, name="Пётр Первый", title="Кораблестроение")
    _ready_certificate(session, data_dir, name="Екатерина Вторая", title="Дипломатия")
    for q, expected in (
        ("пётр", [first.serial]),
        ("КОРАБЛ", [first.serial]),
        (first.serial[-9:].lower(), [first.serial]),
    ):
        page = certificates.admin_list(session=session, actor_id=admin.id, q=q)
        assert [view.serial for view in page.items] == expected
    assert certificates.admin_list(session=session, actor_id=admin.id).total == 2
    with pytest.raises(Forbidden):
        certificates.admin_list(session=session, actor_id=first.user_id)


# --- bulk re-issue ------------------------------------------------------------------------


def _run_enqueued(enqueued: list[tuple]) -> None:
    while enqueued:
        fn, args, _queue = enqueued.pop(0)
        fn(*args)


def _bulk(session: Session, job_id: int) -> BulkJob:
    session.commit()  # a new transaction: SQLite keeps the old snapshot until then
    session.expire_all()
    return session.get(BulkJob, job_id)


def test_reissue_renders_every_valid_certificate_in_batches_recording_progress(
    committed_session, data_dir, enqueued, monkeypatch
):
    monkeypatch.setattr(certificates.reissue, "REISSUE_BATCH", 3)
    first = completed_enrollment(committed_session)
    others = [
        completed_enrollment(committed_session, course=first.course, name=f"Ученик {i}")
        for i in range(6)
    ]
    admin = make_user(committed_session, role="admin")
    committed_session.commit()
    ids = [
        db.run_sync(certificates.request_certificate, enrollment_id=done.enrollment.id).id
        for done in [first, *others]
    ]
    enqueued.clear()
    certificate_jobs.render_certificate_job(ids[0])  # one is ready, the rest pending
    revoked_serial = committed_session.get(Certificate, ids[-1]).serial
    db.run_sync(certificates.revoke, actor_id=admin.id, serial=revoked_serial, reason="ошибка")
    ready_before = committed_session.get(Certificate, ids[0])

    job = db.run_sync(certificates.reissue_course, actor_id=admin.id, course_id=first.course.id)
    assert (job.status, job.total, job.processed) == ("queued", 6, 0)
    assert [len(args[1]) for _fn, args, queue in enqueued] == [3, 3]  # batches, not one per row
    assert {queue for _fn, _args, queue in enqueued} == {"pdf"}

    fn, args, _queue = enqueued.pop(0)
    assert fn(*args) == 3
    row = _bulk(committed_session, job.id)
    assert (row.status, row.processed, row.failed, row.finished_at) == ("running", 3, 0, None)
    _run_enqueued(enqueued)
    row = _bulk(committed_session, job.id)
    assert (row.status, row.processed, row.failed, row.total) == ("done", 6, 0, 6)
    assert row.finished_at is not None and row.created_by == admin.id

    rows = {c.id: c for c in committed_session.scalars(select(Certificate)).all()}
    assert all(
        rows[cid].status == "ready" and (data_dir / rows[cid].pdf_path).is_file()
        for cid in ids[:-1]
    )
    assert rows[ids[-1]].status == "revoked" and rows[ids[-1]].pdf_path is None
    assert rows[ids[0]].issued_at == ready_before.issued_at  # a re-issue keeps the date
    view = db.run_sync(certificates.bulk_job, actor_id=admin.id, bulk_job_id=job.id)
    assert (view.processed, view.total, view.status) == (6, 6, "done")


def test_reissue_counts_a_certificate_that_fails_to_render(
    committed_session, data_dir, enqueued, monkeypatch
):
    first = completed_enrollment(committed_session)
    second = completed_enrollment(committed_session, course=first.course, name="Сломанный")
    admin = make_user(committed_session, role="admin")
    committed_session.commit()
    for done in (first, second):
        db.run_sync(certificates.request_certificate, enrollment_id=done.enrollment.id)
    enqueued.clear()
    real_write = certificates.write_pdf

    def flaky_write(data):
        if data.holder_name == "Сломанный":
            raise OSError("disk full")
        return real_write(data)

    monkeypatch.setattr(certificates.render, "write_pdf", flaky_write)
    job = db.run_sync(certificates.reissue_course, actor_id=admin.id, course_id=first.course.id)
    _run_enqueued(enqueued)
    row = _bulk(committed_session, job.id)
    assert (row.status, row.processed, row.failed) == ("done", 1, 1)
    assert "disk full" in row.error


def test_reissue_is_for_admins_and_an_empty_course_is_done_at_once(session, enqueued):
    done = completed_enrollment(session)
    admin = make_user(session, role="admin")
    for actor in (done.learner.id, done.teacher.id):
        with pytest.raises(Forbidden):
            certificates.reissue_course(session=session, actor_id=actor, course_id=done.course.id)
    with pytest.raises(NotFound):
        certificates.reissue_course(session=session, actor_id=admin.id, course_id=10**9)
    job = certificates.reissue_course(session=session, actor_id=admin.id, course_id=done.course.id)
    assert (job.status, job.total) == ("done", 0) and job.finished_at is not None
    with pytest.raises(Forbidden):
        certificates.bulk_job(session=session, actor_id=done.learner.id, bulk_job_id=job.id)


def test_stale_pending_certificates_are_enqueued_again(committed_session, enqueued):
    done = completed_enrollment(committed_session)
    fresh = completed_enrollment(committed_session, name="Свежий")
    committed_session.commit()
    stale_id = db.run_sync(certificates.request_certificate, enrollment_id=done.enrollment.id).id
    db.run_sync(certificates.request_certificate, enrollment_id=fresh.enrollment.id)
    committed_session.execute(
        update(Certificate)
        .where(Certificate.id == stale_id)
        .values(issued_at=Certificate.issued_at - timedelta(minutes=10))
    )
    committed_session.commit()
    enqueued.clear()
    assert certificate_jobs.requeue_stale_pending() == 1
    assert enqueued == [(certificate_jobs.render_certificate_job, (stale_id,), "pdf")]


def test_a_completion_whose_issue_job_was_lost_is_issued_by_the_sweep(committed_session, enqueued):
    lost = completed_enrollment(committed_session)
    recent = completed_enrollment(committed_session, name="Свежий")
    lost.enrollment.completed_at = utcnow() - timedelta(minutes=10)
    recent.enrollment.completed_at = utcnow()
    committed_session.add_all([lost.enrollment, recent.enrollment])
    committed_session.commit()
    enqueued.clear()
    assert certificate_jobs.requeue_stale_pending() == 1
    assert enqueued == [(certificate_jobs.issue_certificate_job, (lost.enrollment.id,), "pdf")]


# --- a real RQ worker ---------------------------------------------------------------------


@pytest.mark.redis
def test_rq_worker_process_renders_a_requested_certificate(
    committed_session, db_url, redis_url, data_dir, monkeypatch
):
    done = completed_enrollment(committed_session)
    committed_session.commit()
    with redis_at(monkeypatch, redis_url):
        certificate = db.run_sync(
            certificates.request_certificate, enrollment_id=done.enrollment.id
        )
        assert jobs.get_queue("pdf").count == 1  # enqueued on commit, to the pdf queue
        worker = run_burst(
            db_url,
            redis_url,
            timeout=180,
            DATA_DIR=str(data_dir),
            PUBLIC_URL="https://edu.example.org",
        )
    committed_session.expire_all()
    rendered = committed_session.get(Certificate, certificate.id)
    assert rendered.status == "ready", worker.stderr[-3000:]
    text = PdfReader(data_dir / rendered.pdf_path).pages[0].extract_text()
    assert HOLDER in text and rendered.serial in text
