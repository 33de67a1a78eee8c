"""The outbound HTTP clients share one TLS context, and it still checks certificates."""

from __future__ import annotations

import ssl

import httpx
import pytest

from edu_platform.services import oauth_clients, outbound_http, yookassa
from edu_platform.services.webhooks import delivery
from edu_platform.settings import settings


@pytest.fixture
def bundle_loads(monkeypatch) -> list[tuple]:
    """Every CA bundle an SSL context loads from now on (the arguments of each load)."""
    outbound_http.tls_context()  # the shared one is built before counting
    loads: list[tuple] = []
    real = ssl.SSLContext.load_verify_locations

    def counting(self, *args, **kwargs):
        loads.append((args, kwargs))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counting)
    return loads


def test_the_shared_context_verifies_certificates_and_host_names():
    context = outbound_http.tls_context()
    assert context is outbound_http.tls_context()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    # It trusts what a client of httpx's own trusts (certifi, or SSL_CERT_FILE / _DIR).
    assert context.get_ca_certs() == httpx.create_ssl_context().get_ca_certs()


def test_a_plain_httpx_client_loads_the_bundle_again(bundle_loads):
    """What the shared context saves, and proof that the counter sees a load."""
    with httpx.Client():
        pass
    assert bundle_loads  # one, and one more per proxy the environment names


def test_the_clients_made_per_call_load_no_bundle_of_their_own(bundle_loads, monkeypatch):
    monkeypatch.setattr(settings, "yookassa_shop_id", "shop")
    monkeypatch.setattr(settings, "yookassa_secret_key", "key")
    monkeypatch.setattr(yookassa, "http_transport", None)
    monkeypatch.setattr(oauth_clients, "http_transport", None)
    monkeypatch.setattr(delivery, "_clients", {})
    provider = oauth_clients.Provider(
        name="oidc",
        client_id="client",
        client_secret="secret",
        authorize_url="https://id.example.com/authorize",
        token_url="https://id.example.com/token",
        scope="openid email",
    )
    clients = (
        yookassa._client(),
        oauth_clients._http(),
        oauth_clients._oauth_client(provider, "https://edu.example.com/callback", None),
        delivery._client(),
    )
    for client in clients:
        client.close()
    assert bundle_loads == []
