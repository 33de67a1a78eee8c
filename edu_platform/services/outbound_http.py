"""What every outbound HTTP client of ours shares (YooKassa, OAuth providers, webhooks)."""

from __future__ import annotations

import ssl
from functools import cache

import httpx


@cache
def tls_context() -> ssl.SSLContext:
    """The certificate store for HTTPS calls, loaded once per process.

    httpx loads its CA bundle (certifi's, or SSL_CERT_FILE / SSL_CERT_DIR) into a new SSL
    context for every client it makes, about 20 ms of CPU, and the payment and sign-in
    calls make a client per request. A context is safe to share between threads and
    connections; this one is built by httpx itself, so it trusts what a default client does.
    """
    return httpx.create_ssl_context()
