"""Admin imports in a real browser: an admin uploads a users CSV with a few bad rows (asking
for the new accounts to be mailed a set-password link), watches
the progress bar reach 100 % on the job's page and the error table fill, downloads the
errors as CSV, and finds the import in the list."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from edu_platform.i18n import translate
from edu_platform.models import Outbox, User
from tests.e2e.support import SLOW, db_session, new_user, shot, sign_in

GOOD_ROWS = 40
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _users_csv(tag: str) -> bytes:
    lines = ["email,full_name,role"]
    lines += [f"imp-{tag}-{n}@example.com,Imported Learner {n},student" for n in range(GOOD_ROWS)]
    lines.insert(6, f"not-an-email-{tag},Broken Email,student")  # line 7
    lines.insert(12, f"imp-{tag}-x@example.com,Wrong Role,wizard")  # line 13
    lines.append(f"imp-{tag}-y@example.com,,teacher")  # last line: no name
    return ("\n".join(lines) + "\n").encode()


def test_admin_uploads_users_and_watches_progress_and_errors(page: Page, app_server):
    base_url = app_server["base_url"]
    _admin_id, email = new_user(app_server, name="Ida Importer", role="admin")
    sign_in(page, base_url, email, next_path="/admin/imports")
    expect(page.get_by_role("heading", name="Data imports")).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("import-columns")).to_contain_text("email, full_name, role")
    expect(page.get_by_test_id("template-users")).to_have_attribute(
        "href", "/api/v1/imports/templates/users"
    )

    # New accounts are mailed a link to set their password (users imports only).
    invite = page.get_by_role("checkbox", name="Email new users a link to set their password")
    invite.click()
    expect(invite).to_be_checked()
    shot(page, "admin-imports-invite")
    tag = uuid.uuid4().hex[:8]
    page.locator("#import-upload input[type=file]").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": _users_csv(tag)}]
    )
    expect(page).to_have_url(re.compile(r"/admin/imports/\d+$"), timeout=SLOW)
    job_id = page.url.rsplit("/", 1)[-1]

    progress = page.get_by_test_id("import-progress")
    expect(progress).to_have_attribute("aria-valuenow", "100", timeout=SLOW)
    total = GOOD_ROWS + 3
    expect(page.get_by_test_id("import-counts")).to_contain_text(f"{total} of {total}")
    expect(page.get_by_test_id("import-counts")).to_contain_text("3 failed")
    expect(page.get_by_text("Done", exact=True)).to_be_visible()
    expect(page.get_by_test_id("import-invites")).to_have_text("New users emailed")

    errors = page.get_by_test_id("import-error-row")
    expect(errors).to_have_count(3, timeout=SLOW)
    expect(errors.nth(0)).to_contain_text("7")
    expect(errors.nth(0)).to_contain_text("email")
    expect(errors.nth(1)).to_contain_text("13")
    expect(errors.nth(1)).to_contain_text("Unknown value; allowed: student, teacher, admin.")
    expect(errors.nth(2)).to_contain_text(str(total + 1))
    expect(errors.nth(2)).to_contain_text("full_name")

    link = page.get_by_role("link", name="Download errors (CSV)")
    expect(link).to_have_attribute("href", f"/api/v1/imports/{job_id}/errors?format=csv")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"import-{job_id}-errors.csv"
    lines = Path(download.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "row,field,message" and len(lines) == 4

    with db_session(app_server) as session:
        imported = session.scalar(
            select(func.count()).select_from(User).where(User.email.like(f"imp-{tag}-%"))
        )
        invited = session.scalars(
            select(Outbox.recipient).where(Outbox.recipient.like(f"imp-{tag}-%"))
        ).all()
    assert imported == GOOD_ROWS
    assert sorted(invited) == sorted(f"imp-{tag}-{n}@example.com" for n in range(GOOD_ROWS))

    page.get_by_role("link", name="All imports").click()
    row = page.get_by_test_id("import-row").filter(has_text="people.csv").first
    expect(row).to_be_visible(timeout=SLOW)
    expect(row).to_contain_text(f"{total} / {total}")

    # A spreadsheet is not a CSV: the page says so under the button, and nothing starts.
    # (Last: the refused drop's empty upload must not race the next file's.)
    page.locator("#import-upload input[type=file]").set_input_files(
        files=[{"name": "people.xlsx", "mimeType": XLSX, "buffer": b"PK\x03\x04 not a csv"}]
    )
    expect(page.get_by_test_id("import-upload-error")).to_have_text(
        translate("imports.rejected", "en"), timeout=SLOW
    )
    expect(page).to_have_url(re.compile(r"/admin/imports/?$"))
