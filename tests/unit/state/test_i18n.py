"""The language state: navigations send nothing when the language does not change, and
no visitor's state carries the message catalogue (the pages hold the texts)."""

from __future__ import annotations

import json

import pytest
import reflex as rx
from reflex.istate.data import ReflexURL, RouterData

from edu_platform.components.i18n import tr, tr_var
from edu_platform.i18n import CATALOGUE
from edu_platform.state.i18n import LangState
from edu_platform.state.oauth import OAuthState


@pytest.fixture
def states():
    root = rx.State(_reflex_internal_init=True)
    lang_state = root.get_substate(LangState.get_full_name().split(".")[1:])
    root._clean()
    return root, lang_state


def test_on_load_with_an_unchanged_language_sends_no_delta(states):
    root, lang_state = states
    for _ in range(2):
        lang_state._init_language()
        assert root.get_delta() == {}
        root._clean()


def test_a_language_switch_sends_only_the_language_code(states):
    root, lang_state = states
    lang_state._apply("en")
    delta = root.get_delta()
    assert delta == {
        LangState.get_full_name(): {"lang_cookie_rx_state_": "en", "lang_rx_state_": "en"}
    }
    assert len(json.dumps(delta)) < 200
    root._clean()
    # The next page's on_load reads the cookie back: nothing to send.
    lang_state._init_language()
    assert root.get_delta() == {}


def test_no_state_var_holds_the_catalogue():
    assert set(LangState.base_vars) == {"lang", "lang_cookie", "lang_tab"}
    assert not LangState.computed_vars


def test_tr_compiles_both_languages_into_the_page():
    text = str(tr("nav.catalog"))
    assert json.dumps("Каталог") in text and '"Catalog"' in text
    assert "msg" not in text
    with pytest.raises(KeyError):
        tr("no.such.key")


def test_tr_var_compiles_only_the_messages_under_its_prefixes():
    text = str(tr_var(OAuthState.error_key, "oauth.error."))
    oauth_keys = [key for key in CATALOGUE["en"] if key.startswith("oauth.error.")]
    assert oauth_keys and all(f'["{key}"]' in text for key in oauth_keys)
    assert '["nav.catalog"]' not in text
    assert "error_key" in text


def _visit(root, lang_state, url: str) -> None:
    root.router = RouterData(url=ReflexURL(url))
    lang_state._init_language()


def test_lang_in_a_link_changes_the_tab_but_saves_nothing(states):
    root, lang_state = states
    lang_state.lang_cookie = "ru"
    _visit(root, lang_state, "http://localhost/catalog?lang=en")
    assert (lang_state.lang, lang_state.lang_tab, lang_state.lang_cookie) == ("en", "en", "ru")
    # The next page of the same tab, without ?lang=: still English, the cookie untouched.
    _visit(root, lang_state, "http://localhost/course/x")
    assert (lang_state.lang, lang_state.lang_cookie) == ("en", "ru")
    # An unknown code is ignored.
    _visit(root, lang_state, "http://localhost/catalog?lang=de")
    assert lang_state.lang == "en"


def test_the_switch_saves_the_cookie_and_replaces_the_tab_choice(states):
    root, lang_state = states
    _visit(root, lang_state, "http://localhost/catalog?lang=en")
    lang_state._apply("ru")
    lang_state.lang_tab = ""
    _visit(root, lang_state, "http://localhost/catalog")
    assert (lang_state.lang, lang_state.lang_cookie, lang_state.lang_tab) == ("ru", "ru", "")
