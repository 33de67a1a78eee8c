"""/teach/course/<id>/sessions: schedule sessions, show their QR codes, mark attendance."""

from __future__ import annotations

from datetime import datetime

import reflex as rx

from edu_platform import db
from edu_platform.components.qr import qr_data_uri
from edu_platform.i18n import local_to_utc, parse_date_input, translate, zone_label
from edu_platform.models import utcnow
from edu_platform.services import attendance
from edu_platform.services.attendance import AttendanceRow, SessionRow
from edu_platform.services.errors import DomainError, Forbidden, NotFound
from edu_platform.services.time_zones import with_times
from edu_platform.state.base import CHECKING, DENIED, OK, SIGN_IN, FeatureState
from edu_platform.state.form_fields import missing_fields
from edu_platform.state.time_zone import resolve_zone


def parse_moment(day: str, clock: str, lang: str, zone: str | None) -> datetime:
    """A session time typed in the teacher's own zone → an aware UTC datetime. The date in
    the language's order ('01.12.2026' RU, '12/01/2026' EN) or ISO, the time '18:30'."""
    typed = parse_date_input(day, lang)
    if typed is None:
        raise ValueError("no date")
    return local_to_utc(typed.isoformat(), clock, zone)


# The service's field names that the form names otherwise.
FORM_FIELDS = {"starts_at": "start", "ends_at": "end"}


class TeachSessionsState(FeatureState, rx.State):
    course_id: int = 0
    course_title: str = ""
    sessions: list[SessionRow] = []
    field_errors: dict[str, str] = {}
    qr_image: str = ""
    qr_url: str = ""
    qr_title: str = ""
    room_open: bool = False  # the full-screen "show to the room" view
    # The teacher's zone: times are typed and shown in it ("" until known: UTC).
    zone: str = ""
    open_session_id: int = 0
    roster: list[AttendanceRow] = []
    form_key: int = 0

    async def _user_and_course(self) -> tuple[int | None, int]:
        try:
            course_id = int(str(self.course_ref))
        except ValueError:
            course_id = 0
        return await self._current_user_id(), course_id

    @rx.var
    def zone_name(self) -> str:
        """'Europe/Moscow — MSK (UTC+3)': the zone the form reads times in."""
        return f"{self.zone or 'UTC'} — {zone_label(utcnow(), self.zone or 'UTC')}"

    async def _reload(self, user_id: int | None) -> None:
        rows = await db.run(
            attendance.list_sessions,
            actor_id=user_id,
            course_id=self.course_id,
            # The address this page is served at, as the browser sees it (validated there).
            origin=self.router.headers.origin,
        )
        self.sessions = with_times(rows, self.zone)

    @rx.event
    async def report_zone(self, zone: str):
        """The browser's zone (sent on mount): used when the profile has none."""
        self.zone = await resolve_zone(self, zone)
        self.sessions = with_times(self.sessions, self.zone)

    @rx.event
    async def load(self):
        self.access, self.sessions, self.roster, self.open_session_id = CHECKING, [], [], 0
        self.qr_image, self.field_errors, self.room_open = "", {}, False
        user_id, course_id = await self._user_and_course()
        if user_id is None:
            self.access = SIGN_IN
            return
        try:
            course = await db.run(attendance.editable_course, actor_id=user_id, course_id=course_id)
        except (NotFound, Forbidden):  # no such course, or someone else's
            self.access = DENIED
            return
        self.course_id, self.course_title = course.id, course.title
        self.zone = await resolve_zone(self)
        await self._reload(user_id)
        self.access = OK

    @rx.event
    async def add_session(self, form_data: dict):
        user_id = await self._current_user_id()
        lang = await self._lang()
        day = str(form_data.get("date", ""))[:40]
        missing = missing_fields(form_data, {"title": "teaching.title_required"}, lang)
        if missing:  # the first field of the form first
            self.field_errors = missing
            return
        try:
            # Typed in the teacher's own zone, stored in UTC.
            starts_at = parse_moment(day, str(form_data.get("start", ""))[:10], lang, self.zone)
            ends_at = parse_moment(day, str(form_data.get("end", ""))[:10], lang, self.zone)
        except ValueError:
            self.field_errors = {"date": translate("teaching.bad_time", lang)}
            return
        ok, error = await self._try(
            attendance.create_session,
            course_id=self.course_id,
            title=str(form_data.get("title", ""))[:300],
            starts_at=starts_at,
            ends_at=ends_at,
            location=str(form_data.get("location", ""))[:300],
            meeting_url=str(form_data.get("meeting_url", ""))[:1000],
        )
        if not ok:
            if error is not None:
                # The service names its fields; the form calls the times start and end.
                field = FORM_FIELDS.get(error.field or "", error.field or "title")
                self.field_errors = {field: await self._error_text(error)}
            return
        self.field_errors = {}
        self.form_key += 1  # a fresh, empty form
        await self._reload(user_id)
        return await self._toast("teaching.sessions.saved")

    @rx.event
    async def delete_session(self, session_id: int):
        user_id = await self._current_user_id()
        try:
            await db.run(attendance.delete_session, actor_id=user_id, session_id=int(session_id))
        except (DomainError, ValueError, TypeError):
            return
        if self.open_session_id == session_id:
            self.open_session_id, self.roster = 0, []
        await self._reload(user_id)

    def _open_qr(self, session_id: int) -> None:
        row = next((s for s in self.sessions if s.id == session_id), None)
        if row is not None:  # only sessions this page loaded through the service
            self.qr_url, self.qr_title = row.checkin_url, row.title
            self.qr_image = qr_data_uri(row.checkin_url)

    @rx.event
    def show_qr(self, session_id: int):
        self._open_qr(session_id)

    @rx.event
    def hide_qr(self):
        self.qr_image, self.room_open = "", False

    @rx.event
    def show_room(self, session_id: int):
        """The full-screen view of a session's QR code, for a projector."""
        self._open_qr(session_id)
        self.room_open = self.qr_image != ""

    @rx.event
    def open_room(self):
        """From the QR dialog: the same code, full screen."""
        self.room_open = self.qr_image != ""

    @rx.event
    def close_room(self):
        self.room_open, self.qr_image = False, ""

    @rx.event
    async def open_roster(self, session_id: int):
        user_id = await self._current_user_id()
        try:
            self.roster = await db.run(
                attendance.attendance_list, actor_id=user_id, session_id=int(session_id)
            )
        except (DomainError, ValueError, TypeError):
            self.roster = []
            return
        self.open_session_id = int(session_id)

    @rx.event
    async def toggle_present(self, user_id_to_mark: int, present: bool):
        user_id = await self._current_user_id()
        try:
            learner_id = int(user_id_to_mark)
        except (ValueError, TypeError):
            return await self._error_toast("error.invalid")
        outcome = await self._call(
            attendance.mark_by_hand,
            denied=(),
            session_id=self.open_session_id,
            user_id=learner_id,
            present=bool(present),
        )
        if not outcome.ok:
            return outcome.feedback
        self.roster = await db.run(
            attendance.attendance_list, actor_id=user_id, session_id=self.open_session_id
        )
        await self._reload(user_id)
