"""`tr(key)`: a UI message as a reactive var. Unknown keys fail when the page compiles.

The texts are compiled into the page, every language of them, and the browser picks one
by the small `LangState.lang` var: switching languages or navigating sends no text over
the websocket, and no visitor's state holds the catalogue.
"""

from __future__ import annotations

import reflex as rx

from edu_platform.i18n import CATALOGUE, DEFAULT_LANGUAGE, LANGUAGES, has_key
from edu_platform.state.i18n import LangState


def tr(key: str) -> rx.Var:
    if not has_key(key):
        raise KeyError(f"message {key!r} is missing from edu_platform/i18n.py")
    text = rx.Var.create(CATALOGUE[DEFAULT_LANGUAGE][key])
    for lang in LANGUAGES:
        other = CATALOGUE[lang][key]
        if lang != DEFAULT_LANGUAGE and other != CATALOGUE[DEFAULT_LANGUAGE][key]:
            text = rx.cond(LangState.lang == lang, other, text)
    return text.to(str)


def tr_var(key: rx.Var, *prefixes: str) -> rx.Var:
    """A message whose key is a var (an error key, a facet value): the messages whose keys
    start with one of `prefixes` are compiled into the page; another key shows nothing."""
    if not prefixes:
        raise ValueError("tr_var needs the key prefixes its messages may come from")
    keys = [name for name in CATALOGUE[DEFAULT_LANGUAGE] if name.startswith(prefixes)]
    if not keys:
        raise KeyError(f"no message key starts with {prefixes!r}")
    table = {lang: {name: CATALOGUE[lang][name] for name in keys} for lang in LANGUAGES}
    return rx.Var.create(table).to(dict[str, dict[str, str]])[LangState.lang][key].to(str)
