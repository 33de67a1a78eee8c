"""httpx's one-off requests (`http.get(url, ...)` for `httpx.get(url, ...)`) with the app's
one TLS context per process (services/outbound_http.tls_context).

Each `httpx.get()` builds a client, and each client a TLS context that loads the CA
bundle: ~40 ms of CPU per request even to an http:// URL, seconds per run (#16). Every
request is otherwise httpx's own (no shared cookies or connections)."""

from __future__ import annotations

from functools import partial
from typing import Any

import httpx

from edu_platform.services.outbound_http import tls_context


def request(method: str, url: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, url, verify=tls_context(), **kwargs)


get = partial(request, "GET")
post = partial(request, "POST")
put = partial(request, "PUT")
patch = partial(request, "PATCH")
delete = partial(request, "DELETE")
head = partial(request, "HEAD")
options = partial(request, "OPTIONS")
