"""Teachers as people, durations from content, and time zones (both databases)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from edu_platform.models import Course, Lesson, Module, User
from edu_platform.services import course_page, teachers, time_zones
from edu_platform.services.errors import Invalid, NotFound
from tests.support.factories import make_course

WORDS_900 = " ".join(["слово"] * 900)


@pytest.fixture
def people(session):
    teacher = User(
        email="anna@teach.test",
        full_name="Anna Petrova",
        role="teacher",
        bio="Ten years of **Python**.",
        avatar="avatars/anna.png",
    )
    nameless = User(email="zed@teach.test", full_name="", role="teacher")
    learner = User(email="lena@teach.test", full_name="Lena", role="student")
    session.add_all([teacher, nameless, learner])
    session.flush()

    def course(slug, owner=teacher, published=True, learners=0, kind="course"):
        return make_course(
            session,
            teacher=owner,
            slug=slug,
            title=slug.title(),
            published=published,
            enrollment_count=learners,
            kind=kind,
            price="0.00",
        )

    main = course("main", learners=5)
    others = [course("second", learners=9), course("third", learners=1), course("fourth")]
    course("fifth", learners=3)
    course("draft", published=False, learners=99)
    course("note", kind="material", learners=50)
    course("zed-course", owner=nameless)
    return {
        "teacher": teacher,
        "nameless": nameless,
        "learner": learner,
        "main": main,
        "others": others,
    }


def test_course_teacher_lists_other_published_courses_most_learners_first(session, people):
    card = teachers.course_teacher(
        session=session, teacher_id=people["teacher"].id, course_id=people["main"].id
    )
    assert card.name == "Anna Petrova"
    assert card.initials == "AP"
    assert card.avatar_url == "/api/v1/media/avatars/anna.png"
    assert card.bio == "Ten years of **Python**."
    assert card.courses_count == 5  # drafts and materials are not counted
    assert [c.slug for c in card.other_courses] == ["second", "fifth"]
    assert card.has_page is True


def test_a_material_author_who_does_not_teach_has_no_page_link(session, people):
    material = Course(
        slug="lena-notes",
        title="Notes",
        teacher_id=people["learner"].id,
        kind="material",
        is_published=True,
    )
    session.add(material)
    session.flush()
    card = teachers.course_teacher(
        session=session, teacher_id=people["learner"].id, course_id=material.id
    )
    assert (card.name, card.has_page, card.other_courses) == ("Lena", False, [])


def test_initials_fall_back_to_the_address():
    assert teachers.initials("") == "?"  # never a part of the address
    assert teachers.initials("anna maria petrova") == "AM"


def test_teacher_page_shows_public_data_only(session, people):
    card = teachers.teacher_page(session=session, teacher_id=people["teacher"].id)
    assert [c.slug for c in card.other_courses] == ["second", "main", "fifth", "third", "fourth"]
    values = " ".join(str(v) for v in dataclasses.asdict(card).values())
    assert "anna@teach.test" not in values
    assert "@" not in card.initials


def test_teacher_page_is_not_found_for_learners_and_unknown_ids(session, people):
    for teacher_id in (people["learner"].id, 999_999, 0):
        with pytest.raises(NotFound) as refused:
            teachers.teacher_page(session=session, teacher_id=teacher_id)
        assert refused.value.message_key == "teacher.not_found"


def test_teacher_without_published_courses_has_no_page(session, people):
    bare = User(email="bare@teach.test", full_name="Bare", role="teacher")
    session.add(bare)
    session.flush()
    with pytest.raises(NotFound):
        teachers.teacher_page(session=session, teacher_id=bare.id)


def test_bio_is_trimmed_and_stored(session, people):
    stored = teachers.set_bio(session=session, user_id=people["learner"].id, bio="  Hi\r\nthere  ")
    assert stored == "Hi\nthere"
    assert session.get(User, people["learner"].id).bio == "Hi\nthere"


def test_too_long_bio_is_refused_naming_the_field(session, people):
    with pytest.raises(Invalid) as refused:
        teachers.set_bio(session=session, user_id=people["teacher"].id, bio="x" * 2001)
    assert (refused.value.field, refused.value.message_key) == ("bio", "teacher.error.bio_too_long")
    assert session.get(User, people["teacher"].id).bio == "Ten years of **Python**."


def _lesson(session, course, module, title, kind, body="", minutes=0, position=0):
    session.add(
        Lesson(
            module_id=module.id,
            course_id=course.id,
            title=title,
            kind=kind,
            body=body,
            duration_minutes=minutes,
            position=position,
        )
    )


def test_text_only_course_counts_reading_time_not_typed_minutes(session, people):
    course = people["main"]
    module = Module(course_id=course.id, title="Basics", position=1)
    second = Module(course_id=course.id, title="Video", position=2)
    session.add_all([module, second])
    session.flush()
    # 900 Russian words at 180 wpm: 5 minutes each, whatever the teacher typed (45).
    _lesson(session, course, module, "One", "text", WORDS_900, 45, 1)
    _lesson(session, course, module, "Two", "text", "short", 60, 2)
    _lesson(session, course, second, "Clip", "video", "", 62, 1)
    session.flush()
    detail = course_page._course_detail(session, slug="main", course_id=None, viewer_id=None)
    basics, video = detail.modules
    assert [lesson.duration_minutes for lesson in basics.lessons] == [5, 1]
    assert basics.duration_minutes == 6
    assert basics.duration_labels == {"ru": "6\u00a0мин", "en": "6\u00a0min"}
    assert video.duration_minutes == 62
    assert video.lessons[0].duration_labels["en"] == "1\u00a0h 2\u00a0min"
    assert detail.duration_minutes == 68
    assert detail.duration_labels == {"ru": "1\u00a0ч 8\u00a0мин", "en": "1\u00a0h 8\u00a0min"}
    assert detail.teacher.name == "Anna Petrova"


def test_english_course_reads_faster(session, people):
    course = people["main"]
    course.language = "en"
    module = Module(course_id=course.id, title="Basics", position=1)
    session.add(module)
    session.flush()
    _lesson(session, course, module, "One", "text", " ".join(["word"] * 1000), 0, 1)
    session.flush()
    detail = course_page._course_detail(session, slug="main", course_id=None, viewer_id=None)
    assert detail.duration_minutes == 5


def test_time_zone_is_validated_and_stored(session, people):
    user_id = people["learner"].id
    assert time_zones.set_time_zone(session=session, user_id=user_id, time_zone="Asia/Tokyo") == (
        "Asia/Tokyo"
    )
    assert session.get(User, user_id).time_zone == "Asia/Tokyo"
    with pytest.raises(Invalid) as refused:
        time_zones.set_time_zone(session=session, user_id=user_id, time_zone="Moon/Base")
    assert refused.value.field == "time_zone"
    assert refused.value.message_key == "teacher.error.time_zone"
    assert session.get(User, user_id).time_zone == "Asia/Tokyo"


def test_browser_zone_fills_an_empty_profile_once(session, people):
    user_id = people["learner"].id
    zone = time_zones.viewer_zone(session=session, user_id=user_id, reported="Europe/Berlin")
    assert zone == "Europe/Berlin"
    assert session.get(User, user_id).time_zone == "Europe/Berlin"
    # Another browser later: the profile's zone wins and is not overwritten.
    zone = time_zones.viewer_zone(session=session, user_id=user_id, reported="Asia/Tokyo")
    assert zone == "Europe/Berlin"
    assert session.get(User, user_id).time_zone == "Europe/Berlin"


def test_anonymous_viewer_gets_the_browser_zone_and_junk_is_ignored(session, people):
    assert time_zones.viewer_zone(session=session, user_id=None, reported="Asia/Tokyo") == (
        "Asia/Tokyo"
    )
    assert time_zones.viewer_zone(session=session, user_id=None, reported="<script>") == ""
    user_id = people["learner"].id
    assert time_zones.viewer_zone(session=session, user_id=user_id, reported="Nope/Nope") == ""
    assert session.get(User, user_id).time_zone is None


def test_schedule_is_written_in_the_viewer_zone():
    slot = course_page.SessionSlot(
        1,
        "Live",
        datetime(2026, 12, 5, 16, 0, tzinfo=UTC),
        datetime(2026, 12, 5, 17, 30, tzinfo=UTC),
        "",
        "",
    )
    (shown,) = time_zones.with_times([slot], "Europe/Moscow")
    assert shown.when_labels == {
        "ru": "05.12.2026, 19:00–20:30 MSK (UTC+3)",
        "en": "Dec 5, 2026, 19:00–20:30 MSK (UTC+3)",
    }
    (utc,) = time_zones.with_times([slot], "")
    assert utc.when_labels["en"] == "Dec 5, 2026, 16:00–17:30 UTC"


def test_an_empty_time_zone_clears_the_profile_zone(session, people):
    user_id = people["learner"].id
    time_zones.set_time_zone(session=session, user_id=user_id, time_zone="Asia/Tokyo")
    assert time_zones.set_time_zone(session=session, user_id=user_id, time_zone="  ") == ""
    assert session.get(User, user_id).time_zone is None
