"""Lesson durations from their content: reading time for text, length for video."""

from __future__ import annotations

import pytest

from edu_platform.services.durations import lesson_minutes, reading_minutes, word_count


def words(n: int) -> str:
    return " ".join(["слово"] * n)


def test_word_count_leaves_out_image_and_link_targets_and_tags():
    text = "Hello, world! ![a chart](https://x.org/a.png) see [the docs](https://x.org/d) <b>ok</b>"
    # Hello, world, see, the, docs, b? no: tags removed -> ok
    assert word_count(text) == 6


def test_hyphenated_and_apostrophe_words_count_once():
    assert word_count("what's a well-known что-то") == 4


@pytest.mark.parametrize(
    ("count", "language", "minutes"),
    [
        (0, "ru", 1),  # at least a minute
        (1, "en", 1),
        (180, "ru", 1),
        (181, "ru", 2),
        (200, "en", 1),
        (201, "en", 2),
        (1800, "ru", 10),
        (1800, "en", 9),
        (1800, "de", 9),  # unknown language: the English speed
    ],
)
def test_reading_minutes_by_language(count, language, minutes):
    assert reading_minutes(words(count), language) == minutes


def test_text_lesson_ignores_the_typed_duration():
    assert lesson_minutes(kind="text", body=words(900), duration_minutes=45, language="ru") == 5


def test_text_lesson_without_words_keeps_the_typed_duration():
    # Nothing to measure yet (an integration creates the lesson, then writes its body).
    assert lesson_minutes(kind="text", body="", duration_minutes=5, language="en") == 5
    assert (
        lesson_minutes(kind="text", body=" ![img](a.png) ", duration_minutes=5, language="en") == 5
    )
    assert lesson_minutes(kind="text", body="", duration_minutes=0, language="en") == 0
    assert lesson_minutes(kind="text", body="one word", duration_minutes=5, language="en") == 1


def test_video_lesson_uses_its_length():
    assert lesson_minutes(kind="video", body=words(900), duration_minutes=12, language="ru") == 12


def test_video_without_length_falls_back_to_its_notes():
    assert lesson_minutes(kind="video", body=words(400), duration_minutes=0, language="en") == 2
    assert lesson_minutes(kind="video", body="  ", duration_minutes=0, language="en") == 0


def test_quiz_uses_the_typed_duration():
    assert lesson_minutes(kind="quiz", body="", duration_minutes=15, language="en") == 15
