"""/teach/course/<id>/sessions: schedule sessions, show their QR codes, mark attendance."""

from __future__ import annotations

from datetime import UTC, datetime

import reflex as rx

from edu_platform import db
from edu_platform.audit import acting_as
from edu_platform.components.qr import qr_data_uri
from edu_platform.i18n import translate
from edu_platform.services import attendance
from edu_platform.services.attendance import AttendanceRow, SessionRow
from edu_platform.services.errors import DomainError, NotFound
from edu_platform.state.admin import CHECKING, DENIED, OK, SIGN_IN, _verified_user_id
from edu_platform.state.i18n import LangState


def parse_moment(day: str, clock: str) -> datetime:
    """'2026-12-01' + '18:30' → an aware UTC datetime (the form says times are UTC)."""
    return datetime.fromisoformat(f"{day.strip()}T{clock.strip()}").replace(tzinfo=UTC)


class TeachSessionsState(rx.State):
    access: str = CHECKING
    course_id: int = 0
    course_title: str = ""
    sessions: list[SessionRow] = []
    field_errors: dict[str, str] = {}
    qr_image: str = ""
    qr_url: str = ""
    qr_title: str = ""
    open_session_id: int = 0
    roster: list[AttendanceRow] = []
    form_key: int = 0

    async def _user_and_course(self) -> tuple[int | None, int]:
        try:
            course_id = int(str(self.course_ref))
        except ValueError:
            course_id = 0
        return await _verified_user_id(self), course_id

    async def _reload(self, user_id: int | None) -> None:
        self.sessions = await db.run(
            attendance.list_sessions, actor_id=user_id, course_id=self.course_id
        )

    @rx.event
    async def load(self):
        self.access, self.sessions, self.roster, self.open_session_id = CHECKING, [], [], 0
        self.qr_image, self.field_errors = "", {}
        user_id, course_id = await self._user_and_course()
        if user_id is None:
            self.access = SIGN_IN
            return
        try:
            course = await db.run(attendance.editable_course, actor_id=user_id, course_id=course_id)
        except NotFound:
            self.access = DENIED
            return
        self.course_id, self.course_title = course.id, course.title
        await self._reload(user_id)
        self.access = OK

    @rx.event
    async def add_session(self, form_data: dict):
        user_id = await _verified_user_id(self)
        lang = (await self.get_state(LangState)).lang
        try:
            starts_at = parse_moment(
                str(form_data.get("date", "")), str(form_data.get("start", ""))
            )
            ends_at = parse_moment(str(form_data.get("date", "")), str(form_data.get("end", "")))
        except ValueError:
            self.field_errors = {"date": translate("teaching.bad_time", lang)}
            return
        try:
            with acting_as(user_id):
                await db.run(
                    attendance.create_session,
                    actor_id=user_id,
                    course_id=self.course_id,
                    title=str(form_data.get("title", ""))[:300],
                    starts_at=starts_at,
                    ends_at=ends_at,
                    location=str(form_data.get("location", ""))[:300],
                    meeting_url=str(form_data.get("meeting_url", ""))[:1000],
                )
        except DomainError as error:
            self.field_errors = {error.field or "title": translate(error.message_key, lang)}
            return
        self.field_errors = {}
        self.form_key += 1  # a fresh, empty form
        await self._reload(user_id)
        return rx.toast.success(translate("teaching.sessions.saved", lang))

    @rx.event
    async def delete_session(self, session_id: int):
        user_id = await _verified_user_id(self)
        try:
            await db.run(attendance.delete_session, actor_id=user_id, session_id=int(session_id))
        except (DomainError, ValueError, TypeError):
            return
        if self.open_session_id == session_id:
            self.open_session_id, self.roster = 0, []
        await self._reload(user_id)

    @rx.event
    def show_qr(self, session_id: int):
        row = next((s for s in self.sessions if s.id == session_id), None)
        if row is not None:  # only sessions this page loaded through the service
            self.qr_url, self.qr_title = row.checkin_url, row.title
            self.qr_image = qr_data_uri(row.checkin_url)

    @rx.event
    def hide_qr(self):
        self.qr_image = ""

    @rx.event
    async def open_roster(self, session_id: int):
        user_id = await _verified_user_id(self)
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
        user_id = await _verified_user_id(self)
        try:
            with acting_as(user_id):
                await db.run(
                    attendance.mark_by_hand,
                    actor_id=user_id,
                    session_id=self.open_session_id,
                    user_id=int(user_id_to_mark),
                    present=bool(present),
                )
        except (DomainError, ValueError, TypeError) as error:
            lang = (await self.get_state(LangState)).lang
            key = error.message_key if isinstance(error, DomainError) else "error.invalid"
            return rx.toast.error(translate(key, lang))
        self.roster = await db.run(
            attendance.attendance_list, actor_id=user_id, session_id=self.open_session_id
        )
        await self._reload(user_id)
