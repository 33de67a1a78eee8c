"""The words search works on: Snowball stems, sanitised query terms, the indexed text."""

from __future__ import annotations

import re

import pytest

from edu_platform.search_text import (
    MAX_QUERY_TERMS,
    TITLE_WEIGHT,
    query_terms,
    search_text_for,
    stem,
    words,
)

SAFE_TERM = re.compile(r"^[0-9a-zа-я]+$")


@pytest.mark.parametrize(
    "forms",
    [
        ("программирование", "программированию", "программированием"),
        ("данные", "данных", "данными"),
        ("курс", "курсы", "курсов"),
    ],
)
def test_russian_word_forms_share_a_stem(forms):
    assert len({stem(form) for form in forms}) == 1


@pytest.mark.parametrize(
    "forms",
    [("programs", "programming", "program", "programmed"), ("dashboards", "dashboard")],
)
def test_english_word_forms_share_a_stem(forms):
    assert len({stem(form) for form in forms}) == 1


def test_russian_and_english_words_get_their_own_language_stemmer():
    assert stem("данных") == "дан"  # Russian rules
    assert stem("running") == "run"  # English rules


def test_yo_is_searched_as_ye():
    assert words("Ёлка и ёжик") == ["елка", "и", "ежик"]
    assert query_terms("ёлка") == query_terms("елка")
    assert search_text_for("Ёлочные игрушки") == search_text_for("елочные игрушки")


def test_words_are_lower_cased_and_split_on_anything_else():
    assert words("Python3, SQL-запросы; C#/Go!") == ["python3", "sql", "запросы", "c", "go"]


@pytest.mark.parametrize(
    "query",
    [
        '"python" & !java | (go:*)',
        "python*:* <-> !!! ((( ))) ::",
        "'; DROP TABLE course; --",
        '1 OR 1=1 /* comment */ UNION SELECT password_hash FROM "user"',
        'python" AND "x" NEAR(a b) ^col:1 {x} [y] + - % _ \\ \x00 \n\t',
    ],
)
def test_query_terms_contain_only_letters_and_digits(query):
    terms = query_terms(query)
    assert terms, "the words inside the noise are kept"
    assert all(SAFE_TERM.match(term) for term in terms), terms


def test_query_terms_keep_the_words_and_drop_the_operators():
    assert query_terms('"python" & !Java | (Go:*)') == ["python", "java", "go"]


def test_query_of_only_punctuation_has_no_terms():
    assert query_terms(' "" & | ! : * ( ) <-> -- ; ') == []
    assert query_terms("") == []


def test_query_terms_are_stemmed_and_unique():
    assert query_terms("программирование программированию Programs programming") == [
        stem("программирование"),
        "program",
    ]


def test_at_most_eight_query_terms_in_their_order():
    many = "alpha bravo charlie delta echo foxtrot golf hotel india juliet"
    terms = query_terms(many)
    assert MAX_QUERY_TERMS == 8
    assert terms == [stem(word) for word in many.split()[:8]]


def test_search_text_puts_title_stems_first_and_repeats_them():
    text = search_text_for("Программирование на Python", "Курс о программировании", "Описание")
    title = f"{stem('программирование')} на python"
    assert text.startswith(" ".join([title] * TITLE_WEIGHT) + " ")
    assert text.split() == (
        title.split() * TITLE_WEIGHT
        + [stem("курс"), "о", stem("программировании")]
        + [stem("описание")]
    )


def test_search_text_keeps_each_part_stems_unique():
    text = search_text_for("Data data DATA", "charts Charts chart")
    assert text.split() == ["data"] * TITLE_WEIGHT + ["chart"]


def test_search_text_of_empty_parts_has_no_stray_spaces():
    assert search_text_for("Python", "", "") == " ".join(["python"] * TITLE_WEIGHT)
    assert search_text_for("", "", "") == ""
