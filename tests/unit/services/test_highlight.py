"""services/highlight.py: search words marked by stem, the text given back unchanged."""

from edu_platform.services.highlight import Segment, highlight, query_stems


def test_matches_are_marked_by_stem_in_russian_and_english():
    stems = query_stems("Программирование python")
    assert highlight("Основы программированию на Python 3", stems) == [
        Segment("Основы "),
        Segment("программированию", hit=True),
        Segment(" на "),
        Segment("Python", hit=True),
        Segment(" 3"),
    ]


def test_text_without_a_match_is_one_plain_segment():
    assert highlight("Data analysis", query_stems("design")) == [Segment("Data analysis")]


def test_no_query_gives_the_text_back_unmarked_and_empty_text_nothing():
    assert highlight("Anything <b>", frozenset()) == [Segment("Anything <b>")]
    assert highlight("", query_stems("python")) == []


def test_markup_in_the_text_stays_plain_text():
    segments = highlight("<script>alert(1)</script> python", query_stems("python"))
    assert "".join(segment.text for segment in segments) == "<script>alert(1)</script> python"
    assert [segment.text for segment in segments if segment.hit] == ["python"]


def test_yo_and_case_do_not_matter():
    assert highlight("Ёлка", query_stems("елка")) == [Segment("Ёлка", hit=True)]
