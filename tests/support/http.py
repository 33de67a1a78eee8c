"""httpx's one-off requests (`http.get(url, ...)` for `httpx.get(url, ...)`) with one TLS
context per test process.

Each `httpx.get()` builds a client, and each client a TLS context that loads certifi's CA
bundle: ~40 ms of CPU per request even to an http:// URL, seconds per run (#16). Here the
context is built once, the way httpx builds it (certificates and host names verified), and
every request is otherwise httpx's own (no shared cookies or connections)."""

from __future__ import annotations

import ssl
from functools import cache, partial
from typing import Any

import certifi
import httpx


@cache
def tls_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=certifi.where())


def request(method: str, url: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, url, verify=tls_context(), **kwargs)


get = partial(request, "GET")
post = partial(request, "POST")
put = partial(request, "PUT")
patch = partial(request, "PATCH")
delete = partial(request, "DELETE")
head = partial(request, "HEAD")
options = partial(request, "OPTIONS")
