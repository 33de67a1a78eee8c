"""Certificates in a real browser: a learner who completed a course sees the certificate
being prepared, then downloads the PDF and verifies it; an unknown number is invalid;
an admin revokes one and re-issues a course with a live progress bar."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from edu_platform.models import Certificate, Course, Enrollment, utcnow
from edu_platform.services import certificates
from edu_platform.settings import settings
from tests.e2e.support import SLOW, db_session, new_user, sign_in


def _complete_a_course(app_server, user_id: int) -> str:
    """A completed enrolment (no certificate yet) in a seeded course; gives its title."""
    with db_session(app_server) as session:
        taken = select(Enrollment.course_id).where(Enrollment.user_id == user_id)
        course = session.scalars(
            select(Course).where(Course.is_published, Course.id.not_in(taken)).order_by(Course.id)
        ).first()
        session.add(
            Enrollment(
                user_id=user_id,
                course_id=course.id,
                status="completed",
                progress_percent=100,
                completed_at=utcnow(),
            )
        )
        session.commit()
        return course.title


def test_learner_sees_certificate_prepared_then_downloads_and_verifies_it(
    page: Page, app_server, monkeypatch
):
    base_url = app_server["base_url"]
    user_id, email = new_user(app_server, name="Елена Сертификатова")
    title = _complete_a_course(app_server, user_id)
    # Issued, not rendered yet: what the page shows while the job draws the PDF.
    with db_session(app_server) as session:
        enrollment = session.scalar(select(Enrollment).where(Enrollment.user_id == user_id))
        pending = Certificate(
            serial=certificates.new_serial(),
            user_id=user_id,
            course_id=enrollment.course_id,
            enrollment_id=enrollment.id,
            holder_name="Елена Сертификатова",
            course_title=title,
            issued_at=enrollment.completed_at,
        )
        session.add(pending)
        session.commit()
    sign_in(page, base_url, email, "/my/certificates")
    card = page.get_by_test_id("certificate-card")
    expect(card).to_have_count(1, timeout=SLOW)
    expect(card).to_contain_text(title)
    expect(card.get_by_test_id("certificate-preparing")).to_be_visible()
    # The job renders it (here, into the server's data folder); the page polls.
    monkeypatch.setattr(settings, "data_dir", app_server["data_dir"])
    with db_session(app_server) as session:
        certificates.render_certificate(session=session, certificate_id=pending.id)
        session.commit()
    download_link = card.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible(timeout=SLOW)  # the page polled until it was ready
    expect(card.get_by_test_id("certificate-preparing")).to_have_count(0)

    with db_session(app_server) as session:
        serial = session.scalar(select(Certificate.serial).where(Certificate.user_id == user_id))
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == f"certificate-{serial}.pdf"
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"

    card.get_by_role("link", name="Verify", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/verify/{serial}$"))
    verdict = page.get_by_test_id("verify-verdict")
    expect(verdict).to_contain_text("Valid certificate", timeout=SLOW)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Елена Сертификатова")
    expect(main).to_contain_text(title)
    expect(main).to_contain_text(serial)


def test_unknown_serial_is_shown_as_invalid(page: Page, app_server):
    page.goto(f"{app_server['base_url']}/verify/EDU-2026-AAAA-BBBB-CCCC?lang=en")
    verdict = page.get_by_test_id("verify-verdict")
    expect(verdict).to_contain_text("Invalid certificate", timeout=SLOW)
    expect(page.get_by_role("main")).not_to_contain_text("Valid certificate")


def test_admin_revokes_a_certificate_and_reissues_a_course_with_progress(
    page: Page, browser: Browser, app_server
):
    base_url = app_server["base_url"]
    learner_id, learner_email = new_user(app_server, name="Отозванный Ученик")
    title = _complete_a_course(app_server, learner_id)
    _admin_id, admin_email = new_user(app_server, name="Admin Person", role="admin")
    # The completion job issued the certificate (the seed's way: its PDF on first download).
    with db_session(app_server) as session:
        enrollment_id = session.scalar(
            select(Enrollment.id).where(Enrollment.user_id == learner_id)
        )
        serial = certificates.issue_certificate(
            session=session, enrollment_id=enrollment_id, render=False
        ).serial
        session.commit()
    sign_in(page, base_url, learner_email, "/my/certificates")
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible(timeout=SLOW)
    page.close()

    page = browser.new_context().new_page()
    sign_in(page, base_url, admin_email, next_path="/admin/certificates")
    expect(page.get_by_role("heading", name="Certificates", exact=True)).to_be_visible(timeout=SLOW)
    # Re-issue the learner's course: the progress bar fills up and the job is done.
    page.get_by_label("Course", exact=True).click()
    page.get_by_role("option", name=re.compile(re.escape(title))).click()
    page.get_by_role("button", name="Re-issue all certificates of a course").click()
    progress = page.get_by_test_id("reissue-progress")
    expect(progress).to_have_attribute("aria-valuenow", "100", timeout=SLOW)
    expect(page.get_by_text("Done", exact=True)).to_be_visible()

    page.get_by_label("Search by number, holder or course").fill(serial)
    page.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    row = page.get_by_test_id("admin-certificate-row")
    expect(row).to_have_count(1, timeout=SLOW)
    row.get_by_role("button", name=f"Revoke {serial}").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Reason for revoking").fill("Документы не подтверждены")
    dialog.get_by_role("button", name="Revoke certificate").click()
    expect(dialog).to_have_count(0, timeout=SLOW)
    expect(row).to_contain_text("Revoked")
    expect(row).to_contain_text("Документы не подтверждены")

    page.goto(f"{base_url}/verify/{serial}?lang=en")
    expect(page.get_by_test_id("verify-verdict")).to_contain_text(
        "Certificate revoked", timeout=SLOW
    )
