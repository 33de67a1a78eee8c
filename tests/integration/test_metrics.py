"""The six learning metrics against values worked out by hand (tests/support/metrics_data.py),
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest

from edu_platform.services import metrics
from edu_platform.services.errors import Forbidden, Invalid
from tests.support.metrics_data import WINDOW, build_metrics_world

IN_WINDOW = {"date_from": WINDOW[0], "date_to": WINDOW[1]}
"""The window keyword arguments every metric call here takes."""


@pytest.fixture
def world(session):
    return build_metrics_world(session)


def learner(session, world, user, actor=None, names=None):
    return metrics.learner_metrics(
        session=session,
        actor_id=(actor or world.teacher).id,
        user_id=user.id,
        course_id=world.course.id,
        metrics=names,
        **IN_WINDOW,
    ).metrics


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # 120 + 120 + 180 + 300 s counted (the 960 s gap ends a session) = 12 min; 540 s of
        # it started at an event with a lesson; 3 active days of 14; weeks 2..4 after
        # enrolment, active in two of them; lessons a and b done by the end of the window
        # (c after it); 8 events / 3 days is the course's highest rate.
        ("steady", (12.0, 0.214, 0.5, 1.0, 0.75, 0.667)),
        # Enrolled mid-window, counted from the day of enrolment: window 03-08..03-14
        # (7 days), the event of 03-07 ignored; 60 + 30 s; 4 events on 2 days = 2 per day
        # against the peak 8/3.
        ("late", (1.5, 0.286, 0.25, 0.75, 1.0, 1.0)),
        # No events at all: zeros.
        ("idle", (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)),
    ],
)
def test_learner_metrics_match_the_hand_computed_values(session, world, who, expected):
    """`expected` holds the six values in metrics.METRICS order: time_on_task, engagement,
    completion, activity_index, focus_ratio, retention."""
    values = learner(session, world, getattr(world, who))
    assert values == dict(zip(metrics.METRICS, expected, strict=True))


def test_learner_reads_own_metrics_and_only_the_asked_ones(session, world):
    values = learner(session, world, world.late, actor=world.late, names=["completion"])
    assert values == {"completion": 0.25}


@pytest.mark.parametrize("who", ["outsider", "other_teacher", "late"])
def test_others_are_refused(session, world, who):
    with pytest.raises(Forbidden):
        learner(session, world, world.steady, actor=getattr(world, who))


def test_demoted_teacher_loses_the_course_analytics(session, world):
    world.teacher.role = "student"
    session.flush()
    with pytest.raises(Forbidden):
        metrics.course_analytics(
            session=session, actor_id=world.teacher.id, course_id=world.course.id
        )


def test_unknown_metric_is_invalid_naming_metrics(session, world):
    with pytest.raises(Invalid) as error:
        learner(session, world, world.steady, names=["retention", "happiness"])
    assert error.value.field == "metrics"


def test_course_analytics(session, world):
    result = metrics.course_analytics(
        session=session,
        actor_id=world.admin.id,
        course_id=world.course.id,
        **IN_WINDOW,
    )
    assert result.learners == 3
    time = result.metrics["time_on_task"]  # 12.0, 1.5, 0
    assert (time.avg, time.p50, time.p90) == (4.5, 1.5, 9.9)
    completion = result.metrics["completion"]  # 0.5, 0.25, 0
    assert (completion.avg, completion.p50, completion.p90) == (0.25, 0.25, 0.45)
    # 0-based weeks: late is in week 0 (active), steady in 1, 2 (active) and 3, idle in 4, 5.
    assert [(w.week, w.share) for w in result.retention_curve] == [
        (1, 1.0), (2, 1.0), (3, 1.0), (4, 0.0), (5, 0.0), (6, 0.0),
    ]  # fmt: skip
    assert [(f.title, f.reached, f.completed) for f in result.funnel] == [
        ("Lesson a", 2, 2), ("Lesson b", 1, 1), ("Lesson c", 1, 0), ("Lesson d", 0, 0),
    ]  # fmt: skip
    assert result.inactive_learners == 1
    assert [row.user_id for row in result.inactive] == [world.idle.id]
    assert len(result.daily) == 14
    by_day = {d.date: (d.active_learners, d.events, d.minutes) for d in result.daily}
    assert by_day[date(2026, 3, 1)] == (1, 4, 4.0)
    assert by_day[date(2026, 3, 2)] == (1, 2, 3.0)
    assert by_day[date(2026, 3, 8)] == (1, 3, 1.5)
    assert by_day[date(2026, 3, 10)] == (1, 2, 5.0)
    assert by_day[date(2026, 3, 5)] == (0, 0, 0.0)


def test_course_analytics_refuses_students(session, world):
    with pytest.raises(Forbidden):
        metrics.course_analytics(
            session=session, actor_id=world.steady.id, course_id=world.course.id
        )


def test_stored_values_are_used_once_the_window_has_closed(session, world):
    job = metrics.start_calculation(
        session=session,
        actor_id=world.teacher.id,
        course_id=world.course.id,
        **IN_WINDOW,
    )
    written = metrics.run_calculation(
        session=session,
        job_id=job.id,
        course_id=world.course.id,
        metrics=metrics.METRICS,
        **IN_WINDOW,
    )
    assert written == 3 * 6 + 6 + 1  # per learner, per course, the activity peak
    assert (
        metrics.metric_job(session=session, actor_id=world.teacher.id, job_id=job.id).status
        == "done"
    )
    # A stored value wins over the events: change it and read it back.
    from sqlalchemy import update

    from edu_platform.models import MetricValue

    session.execute(
        update(MetricValue)
        .where(MetricValue.metric == "engagement", MetricValue.scope == "enrollment")
        .values(value=0.5)
    )
    assert learner(session, world, world.steady)["engagement"] == 0.5
    # Rerunning the job upserts the same rows.
    assert metrics.store_course_metrics(
        session=session, course_id=world.course.id, metrics=metrics.METRICS, **IN_WINDOW
    ) == written  # fmt: skip
    assert learner(session, world, world.steady)["engagement"] == 0.214


def test_my_activity_counts_the_week_the_streak_and_own_courses(session, world):
    # 2026-03-02: the week 02-24..03-02 holds 02-25 (one event), 03-01 (240 s) and
    # 03-02 (180 s); the streak is 03-01 and 03-02.
    mine = metrics.my_activity(session=session, user_id=world.steady.id, today=date(2026, 3, 2))
    assert mine.minutes_this_week == 7.0
    assert mine.active_days_this_week == 3
    assert mine.streak_days == 2
    assert [c.title for c in mine.courses] == ["Metrics course"]
    assert "activity_index" not in mine.courses[0].metrics
    # A day later without events the streak still stands (today is not over); two days
    # later it is gone.
    assert (
        metrics.my_activity(
            session=session, user_id=world.steady.id, today=date(2026, 3, 3)
        ).streak_days
        == 2
    )
    assert (
        metrics.my_activity(
            session=session, user_id=world.steady.id, today=date(2026, 3, 4)
        ).streak_days
        == 0
    )


def test_my_activity_of_an_idle_learner_is_empty_but_lists_nothing_wrong(session, world):
    mine = metrics.my_activity(session=session, user_id=world.idle.id, today=date(2026, 3, 14))
    assert (mine.minutes_this_week, mine.streak_days, mine.active_days_this_week) == (0.0, 0, 0)
    assert [c.metrics["completion"] for c in mine.courses] == [0.0]


def test_old_events_are_rolled_up_per_day_then_deleted(session, world):
    from sqlalchemy import func, select

    from edu_platform.models import LearningEvent, LearningEventDaily

    # Cutoff 2026-03-02: steady's 02-25 and 03-01 events and late's nothing go.
    written, deleted = metrics.roll_up_and_purge(
        session=session, retention_days=10, today=date(2026, 3, 12)
    )
    assert (written, deleted) == (2, 5)
    days = {
        row.day: (row.events, row.active_seconds, row.focus_seconds)
        for row in session.scalars(select(LearningEventDaily))
    }
    assert days == {date(2026, 2, 25): (1, 0.0, 0.0), date(2026, 3, 1): (4, 240.0, 240.0)}
    left = session.scalar(select(func.min(LearningEvent.ts)))
    assert left.date() == date(2026, 3, 2)
    # A rerun finds nothing older and writes nothing twice.
    assert metrics.roll_up_and_purge(
        session=session, retention_days=10, today=date(2026, 3, 12)
    ) == (0, 0)


def test_course_statistics_registrations_attendance_and_completion(session, world):
    from datetime import timedelta

    from edu_platform.models import Attendance, CourseSession, Enrollment, utcnow

    now = utcnow()
    meeting = CourseSession(
        course_id=world.course.id, title="Kick-off", starts_at=now - timedelta(days=1),
        ends_at=now - timedelta(days=1) + timedelta(hours=1), checkin_token="stats-token",
    )  # fmt: skip
    session.add(meeting)
    session.flush()
    session.add(Attendance(session_id=meeting.id, user_id=world.steady.id))
    fresh = Enrollment(
        user_id=world.outsider.id, course_id=world.course.id, enrolled_at=now,
        status="completed",
    )  # fmt: skip
    session.add(fresh)
    session.flush()
    stats = metrics.course_statistics(
        session=session, actor_id=world.teacher.id, course_id=world.course.id, weeks=4
    )
    assert (stats.enrollments, stats.completed, stats.completion_rate) == (4, 1, 0.25)
    assert len(stats.registrations) == 4
    assert stats.registrations[-1].enrollments == 1  # this week: the fresh one
    assert sum(w.enrollments for w in stats.registrations) == 1  # the others are from March
    assert [(s.title, s.attended, s.learners) for s in stats.attendance] == [("Kick-off", 1, 4)]
    with pytest.raises(Forbidden):
        metrics.course_statistics(
            session=session, actor_id=world.other_teacher.id, course_id=world.course.id
        )


def test_dashboard_checks_once_and_skips_the_trend_on_live_refreshes(session, world):
    full = metrics.course_dashboard(
        session=session, actor_id=world.teacher.id, course_id=world.course.id, days=7
    )
    assert len(full.trend) == 8 and full.statistics.enrollments == 3
    assert full.analytics.learners == 3  # every learner's window overlaps the last 7 days
    live = metrics.course_dashboard(
        session=session, actor_id=world.teacher.id, course_id=world.course.id, with_trend=False
    )
    assert live.trend is None and live.signature == full.signature
    with pytest.raises(Forbidden):
        metrics.course_dashboard(
            session=session, actor_id=world.other_teacher.id, course_id=world.course.id
        )


def _add_event_pairs(session, world, day: str, gap: timedelta) -> None:
    """`idle` opens lesson a at 13 min 7.25 s past every hour of `day`, and `gap` later
    views a page: 24 pairs, each 55 minutes from the next."""
    from datetime import datetime, time

    from edu_platform.models import LearningEvent

    for hour in range(24):
        start = datetime.combine(date.fromisoformat(day), time(hour, 13, 7, 250_000), UTC)
        for ts, lesson in ((start, world.lessons["a"].id), (start + gap, None)):
            session.add(
                LearningEvent(
                    user_id=world.idle.id,
                    course_id=world.course.id,
                    lesson_id=lesson,
                    type="lesson_opened" if lesson else "page_view",
                    ts=ts,
                )
            )
    session.flush()


def test_a_gap_of_exactly_five_minutes_counts_at_every_time_of_day(session, world):
    # SQLite's julianday() put an exact 300 s at 300.00002 or 299.99998 depending on the
    # time of day, so some of these gaps were dropped (time_on_task 10.0 for 25 minutes).
    _add_event_pairs(session, world, "2026-03-03", timedelta(minutes=5))
    _add_event_pairs(session, world, "2026-03-04", timedelta(minutes=5, milliseconds=1))
    values = learner(session, world, world.idle, names=["time_on_task", "focus_ratio"])
    # 24 × 5 minutes on 03-03; none of the gaps 1 ms longer on 03-04.
    assert values == {"time_on_task": 120.0, "focus_ratio": 1.0}

    # The daily roll-up of old events counts the same gaps.
    from sqlalchemy import select

    from edu_platform.models import LearningEventDaily

    metrics.roll_up_and_purge(session=session, retention_days=10, today=date(2026, 3, 20))
    rolled = {
        row.day: (row.events, row.active_seconds, row.focus_seconds)
        for row in session.scalars(
            select(LearningEventDaily).where(LearningEventDaily.user_id == world.idle.id)
        )
    }
    assert rolled == {
        date(2026, 3, 3): (48, 7200.0, 7200.0),
        date(2026, 3, 4): (48, 0.0, 0.0),
    }


def _newcomer(session, world, name: str, enrolled: str, events: list[tuple[str, str | None]]):
    """A learner enrolled at `enrolled` with events (ISO time, lesson key or None)."""
    from edu_platform.models import LearningEvent, User
    from tests.support.factories import make_enrollment
    from tests.support.metrics_data import at

    user = User(email=f"{name}@metrics.example.org", full_name=name.title(), role="student")
    session.add(user)
    session.flush()
    make_enrollment(session, user_id=user.id, course_id=world.course.id, enrolled_at=at(enrolled))
    for ts, lesson in events:
        session.add(
            LearningEvent(
                user_id=user.id,
                course_id=world.course.id,
                lesson_id=world.lessons[lesson].id if lesson else None,
                type="lesson_opened" if lesson else "page_view",
                ts=at(ts),
            )
        )
    session.flush()
    return user


def _analytics(session, world, date_from: date, date_to: date):
    return metrics.course_analytics(
        session=session,
        actor_id=world.admin.id,
        course_id=world.course.id,
        date_from=date_from,
        date_to=date_to,
    )


def test_inactive_means_seven_days_without_an_event_up_to_the_windows_end(session, world):
    # Window 03-12..03-16: the last 7 days are 03-10..03-16.
    # - steady was last active on 03-10, before the window: not inactive;
    # - late was last active on 03-09, enrolled on 03-08: inactive;
    # - idle never was: inactive, never active;
    # - fresh enrolled on 03-12, only 5 days by 03-16: not inactive yet.
    _newcomer(session, world, "fresh", "2026-03-12 09:00:00", [])
    result = _analytics(session, world, date(2026, 3, 12), date(2026, 3, 16))
    assert result.learners == 4
    assert result.inactive_learners == 2
    assert [(row.user_id, row.last_active) for row in result.inactive] == [
        (world.idle.id, None),
        (world.late.id, date(2026, 3, 9)),
    ]


def test_the_funnel_counts_learners_from_their_enrolment_day(session, world):
    # Lesson d: an event the day before enrolling (03-11, enrolled 03-12) and an event of
    # someone who enrolled only after the window (03-13, enrolled 03-20) reach nobody.
    _newcomer(session, world, "early", "2026-03-12 09:00:00", [("2026-03-11 10:00:00", "d")])
    _newcomer(session, world, "after", "2026-03-20 09:00:00", [("2026-03-13 10:00:00", "d")])
    result = _analytics(session, world, *WINDOW)
    assert [(f.title, f.reached, f.completed) for f in result.funnel] == [
        ("Lesson a", 2, 2), ("Lesson b", 1, 1), ("Lesson c", 1, 0), ("Lesson d", 0, 0),
    ]  # fmt: skip
    # An event of d on or after the enrolment day counts.
    _newcomer(session, world, "ontime", "2026-03-12 09:00:00", [("2026-03-12 08:00:00", "d")])
    assert _analytics(session, world, *WINDOW).funnel[3].reached == 1


def test_ties_round_half_up_and_averages_are_of_the_exact_values(session, world):
    # Enrolled 03-02; a gap of 15 s on 03-03 (0.25 minutes), one event on 03-04.
    fifteen = _newcomer(
        session,
        world,
        "fifteen",
        "2026-03-02 08:00:00",
        [("2026-03-03 10:00:00", "a"), ("2026-03-03 10:00:15", "a"), ("2026-03-04 10:00:00", "a")],
    )
    # 0.25 is shown 0.3, not 0.2.
    assert learner(session, world, fifteen, names=["time_on_task"]) == {"time_on_task": 0.3}
    # 2 active days of 32 (03-02..04-02) is 0.0625: 0.063, not 0.062.
    engagement = metrics.learner_metrics(
        session=session,
        actor_id=world.admin.id,
        user_id=fifteen.id,
        course_id=world.course.id,
        metrics=["engagement"],
        date_from=date(2026, 3, 2),
        date_to=date(2026, 4, 2),
    ).metrics
    assert engagement == {"engagement": 0.063}
    # The course's average engagement over 03-01..03-14 is of the exact values: steady
    # 3/14, late 2/7, idle 0, fifteen 2/13 -> 0.16346… = 0.163; the average of the rounded
    # values (0.214, 0.286, 0, 0.154) would be 0.1635 -> 0.164.
    result = _analytics(session, world, *WINDOW)
    assert result.per_learner[fifteen.id]["engagement"] == 0.154
    assert result.metrics["engagement"].avg == 0.163


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (0.25, 1, 0.3),
        (21 / 60, 1, 0.4),  # 0.35 stored as 0.34999…
        (0.45, 1, 0.5),
        (0.0625, 3, 0.063),
        (sum([0.1] * 3) / 2, 2, 0.15),  # 0.15000000000000002
        (14.999999999999998 / 60, 1, 0.3),  # a sum's noise below a tie
        (0.0004999, 3, 0.0),
        (2 / 3, 3, 0.667),
    ],
)
def test_half_up(value, digits, shown):
    assert metrics.half_up(value, digits) == shown


def test_a_window_reaching_past_today_counts_no_day_or_week_that_has_not_begun(session, world):
    from edu_platform.models.base import utcnow

    today = utcnow().date()

    def day(back: int) -> str:
        return f"{today - timedelta(days=back)} 10:00:00"

    # Enrolled 20 days ago (days 0..20 of the window, 21 lived), active 10 and 3 days ago:
    # weeks 0, 1, 2 after enrolment have begun, and the learner was active in 1 and 2.
    recent = _newcomer(session, world, "recent", day(20), [(day(10), "a"), (day(3), "a")])

    def values(date_to: date) -> dict[str, float]:
        return metrics.learner_metrics(
            session=session,
            actor_id=world.admin.id,
            user_id=recent.id,
            course_id=world.course.id,
            metrics=["engagement", "retention"],
            date_from=today - timedelta(days=20),
            date_to=date_to,
        ).metrics

    expected = {"engagement": 0.095, "retention": 0.667}  # 2 / 21 days, 2 / 3 weeks
    assert values(today) == expected
    # 60 days more of window: nothing that has not begun is counted.
    assert values(today + timedelta(days=60)) == expected
    curve = _analytics(
        session, world, today - timedelta(days=20), today + timedelta(days=60)
    ).retention_curve
    # idle (enrolled 2026-02-01) has the latest week that has begun; none after it.
    assert curve[-1].week == (today - date(2026, 2, 1)).days // 7 + 1
