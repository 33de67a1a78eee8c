"""The admin coupon form names its course as typed: a number, "#number" or the slug, with
suggestions from the courses whose title or slug holds what is typed (coupon_admin)."""

from __future__ import annotations

import pytest

from edu_platform.services import coupon_admin
from edu_platform.services.errors import Forbidden, Invalid, NotFound
from tests.support.factories import make_course, make_user


def _create(session, admin, code: str, course_ref: object):
    return coupon_admin.create_coupon(
        session=session,
        actor_id=admin.id,
        code=code,
        kind="percent",
        value="10",
        course_ref=course_ref,
    )


def test_a_course_is_named_by_its_number_hash_number_or_slug(session):
    admin = make_user(session, role="admin")
    course = make_course(session, slug="python-basics")
    for index, ref in enumerate(
        (str(course.id), f"#{course.id}", "python-basics", " PYTHON-Basics ")
    ):
        row = _create(session, admin, f"REF{index}", ref)
        assert (row.course_id, row.course_title) == (course.id, course.title), ref


def test_nothing_typed_is_site_wide_and_an_unknown_course_is_refused_on_its_field(session):
    admin = make_user(session, role="admin")
    make_course(session, slug="python-basics")
    assert _create(session, admin, "SITEWIDE", "   ").course_id is None
    for ref in ("no-such-course", "999999", "#0", "12345678901234"):
        with pytest.raises(NotFound) as refused:
            _create(session, admin, "NOPE", ref)
        assert (refused.value.message_key, refused.value.field) == (
            "coupons.error.course_not_found",
            "course_id",
        ), ref


def test_suggestions_match_title_or_slug_literally_by_title_for_admins_only(session):
    admin = make_user(session, role="admin")
    teacher = make_user(session, role="teacher")
    make_course(session, slug="py-web", title="Web with Python")
    make_course(session, slug="data-100", title="Data at 100% speed")
    make_course(session, slug="sql", title="Advanced Python")
    make_course(session, slug="python-sql", title="Databases")

    def titles(q: str) -> list[str]:
        choices = coupon_admin.course_choices(session=session, actor_id=admin.id, q=q)
        return [choice.title for choice in choices]

    assert titles("python") == ["Advanced Python", "Databases", "Web with Python"]
    assert titles("100%") == ["Data at 100% speed"]
    assert titles("%") == ["Data at 100% speed"]  # a literal percent sign, not a wildcard
    assert len(titles("")) == 4
    with pytest.raises(Forbidden):
        coupon_admin.course_choices(session=session, actor_id=teacher.id, q="")


def test_suggestions_stop_at_the_limit(session):
    admin = make_user(session, role="admin")
    for number in range(coupon_admin.CHOICES_LIMIT + 3):
        make_course(session, slug=f"bulk-{number:02d}", title=f"Bulk {number:02d}")
    choices = coupon_admin.course_choices(session=session, actor_id=admin.id, q="bulk")
    assert [c.slug for c in choices] == [f"bulk-{n:02d}" for n in range(coupon_admin.CHOICES_LIMIT)]


def test_an_all_digit_slug_wins_over_the_id_and_hash_always_means_the_id(session):
    # The suggestions fill in slugs: picking the course whose slug is "2024" must not
    # land on the course whose id is 2024 (course_refs.course_by_ref).
    admin = make_user(session, role="admin")
    first = make_course(session, slug="first")
    numbered = make_course(session, slug=str(first.id))  # a slug that reads as an id
    assert _create(session, admin, "SLUG", str(first.id)).course_id == numbered.id
    assert _create(session, admin, "HASH", f"#{first.id}").course_id == first.id
    assert _create(session, admin, "PLAIN", str(numbered.id)).course_id == numbered.id


def test_a_non_ascii_digit_is_no_number_and_no_crash(session):
    admin = make_user(session, role="admin")
    make_course(session, slug="python-basics")
    for ref in ("²", "#²", "١٢"):  # str.isdigit() says yes to these; int() would fail
        with pytest.raises(NotFound):
            _create(session, admin, "NOPE", ref)


def test_the_usage_limit_as_typed_is_read_by_the_service(session):
    # The admin form sends the box's text; the service, not the page, decides.
    admin = make_user(session, role="admin")

    def limit(typed: str) -> int | None:
        return coupon_admin.create_coupon(
            session=session,
            actor_id=admin.id,
            code=f"L{abs(hash(typed))}",
            kind="percent",
            value="10",
            usage_limit=typed,
        ).usage_limit

    assert (limit(""), limit(" 5 "), limit("0")) == (None, 5, 0)
    for typed in ("abc", "-1", "2.5", "²", "99999999999"):
        with pytest.raises(Invalid) as refused:
            limit(typed)
        assert (refused.value.message_key, refused.value.field) == (
            "coupons.error.max_uses",
            "max_uses",
        ), typed
