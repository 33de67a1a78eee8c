"""Where a session's QR code points: PUBLIC_URL, or the teacher's page address under
a local PUBLIC_URL (validated against the origins the app serves)."""

from __future__ import annotations

import pytest

from edu_platform.services import attendance
from edu_platform.settings import settings


@pytest.fixture
def local_run(monkeypatch):
    monkeypatch.setattr(settings, "public_url", "http://localhost:3000")
    monkeypatch.setattr(settings, "cors_extra_origins", "http://192.168.1.20:3000")


def test_local_public_url_gives_way_to_the_teachers_address(local_run):
    assert attendance.checkin_base("http://192.168.1.20:3000") == "http://192.168.1.20:3000"
    assert attendance.checkin_base("http://127.0.0.1:3000") == "http://127.0.0.1:3000"
    assert attendance.checkin_url("tok", attendance.checkin_base("http://192.168.1.20:3000")) == (
        "http://192.168.1.20:3000/checkin/tok"
    )


@pytest.mark.parametrize(
    "origin",
    [
        None,
        "",
        "http://evil.example",  # not an origin this app serves
        "javascript:alert(1)",
        "http://192.168.1.20:3000/path",
        "http://user@192.168.1.20:3000",
        "http://192.168.1.20:99999",
        "ftp://192.168.1.20:3000",
    ],
)
def test_anything_else_falls_back_to_public_url(local_run, origin):
    assert attendance.checkin_base(origin) == "http://localhost:3000"


def test_a_real_public_url_always_wins(monkeypatch):
    monkeypatch.setattr(settings, "public_url", "https://edu.example.org/")
    monkeypatch.setattr(settings, "cors_extra_origins", "https://admin.example.org")
    assert attendance.checkin_base("https://admin.example.org") == "https://edu.example.org"
    assert attendance.checkin_base(None) == "https://edu.example.org"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("localhost", True), ("127.0.0.1", True), ("::1", True), ("app.localhost", True),
     ("10.0.0.5", False), ("edu.example.org", False), ("", True)],
)  # fmt: skip
def test_loopback_hosts(host, loopback):
    assert attendance._is_loopback(host) is loopback
