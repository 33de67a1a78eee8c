"""Catalog search and the course page on SQLite (FTS5) and PostgreSQL (GIN).

The data set is tests/support/catalog_data.py: five published courses and a draft
whose every sort key differs, so orders are asserted exactly.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from edu_platform.models import (
    Course,
    Lesson,
    Review,
    utcnow,
)
from edu_platform.services import course_page
from edu_platform.services.errors import Invalid, NotFound
from edu_platform.services.search import CatalogQuery, parse_decimal, search_courses
from tests.support.catalog_data import PUBLISHED, Catalog, add_syllabus, build_catalog
from tests.support.factories import make_course_session, make_user


@pytest.fixture
def catalog(session: Session) -> Catalog:
    return build_catalog(session)


def _search(session: Session, **values):
    return search_courses(session=session, query=CatalogQuery(**values))


def _found(session: Session, catalog: Catalog, **values) -> list[str]:
    """Keys of the courses on the result page, in order."""
    by_id = {course.id: key for key, course in catalog.courses.items()}
    return [by_id[card.id] for card in _search(session, **values).items]


def _counts(facet) -> dict[str, int]:
    return {value.value: value.count for value in facet}


# --- full text ------------------------------------------------------------------------


def test_russian_word_finds_another_form_of_it_in_a_description(session, catalog):
    # python_ru's description says "программированию"; the draft says it too.
    assert _found(session, catalog, q="программирование") == ["python_ru"]


def test_english_word_finds_another_form_of_it_in_a_title(session, catalog):
    # web_en's title says "Programming"; the draft's summary says "programs".
    assert _found(session, catalog, q="programs") == ["web_en"]
    assert _found(session, catalog, q="programmed") == ["web_en"]


def test_upper_case_and_yo_do_not_matter(session, catalog):
    assert _found(session, catalog, q="АНАЛИЗ ДАННЫХ") == ["data_ru"]


def test_word_beginning_matches_as_a_prefix(session, catalog):
    assert _found(session, catalog, q="програм") == ["python_ru"]
    assert _found(session, catalog, q="dashb") == ["dash_en"]


def test_several_words_must_all_match(session, catalog):
    assert set(_found(session, catalog, q="python")) == {"python_ru", "web_en", "dash_en"}
    assert _found(session, catalog, q="python dashboards") == ["dash_en"]
    assert _found(session, catalog, q="python figma") == []


def test_title_match_ranks_above_description_only_match(session, catalog):
    # "design": design_en's title, dash_en's description only.
    result = _search(session, q="design")
    assert result.sort == "relevance"
    assert [card.id for card in result.items] == catalog.ids("design_en", "dash_en")


def test_title_match_ranks_first_among_summary_matches(session, catalog):
    # "python": python_ru's title; web_en's and dash_en's summaries.
    assert _found(session, catalog, q="python")[0] == "python_ru"


def test_drafts_are_never_returned(session, catalog):
    draft = catalog.courses["draft"].id
    for values in (
        {},
        {"q": "draft"},
        {"q": "secret programs"},
        {"sort": "popular"},
        {"free": True},
        {"category": "programming", "rating_min": Decimal("5")},
    ):
        result = _search(session, **values, per_page=100)
        assert draft not in [card.id for card in result.items], values
    assert _search(session, q="draft").total == 0
    assert _search(session).total == len(PUBLISHED)


def test_query_of_only_punctuation_returns_nothing_without_error(session, catalog):
    result = _search(session, q='"" & | ! : * ( ) <-> ;--')
    assert (result.items, result.total) == ([], 0)


def test_query_with_operators_and_sql_is_searched_as_words(session, catalog):
    assert _found(session, catalog, q="'dashboards' & !:* (python) OR 1=1; --") == []
    assert _found(session, catalog, q='"dashboards" & !:* (python)') == ["dash_en"]


def test_changed_title_is_searchable_at_once(session, catalog):
    course = catalog.courses["design_en"]
    course.title = "Typography Basics"
    session.add(course)
    session.flush()
    assert _found(session, catalog, q="typography") == ["design_en"]
    assert _found(session, catalog, q="interface") == []
    assert _found(session, catalog, q="figma") == ["design_en"]  # the summary stays indexed


def test_published_draft_is_searchable_at_once(session, catalog):
    draft = catalog.courses["draft"]
    draft.is_published = True
    session.add(draft)
    session.flush()
    assert _found(session, catalog, q="secret") == ["draft"]


# --- filters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"category": "data"}, ["data_ru", "dash_en"]),
        ({"category": "design"}, ["design_en"]),
        ({"category": "no-such-category"}, []),
        ({"level": "beginner"}, ["python_ru", "design_en"]),
        ({"level": "advanced"}, ["dash_en"]),
        ({"language": "ru"}, ["python_ru", "data_ru"]),
        ({"language": "en"}, ["design_en", "web_en", "dash_en"]),
        ({"free": True}, ["python_ru"]),
        ({"free": False}, ["data_ru", "design_en", "web_en", "dash_en"]),
        ({"price_min": Decimal("2000"), "price_max": Decimal("5000")}, ["design_en", "web_en"]),
        ({"price_min": Decimal("4990")}, ["web_en", "dash_en"]),
        ({"price_max": Decimal("2990")}, ["python_ru", "data_ru", "design_en"]),
        ({"rating_min": Decimal("4.5")}, ["python_ru", "design_en"]),
        ({"rating_min": Decimal("4.4")}, ["python_ru", "data_ru", "design_en"]),
        ({"category": "programming", "language": "en"}, ["web_en"]),
        ({"q": "python", "free": False}, ["web_en", "dash_en"]),
    ],
)
def test_filter_keeps_exactly_the_matching_courses(session, catalog, values, expected):
    result = _search(session, sort="price", **values)
    assert _found(session, catalog, sort="price", **values) == expected
    assert result.total == len(expected)


# --- sorts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("popular", ["python_ru", "web_en", "data_ru", "design_en", "dash_en"]),
        ("rating", ["python_ru", "design_en", "data_ru", "web_en", "dash_en"]),
        ("price", ["python_ru", "data_ru", "design_en", "web_en", "dash_en"]),
        ("price_desc", ["dash_en", "web_en", "design_en", "data_ru", "python_ru"]),
        ("newest", ["design_en", "web_en", "data_ru", "dash_en", "python_ru"]),
    ],
)
def test_sort_orders_courses(session, catalog, sort, expected):
    result = _search(session, sort=sort)
    assert result.sort == sort
    assert _found(session, catalog, sort=sort) == expected


def test_sort_applies_to_search_results(session, catalog):
    assert _found(session, catalog, q="python", sort="price") == ["python_ru", "web_en", "dash_en"]
    assert _found(session, catalog, q="python", sort="rating") == ["python_ru", "web_en", "dash_en"]
    assert _found(session, catalog, q="python", sort="newest") == ["web_en", "dash_en", "python_ru"]


def test_default_sort_is_relevance_with_words_and_popular_without(session, catalog):
    assert _search(session, q="python").sort == "relevance"
    assert _search(session).sort == "popular"
    # Relevance without words means nothing: popular instead.
    assert _search(session, sort="relevance").sort == "popular"
    assert _found(session, catalog, sort="relevance") == _found(session, catalog, sort="popular")


# --- pages ----------------------------------------------------------------------------


def test_pages_do_not_overlap_and_carry_the_total(session, catalog):
    pages = [_search(session, sort="popular", per_page=2, page=number) for number in (1, 2, 3, 4)]
    assert [page.total for page in pages] == [5, 5, 5, 5]
    assert [[card.id for card in page.items] for page in pages] == [
        catalog.ids("python_ru", "web_en"),
        catalog.ids("data_ru", "design_en"),
        catalog.ids("dash_en"),
        [],
    ]


def test_pages_of_search_results_do_not_overlap(session, catalog):
    first = _search(session, q="python", per_page=2, page=1)
    second = _search(session, q="python", per_page=2, page=2)
    ids = [card.id for card in first.items + second.items]
    assert (first.total, second.total) == (3, 3)
    assert sorted(ids) == sorted(catalog.ids("python_ru", "web_en", "dash_en"))


# --- facets ---------------------------------------------------------------------------


def test_facet_counts_without_filters(session, catalog):
    facets = _search(session).facets
    assert [(v.value, v.label, v.count) for v in facets.categories] == [
        ("data", "Data", 2),
        ("programming", "Programming", 2),
        ("design", "Design", 1),
    ]
    assert _counts(facets.levels) == {"beginner": 2, "intermediate": 2, "advanced": 1}
    assert _counts(facets.languages) == {"ru": 2, "en": 3}
    assert _counts(facets.prices) == {"free": 1, "paid": 4}
    assert _counts(facets.ratings) == {"4.5": 2, "4": 4, "3.5": 5, "3": 5}


def test_each_facet_ignores_its_own_filter_and_honours_the_others(session, catalog):
    result = _search(session, category="data", language="en")
    assert [card.id for card in result.items] == catalog.ids("dash_en")
    facets = result.facets
    # category: language=en only
    assert _counts(facets.categories) == {"programming": 1, "design": 1, "data": 1}
    # language: category=data only
    assert _counts(facets.languages) == {"ru": 1, "en": 1}
    # the others: both filters
    assert _counts(facets.levels) == {"beginner": 0, "intermediate": 0, "advanced": 1}
    assert _counts(facets.prices) == {"free": 0, "paid": 1}
    assert _counts(facets.ratings) == {"4.5": 0, "4": 0, "3.5": 1, "3": 1}


def test_price_and_rating_facets_ignore_their_own_filters(session, catalog):
    facets = _search(session, free=False, rating_min=Decimal("4.5"), level="beginner").facets
    assert _counts(facets.prices) == {"free": 1, "paid": 1}  # beginner, rating >= 4.5
    assert _counts(facets.ratings) == {"4.5": 1, "4": 1, "3.5": 1, "3": 1}  # beginner, paid
    assert _counts(facets.levels) == {"beginner": 1, "intermediate": 0, "advanced": 0}
    assert _counts(facets.categories) == {"design": 1}


def test_facets_count_only_search_matches(session, catalog):
    facets = _search(session, q="python").facets
    assert _counts(facets.categories) == {"programming": 2, "data": 1}
    assert _counts(facets.languages) == {"ru": 1, "en": 2}
    assert _counts(facets.prices) == {"free": 1, "paid": 2}


def test_facets_can_be_left_out(session, catalog):
    result = search_courses(session=session, query=CatalogQuery(q="python"), with_facets=False)
    assert result.total == 3
    assert result.facets.categories == [] and result.facets.ratings == []


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"sort": "cheapest"}, "sort"),
        ({"level": "expert"}, "level"),
        ({"language": "de"}, "language"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": 101}, "per_page"),
        ({"page": 0}, "page"),
        ({"price_min": Decimal("5000"), "price_max": Decimal("1000")}, "price_min"),
        ({"rating_min": Decimal("5.5")}, "rating_min"),
    ],
)
def test_bad_query_is_invalid_naming_the_field(session, catalog, values, field):
    with pytest.raises(Invalid) as error:
        _search(session, **values)
    assert error.value.field == field


@pytest.mark.parametrize("value", ["-1", "abc", "1e", "NaN", "Infinity", "-0.01", "1,5"])
def test_bad_price_text_is_invalid_naming_the_field(value):
    with pytest.raises(Invalid) as error:
        parse_decimal(value, "price_max")
    assert error.value.field == "price_max"


def test_price_text_is_parsed_as_decimal():
    assert parse_decimal("1990.50", "price_min") == Decimal("1990.50")
    assert parse_decimal("0", "price_min") == Decimal("0")
    assert parse_decimal("", "price_min") is None
    assert parse_decimal(None, "price_min") is None


# --- the course page ------------------------------------------------------------------


def test_draft_is_not_found_for_anonymous_and_other_users(session, catalog):
    draft = catalog.courses["draft"]
    student = make_user(session, email="student@page.example.org")
    other_teacher = catalog.teachers["boris"]
    for viewer in (None, student.id, other_teacher.id):
        with pytest.raises(NotFound):
            course_page.course_detail(session=session, slug=draft.slug, viewer_id=viewer)
        with pytest.raises(NotFound):
            course_page.course_detail(session=session, course_id=draft.id, viewer_id=viewer)
        with pytest.raises(NotFound):
            course_page.course_reviews(session=session, course_id=draft.id, viewer_id=viewer)


def test_draft_is_visible_to_its_teacher_and_admins(session, catalog):
    draft = catalog.courses["draft"]
    admin = make_user(session, email="admin@page.example.org", role="admin")
    for viewer, can_edit in ((catalog.teachers["anna"].id, True), (admin.id, True)):
        detail = course_page.course_detail(session=session, slug=draft.slug, viewer_id=viewer)
        assert (detail.card.id, detail.is_published, detail.viewer_can_edit) == (
            draft.id,
            False,
            can_edit,
        )


def test_published_course_is_visible_to_anyone_but_editable_by_its_teacher_only(session, catalog):
    course = catalog.courses["web_en"]
    detail = course_page.course_detail(session=session, slug=course.slug)
    assert (detail.card.title, detail.card.teacher_name) == ("Web Programming", "Boris Smith")
    assert detail.viewer_can_edit is False
    mine = course_page.course_detail(
        session=session, course_id=course.id, viewer_id=catalog.teachers["boris"].id
    )
    assert mine.viewer_can_edit is True


def test_unknown_course_is_not_found(session, catalog):
    with pytest.raises(NotFound) as error:
        course_page.course_detail(session=session, slug="no-such-course")
    assert error.value.message_key == "catalog.course_not_found"
    with pytest.raises(NotFound):
        course_page.course_detail(session=session, course_id=999_999)


def _reviews(session: Session, course: Course, ratings: list[int], hidden: list[int] = ()):
    """Reviews by new learners, the first one the oldest; returns them in that order."""
    now = utcnow()
    reviews = []
    for index, rating in enumerate([*ratings, *hidden]):
        author = make_user(session, email=f"reviewer{index}-{course.id}@page.example.org")
        reviews.append(
            Review(
                user_id=author.id,
                course_id=course.id,
                rating=rating,
                comment=f"review {index}",
                is_hidden=index >= len(ratings),
                created_at=now - timedelta(hours=100 - index),
            )
        )
    session.add_all(reviews)
    session.flush()
    return reviews


def test_rating_bars_count_visible_reviews_with_rounded_percents(session, catalog):
    course = catalog.courses["design_en"]
    _reviews(session, course, [5, 5, 4], hidden=[1, 1])
    detail = course_page.course_detail(session=session, course_id=course.id)
    assert [(bar.stars, bar.count, bar.percent) for bar in detail.rating_bars] == [
        (5, 2, 67),
        (4, 1, 33),
        (3, 0, 0),
        (2, 0, 0),
        (1, 0, 0),
    ]


def test_rating_bars_without_reviews_are_empty(session, catalog):
    detail = course_page.course_detail(session=session, course_id=catalog.courses["web_en"].id)
    assert [(bar.stars, bar.count, bar.percent) for bar in detail.rating_bars] == [
        (stars, 0, 0) for stars in (5, 4, 3, 2, 1)
    ]


def test_reviews_are_paged_newest_first_without_hidden_ones(session, catalog):
    course = catalog.courses["data_ru"]
    reviews = _reviews(session, course, [5, 4, 3, 5, 2, 4], hidden=[1])
    visible = [review.id for review in reversed(reviews[:6])]  # newest first
    first = course_page.course_reviews(session=session, course_id=course.id, per_page=4)
    second = course_page.course_reviews(session=session, course_id=course.id, page=2, per_page=4)
    assert (first.total, second.total) == (6, 6)
    assert [item.id for item in first.items] == visible[:4]
    assert [item.id for item in second.items] == visible[4:]
    assert reviews[6].id not in [item.id for item in first.items + second.items]


def test_own_review_is_marked(session, catalog):
    course = catalog.courses["data_ru"]
    reviews = _reviews(session, course, [5, 4])
    page = course_page.course_reviews(
        session=session, course_id=course.id, viewer_id=reviews[0].user_id
    )
    assert {item.id: item.is_own for item in page.items} == {
        reviews[0].id: True,
        reviews[1].id: False,
    }


def test_detail_lists_modules_and_lessons_in_position_order_and_upcoming_sessions(session, catalog):
    course = catalog.courses["python_ru"]
    add_syllabus(
        session,
        course,
        [
            ("Второй модуль", 2, [("В", 1, 20, "quiz")]),
            ("Первый модуль", 1, [("Б", 2, 15, "text"), ("А", 1, 10, "video")]),
        ],
    )
    text_lesson = session.scalars(select(Lesson).where(Lesson.title == "Б")).one()
    text_lesson.body = " ".join(["слово"] * 300)  # 300 words at 180 a minute: 2 minutes
    now = utcnow()
    for title, starts in (("Past", -2), ("Later", 9), ("Soon", 1)):
        make_course_session(
            session,
            course_id=course.id,
            title=title,
            starts_at=now + timedelta(days=starts),
            checkin_token=f"{title.lower()}-token",
        )
    detail = course_page.course_detail(session=session, slug=course.slug)
    assert [(m.title, [lesson.title for lesson in m.lessons]) for m in detail.modules] == [
        ("Первый модуль", ["А", "Б"]),
        ("Второй модуль", ["В"]),
    ]
    assert [lesson.kind for lesson in detail.modules[0].lessons] == ["video", "text"]
    # The text lesson counts by reading time (2 minutes), not its typed 15.
    assert (detail.lessons_count, detail.duration_minutes) == (3, 32)
    assert [slot.title for slot in detail.sessions] == ["Soon", "Later"]
