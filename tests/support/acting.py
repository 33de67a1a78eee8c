"""Calling services as one user, and checking their refusals.

- `ActingAs(authoring, session, teacher_id)`: the module's services with the session and
  the actor bound once, so `author.add_module(course_id=course.id, title="M")` reads as
  `authoring.add_module(session=session, actor_id=teacher_id, course_id=course.id, title="M")`.
- `assert_each_field_refused(change, cases)`: each `{field: value}` alone is refused as
  Invalid naming that field; `refused_then_saved(change, cases, accepted)` then saves
  `accepted` and gives what `change` returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy.orm import Session

from edu_platform.services.errors import Invalid


class ActingAs:
    """The services of `services` called in `session` with `actor_id=actor_id`."""

    def __init__(self, services: ModuleType, session: Session, actor_id: int | None) -> None:
        self.services = services
        self.session = session
        self.actor_id = actor_id

    def __getattr__(self, name: str) -> Callable[..., Any]:
        service = getattr(self.services, name)
        return partial(service, session=self.session, actor_id=self.actor_id)


def assert_each_field_refused(
    change: Callable[[dict[str, Any]], Any], cases: Iterable[tuple[str, Any]]
) -> None:
    """`change({field: value})` raises Invalid naming `field`, for each case."""
    for field, value in cases:
        with pytest.raises(Invalid) as error:
            change({field: value})
        assert error.value.field == field, (field, value)


def refused_then_saved(
    change: Callable[[dict[str, Any]], Any],
    cases: Iterable[tuple[str, Any]],
    accepted: dict[str, Any],
) -> Any:
    """What `change(accepted)` gives, once each case alone has been refused
    (`assert_each_field_refused`): a form's bad values first, then its good ones."""
    assert_each_field_refused(change, cases)
    return change(accepted)
