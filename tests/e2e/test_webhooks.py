"""/admin/webhooks in a real browser: an admin registers a local receiver for
`user.created`, sees the secret once, a sign-up on the site reaches the receiver signed
with that secret, the delivery shows as delivered with code 200, is redelivered, and the
endpoint is disabled, then removed."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform.models import WebhookEndpoint
from edu_platform.services.webhooks import verify_signature
from tests.e2e.support import SLOW, db_session, new_user, sign_in
from tests.support import http
from tests.support.receiver import Receiver


def test_admin_registers_a_webhook_sees_the_secret_once_and_redelivers(page: Page, app_server):
    base_url = app_server["base_url"]
    receiver = Receiver().start()
    try:
        _admin_id, email = new_user(app_server, name="Wanda Webhooks", role="admin")
        sign_in(page, base_url, email, next_path="/admin/webhooks")
        expect(page.get_by_role("heading", name="Webhooks", exact=True)).to_be_visible(timeout=SLOW)
        page.get_by_role("link", name="Webhooks").first.wait_for()

        page.get_by_label("URL").fill(receiver.url)
        page.get_by_label("Description").fill("CRM sync")
        # No event chosen: refused, and what was typed stays for the second try.
        page.get_by_role("button", name="Add endpoint").click()
        expect(page.get_by_test_id("webhook-form-error")).to_be_visible(timeout=SLOW)
        expect(page.get_by_label("URL")).to_have_value(receiver.url)
        expect(page.get_by_label("Description")).to_have_value("CRM sync")
        page.get_by_test_id("webhook-event-user.created").click()
        page.get_by_role("button", name="Add endpoint").click()

        secret_box = page.get_by_test_id("webhook-secret")
        expect(secret_box).to_be_visible(timeout=SLOW)
        secret = secret_box.inner_text().strip()
        assert secret.startswith("whsec_")
        with db_session(app_server) as session:
            endpoint = session.scalar(
                select(WebhookEndpoint).where(WebhookEndpoint.url == receiver.url)
            )
            assert endpoint.secret == secret and endpoint.events == ["user.created"]
        row = page.get_by_test_id("webhook-row").filter(has_text=receiver.url)
        expect(row).to_contain_text("user.created")
        expect(row).to_contain_text("Active")

        # Shown once: hidden on request, and not shown again after a reload.
        page.get_by_role("button", name="I have stored the secret").click()
        expect(secret_box).to_have_count(0)
        page.reload()
        expect(row).to_be_visible(timeout=SLOW)
        expect(page.get_by_test_id("webhook-secret")).to_have_count(0)
        assert secret not in page.content()

        # A sign-up on the site is delivered to the receiver, signed with that secret.
        signup = http.post(
            f"{base_url}/api/v1/auth/register",
            json={
                "email": f"hooked-{uuid.uuid4().hex[:8]}@example.com",
                "password": "Correct-horse-7-battery",
                "full_name": "Hooked Learner",
            },
        )
        assert signup.status_code == 201, signup.text
        [request] = receiver.wait_for(1)
        assert request.json["type"] == "user.created"
        assert verify_signature(
            secret,
            request.headers["x-edu-timestamp"],
            request.body,
            request.headers["x-edu-signature"],
        )

        row.get_by_role("button", name="Deliveries").click()
        delivery = page.get_by_test_id("webhook-delivery-row").first
        expect(delivery).to_contain_text("user.created", timeout=SLOW)
        expect(delivery).to_contain_text("Delivered")
        expect(delivery).to_contain_text("200")

        delivery.get_by_role("button", name="Redeliver").click()
        receiver.wait_for(2)
        assert receiver.requests[1].json["id"] == request.json["id"]
        page.get_by_role("button", name="Deliveries").first.click()
        expect(delivery.get_by_role("cell").nth(2)).to_have_text("2", timeout=SLOW)

        row.get_by_role("button", name="Disable").click()
        expect(row).to_contain_text("Disabled", timeout=SLOW)
        row.get_by_role("button", name="Delete").click()
        expect(page.get_by_test_id("webhook-row").filter(has_text=receiver.url)).to_have_count(
            0, timeout=SLOW
        )
    finally:
        receiver.stop()
