"""`tr(key)`: a UI message as a reactive var. Unknown keys fail when the page compiles."""

from __future__ import annotations

import reflex as rx

from edu_platform.i18n import has_key
from edu_platform.state.i18n import LangState


def tr(key: str) -> rx.Var:
    if not has_key(key):
        raise KeyError(f"message {key!r} is missing from edu_platform/i18n.py")
    return LangState.msg[key]
