"""A page's on_load as one event (edu_platform/state/page_load.py): which loaders run,
in what order, what they hand back, and the session check shared within a page load.
The whole path runs in the browser suite; this pins the dispatch itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from edu_platform.services.accounts import CurrentUser
from edu_platform.state import page_load
from tests.support.asyncio_run import run


@dataclass
class FakeState:
    name: str
    calls: list[str] = field(default_factory=list)


@dataclass
class FakeHandler:
    state: Any
    fn: Any


class FakeCaller:
    """Stands for the state running the page load: `get_state(cls)` gives cls's instance."""

    def __init__(self, calls: list[str]) -> None:
        self.calls = calls

    async def get_state(self, state_class: Any) -> FakeState:
        return FakeState(state_class, self.calls)


def _handlers(calls: list[str]) -> tuple[FakeHandler, ...]:
    def plain(state):
        state.calls.append(f"plain:{state.name}")

    async def coroutine(state):
        state.calls.append(f"coroutine:{state.name}")
        return "redirect"

    async def generator(state):
        state.calls.append(f"generator:{state.name}")
        yield None  # flushes a delta (a loading state)
        yield "toast"

    def sync_generator(state):
        state.calls.append(f"sync-generator:{state.name}")
        yield "event"

    return (
        FakeHandler("A", plain),
        FakeHandler("B", coroutine),
        FakeHandler("C", generator),
        FakeHandler("D", sync_generator),
    )


def test_loaders_run_in_order_on_their_own_states_and_hand_back_what_they_return():
    calls: list[str] = []

    async def collect() -> list[Any]:
        return [step async for step in page_load.run_loaders(FakeCaller(calls), _handlers(calls))]

    steps = run(collect())
    assert calls == ["plain:A", "coroutine:B", "generator:C", "sync-generator:D"]
    # A plain handler's None is not passed on; a generator's None is (a delta flush).
    assert steps == ["redirect", None, "toast", "event"]


def test_only_registered_routes_have_loaders():
    handlers = _handlers([])
    everywhere = page_load.every_page()  # the header's counts, once the app is imported
    page_load.register("/test-page-load/[slug]", handlers)
    assert page_load.loaders_of("/test-page-load/[slug]") == (*everywhere, *handlers)
    page_load.register("/test-page-load/empty", ())
    assert page_load.loaders_of("/test-page-load/empty") == everywhere
    # The route is the event's payload: any client can send anything.
    assert page_load.loaders_of("/not-a-page") is None
    assert page_load.loaders_of(["/test-page-load/empty"]) is None
    assert page_load.loaders_of(None) is None


def test_the_session_checked_at_the_start_is_known_only_for_its_token_and_event():
    user = CurrentUser(
        id=7, email="a@example.com", full_name="A", role="student", locale="en", avatar_url=""
    )
    assert page_load.known_user("token-1") == (False, None)
    with page_load.event_user("token-1", user):
        assert page_load.known_user("token-1") == (True, user)
        assert page_load.known_user("token-2") == (False, None)
    assert page_load.known_user("token-1") == (False, None)
    with page_load.event_user("token-3", None):  # a revoked session: known, no user
        assert page_load.known_user("token-3") == (True, None)
    with page_load.event_user(None, None):  # a guest: nothing to remember
        assert page_load.known_user("") == (False, None)


def test_the_app_registers_every_page_with_the_header_counts_first():
    from edu_platform import edu_platform, routes  # noqa: F401  (registers the pages)
    from edu_platform.pages.registry import PAGES
    from edu_platform.state.bell import BellState
    from edu_platform.state.cart import CartState
    from edu_platform.state.player import PlayerState
    from edu_platform.state.quiz import QuizState

    assert page_load.every_page() == (CartState.load_count, BellState.start)
    # The quiz panel of a quiz lesson loads after the player, in the same event.
    assert page_load.loaders_of(routes.LEARN_LESSON) == (
        CartState.load_count,
        BellState.start,
        PlayerState.load,
        QuizState.load_with_player,
    )
    assert all(page_load.loaders_of(entry.route) is not None for entry in PAGES)
