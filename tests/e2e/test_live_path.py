"""The websocket path as a visitor gets it: a page load and its navigations, measured with
the load harness's visitor (bench/load/ws_visitors.py) speaking Reflex's protocol.

The message catalogue (~68 KB) used to ride in every navigation's delta; the texts now
live in the compiled pages, so a navigation carries only the page's own data.
"""

from __future__ import annotations

import asyncio

import pytest

from bench.load.ws_visitors import discover, probe
from tests.support.asyncio_run import run as run_async

PAGE_LOAD_LIMIT = 20_000
NAVIGATION_LIMIT = 10_000


@pytest.fixture(scope="module")
def site(app_server):
    return discover(app_server["base_url"].replace("localhost", "127.0.0.1"), "/")


@pytest.mark.parametrize("language", ["ru-RU,ru;q=0.9", "en-US,en;q=0.9"])
def test_page_load_and_navigations_stay_small(site, language):
    assert site.state_schema and site.hashes, "the harness reads them from the page's JS"
    measured = run_async(
        probe(
            site,
            start_path="/",
            searches=("python", "design"),
            courses=tuple(site.slugs[:2]),
            accept_language=language,
        )
    )
    assert measured["load_bytes"] < PAGE_LOAD_LIMIT, measured
    assert len(measured["navigations"]) == 4
    for path, size in measured["navigations"]:
        assert size < NAVIGATION_LIMIT, (path, size, measured)


def test_switching_language_sends_only_the_language_code(site):
    async def switch() -> list[int]:
        from bench.load.ws_visitors import ROOT, Results, Visitor, _frame

        visitor = Visitor(site, Results(), "ru-RU,ru;q=0.9", deflate=False)
        try:
            assert await visitor.page_load("/", 30) is not None
            sizes = []
            for lang in ("en", "ru"):
                visitor.start_op()
                name = f"{ROOT}.edu_platform___state___auth____auth_state.set_language"
                visitor.emit(_frame(name, "/", {"lang": lang}))
                await asyncio.sleep(1.0)
                sizes.append(visitor.op_bytes)
            return sizes
        finally:
            await visitor.close()

    sizes = run_async(switch())
    assert all(0 < size < 1_000 for size in sizes), sizes
