from playwright.sync_api import Page, expect
from tests.e2e.support import SLOW, new_user, sign_in
from tests.e2e.test_certificates import _complete_a_course


def test_debug(page: Page, app_server):
    base_url = app_server["base_url"]
    user_id, email = new_user(app_server, name="Debug User")
    _complete_a_course(app_server, user_id)
    sign_in(page, base_url, email)
    page.goto(f"{base_url}/my/certificates")
    link = page.get_by_role("link", name="Download PDF")
    expect(link).to_be_visible(timeout=SLOW)
    print("HTML", link.evaluate("e => e.outerHTML"))
    page.screenshot(path="/tmp/my_certs.png", full_page=True)
    responses = []
    page.on("response", lambda r: responses.append((r.url, r.status, r.headers.get("content-type"))))
    page.on("download", lambda d: print("DOWNLOAD", d.suggested_filename))
    link.click()
    page.wait_for_timeout(3000)
    print("URL", page.url)
    print("RESP", responses)
