"""Sign-in lockouts count per client address: behind the compose proxy, from X-Forwarded-For."""

from __future__ import annotations

from starlette.requests import Request

from edu_platform.api.deps import client_ip
from edu_platform.settings import settings


def _request(forwarded: str | None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "headers": headers, "client": ("10.0.0.9", 5000)})


def test_without_trusted_proxies_the_socket_peer_is_the_client(monkeypatch):
    monkeypatch.setattr(settings, "trusted_proxy_hops", 0)
    assert client_ip(_request("6.6.6.6")) == "10.0.0.9"  # a forged header is ignored


def test_behind_one_proxy_the_address_it_appended_is_the_client(monkeypatch):
    monkeypatch.setattr(settings, "trusted_proxy_hops", 1)
    # The client sent a forged first entry; nginx appended the real peer address.
    assert client_ip(_request("6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request(None)) == "10.0.0.9"
