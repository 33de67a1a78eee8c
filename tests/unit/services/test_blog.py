"""services/blog.py `excerpt`: plain text from the start of a Markdown body."""

from __future__ import annotations

import pytest

from edu_platform.services.blog import excerpt


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("# Новости\n\n> Цитата **жирным** и _курсивом_", "Новости Цитата жирным и курсивом"),
        ("Картинка ![схема](a.png) и [ссылка](https://example.org/a_(b))", "Картинка и ссылка"),
        # Raw HTML is shown as text on the post's page: whole here too, not cut to pieces.
        (
            "Текст <script>alert(1)</script> [x](javascript:alert(1))",
            "Текст <script>alert(1)</script> x",
        ),
        ("5 > 3 and 2 # 1", "5 > 3 and 2 # 1"),
        ("", ""),
    ],
)
def test_the_excerpt_drops_markdown_and_keeps_the_text(body, expected):
    assert excerpt(body) == expected


def test_a_long_excerpt_ends_at_a_word_with_an_ellipsis():
    text = excerpt("слово " * 100, length=30)
    assert text.endswith("…") and len(text) <= 30
    assert text[:-1].split() == ["слово"] * 4
