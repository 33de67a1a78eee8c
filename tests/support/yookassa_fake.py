"""A local stand-in for YooKassa's HTTP API v3, started by the tests on 127.0.0.1.

It speaks the parts the app uses: POST /v3/payments (basic auth, Idempotence-Key, a
redirect confirmation), GET /v3/payments/{id}, POST /v3/refunds, GET /v3/refunds/{id}.
Tests play the buyer and YooKassa's back office with `succeed()` / `cancel()`, and
build the notifications YooKassa would POST with `notification()`; a refund made in the
shop's dashboard with `refund_in_dashboard()`. `use_in_settings(fake, monkeypatch,
public_url)` points the app at it for one test.
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from edu_platform.settings import settings
from tests.support import http
from tests.support.servers import ServedInBlock, serve_in_thread

SHOP_ID = "123456"
SECRET_KEY = "test_secret_key_for_the_fake"


class FakeYooKassa(ServedInBlock):
    def __init__(self, shop_id: str = SHOP_ID, secret_key: str = SECRET_KEY) -> None:
        self.shop_id = shop_id
        self.secret_key = secret_key
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # --- test controls --------------------------------------------------------------

    def reset(self) -> None:
        self.payments: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.by_key: dict[tuple[str, str], dict[str, Any]] = {}
        self.requests: list[dict[str, Any]] = []
        self.fail_next_with: int | None = None

    @property
    def api_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v3"

    def succeed(self, payment_id: str) -> None:
        """The buyer paid on YooKassa's page."""
        with self._lock:
            payment = self.payments[payment_id]
            payment.update(status="succeeded", paid=True)
            payment.pop("confirmation", None)

    def cancel(self, payment_id: str, reason: str = "insufficient_funds") -> None:
        with self._lock:
            payment = self.payments[payment_id]
            payment.update(
                status="canceled",
                cancellation_details={"party": "payment_network", "reason": reason},
            )
            payment.pop("confirmation", None)

    def refund_in_dashboard(self, payment_id: str, value: str, key: str) -> dict[str, Any]:
        """The refund the shop makes in YooKassa's dashboard, past the app, as the API
        answers it."""
        return http.post(
            f"{self.api_url}/refunds",
            auth=(self.shop_id, self.secret_key),
            headers={"Idempotence-Key": key},
            json={"payment_id": payment_id, "amount": {"value": value, "currency": "RUB"}},
        ).json()

    def notification(self, event: str, object_id: str, **object_fields: Any) -> bytes:
        """The body YooKassa POSTs for `event` (the object as it stands, or made up)."""
        source = self.refunds if event.startswith("refund.") else self.payments
        obj = dict(source.get(object_id, {"id": object_id}))
        obj.update(object_fields)
        return json.dumps({"type": "notification", "event": event, "object": obj}).encode()

    # --- lifecycle ------------------------------------------------------------------

    def start(self) -> FakeYooKassa:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = serve_in_thread(self._server)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    # --- the API --------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        record = {
            "method": method,
            "path": request.path,
            "authorization": request.headers.get("Authorization"),
            "idempotence_key": request.headers.get("Idempotence-Key"),
            "body": body,
        }
        with self._lock:
            self.requests.append(record)
            status, payload = self._answer(method, request.path, record)
        data = json.dumps(payload).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _authorised(self, header: str | None) -> bool:
        expected = base64.b64encode(f"{self.shop_id}:{self.secret_key}".encode()).decode()
        return header == f"Basic {expected}"

    def _answer(self, method: str, path: str, record: dict) -> tuple[int, dict]:
        if self.fail_next_with is not None:
            status, self.fail_next_with = self.fail_next_with, None
            return status, {"type": "error", "code": "internal_server_error"}
        if not self._authorised(record["authorization"]):
            return 401, {"type": "error", "code": "invalid_credentials"}
        parts = path.strip("/").split("/")
        if parts[:1] != ["v3"] or len(parts) not in (2, 3):
            return 404, {"type": "error", "code": "not_found"}
        collection = parts[1]
        if method == "GET" and len(parts) == 3:
            store = {"payments": self.payments, "refunds": self.refunds}.get(collection)
            if store is None or parts[2] not in store:
                return 404, {"type": "error", "code": "not_found"}
            return 200, store[parts[2]]
        if method == "POST" and len(parts) == 2 and collection in ("payments", "refunds"):
            key = record["idempotence_key"]
            if not key:
                return 400, {"type": "error", "code": "invalid_request", "parameter": "key"}
            if (collection, key) in self.by_key:
                return 200, self.by_key[(collection, key)]
            made = (self._new_payment if collection == "payments" else self._new_refund)(
                record["body"] or {}
            )
            if made[0] == 200:
                self.by_key[(collection, key)] = made[1]
            return made
        return 404, {"type": "error", "code": "not_found"}

    def _new_payment(self, body: dict) -> tuple[int, dict]:
        confirmation = body.get("confirmation") or {}
        if confirmation.get("type") != "redirect" or not confirmation.get("return_url"):
            return 400, {"type": "error", "code": "invalid_request", "parameter": "confirmation"}
        payment_id = str(uuid.uuid4())
        payment = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": body["amount"],
            "description": body.get("description", ""),
            "metadata": body.get("metadata", {}),
            "confirmation": {
                "type": "redirect",
                "return_url": confirmation["return_url"],
                "confirmation_url": f"https://yoomoney.example/checkout?orderId={payment_id}",
            },
            "test": True,
            "refundable": False,
        }
        self.payments[payment_id] = payment
        return 200, payment

    def _new_refund(self, body: dict) -> tuple[int, dict]:
        payment = self.payments.get(body.get("payment_id", ""))
        if payment is None or payment["status"] != "succeeded":
            return 400, {"type": "error", "code": "invalid_request", "parameter": "payment_id"}
        refund_id = str(uuid.uuid4())
        refund = {
            "id": refund_id,
            "payment_id": payment["id"],
            "status": "succeeded",
            "amount": body["amount"],
        }
        self.refunds[refund_id] = refund
        payment["refunded_amount"] = body["amount"]
        return 200, refund


def use_in_settings(fake: FakeYooKassa, monkeypatch: pytest.MonkeyPatch, public_url: str) -> None:
    """Reset `fake` and point the app's settings at it for the test: the provider, the
    shop's credentials, the API and no notification IP allow-list (as
    oidc_provider.use_in_settings does for sign-in)."""
    fake.reset()
    monkeypatch.setattr(settings, "public_url", public_url)
    monkeypatch.setattr(settings, "payment_provider", "yookassa")
    monkeypatch.setattr(settings, "yookassa_shop_id", fake.shop_id)
    monkeypatch.setattr(settings, "yookassa_secret_key", fake.secret_key)
    monkeypatch.setattr(settings, "yookassa_api_url", fake.api_url)
    monkeypatch.setattr(settings, "yookassa_allowed_ips", "")
