"""`tr(key)`: a UI message as a reactive var. Unknown keys fail when the page compiles.

The texts are compiled into the page, every language of them, and the browser picks one
by the small `LangState.lang` var: switching languages or navigating sends no text over
the websocket, and no visitor's state holds the catalogue.
"""

from __future__ import annotations

import json

import reflex as rx
from reflex_base.vars.base import Var, VarData

from edu_platform.i18n import (
    CATALOGUE,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    has_key,
    plural_forms,
    plural_rule_js,
)
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


def tr_plural(key: str, count: rx.Var | int) -> rx.Var:
    """A plural message (messages/locale.py) for a number var: "21 урок", "5 уроков",
    "1 lesson". Every language's forms and Babel's plural rule (compiled to JavaScript)
    go into the page; the number is shown with the language's digit grouping."""
    if not has_key(key):
        raise KeyError(f"message {key!r} is missing from edu_platform/i18n.py")
    forms = json.dumps({lang: plural_forms(key, lang) for lang in LANGUAGES}, ensure_ascii=False)
    rules = ", ".join(f"{lang}: {plural_rule_js(lang)}" for lang in LANGUAGES)
    number = rx.Var.create(count)
    lang = LangState.lang
    js = (
        f"((n, lang) => {{ const all = {forms}; const rules = {{{rules}}}; "
        f"const code = all[lang] ? lang : {json.dumps(DEFAULT_LANGUAGE)}; "
        "const value = Number(n) || 0; const forms = all[code]; "
        "const text = forms[rules[code](value)] ?? forms.other; "
        "return text.split('{count}').join(value.toLocaleString(code)); "
        f"}})({number!s}, {lang!s})"
    )
    data = VarData.merge(number._get_all_var_data(), lang._get_all_var_data())
    return Var(js, _var_type=str, _var_data=data)


def localized_number(value: rx.Var | int | float | str, places: int | None = None) -> rx.Var:
    """A number written the page language's way ("1 260 139", "99,3" / "1,260,139", "99.3"):
    grouped, with `places` decimals (as many as it has, up to 2, when None)."""
    number = rx.Var.create(value)
    lang = LangState.lang
    digits = (
        "{maximumFractionDigits: 2}"
        if places is None
        else f"{{minimumFractionDigits: {places}, maximumFractionDigits: {places}}}"
    )
    js = f"Number({number!s}).toLocaleString({lang!s} === 'en' ? 'en-US' : 'ru-RU', {digits})"
    data = VarData.merge(number._get_all_var_data(), lang._get_all_var_data())
    return Var(js, _var_type=str, _var_data=data)
