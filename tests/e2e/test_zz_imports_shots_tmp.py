import re, uuid
from playwright.sync_api import expect
from tests.e2e.support import SLOW, new_user, sign_in
from tests.e2e.test_imports import _users_csv

def test_shots(page, app_server):
    base = app_server["base_url"]
    _i, email = new_user(app_server, name="Shot Admin", role="admin")
    sign_in(page, base, email, next_path="/admin/imports")
    expect(page.get_by_role("heading", name="Data imports")).to_be_visible(timeout=SLOW)
    page.screenshot(path="/tmp/shots/list_empty.png", full_page=True)
    page.locator("#import-upload input[type=file]").set_input_files(files=[{"name": "bad.png", "mimeType": "text/csv", "buffer": b"\x89PNG\x00\x00"}])
    expect(page.get_by_test_id("import-upload-error")).to_be_visible(timeout=SLOW)
    page.screenshot(path="/tmp/shots/list_refused.png", full_page=True)
    page.locator("#import-upload input[type=file]").set_input_files(files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": _users_csv(uuid.uuid4().hex[:6])}])
    expect(page).to_have_url(re.compile(r"/admin/imports/\d+$"), timeout=SLOW)
    expect(page.get_by_test_id("import-progress")).to_have_attribute("aria-valuenow", "100", timeout=SLOW)
    expect(page.get_by_test_id("import-error-row")).to_have_count(3, timeout=SLOW)
    page.screenshot(path="/tmp/shots/detail.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path="/tmp/shots/detail_phone.png", full_page=True)
    page.goto(f"{base}/admin/imports?lang=ru")
    expect(page.get_by_test_id("import-row").first).to_be_visible(timeout=SLOW)
    page.screenshot(path="/tmp/shots/list_phone_ru.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/shots/list_ru.png", full_page=True)
