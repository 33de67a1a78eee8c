"""The demo inbox: the demo student's question to the teacher of the course they are half
way through, and the teacher's answer (not read yet), so /messages and the header's
counter have something to show on a first start. Idempotent: an existing conversation of
that pair is kept as it is."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import (
    Conversation,
    Course,
    Enrollment,
    EnrollmentStatus,
    Message,
    User,
)
from edu_platform.services.messaging.access import conversation_between, member_pair

QUESTION = (
    "Здравствуйте! Прошёл половину курса «{title}». В последнем уроке не до конца понял "
    "пример: можно ли решить задание по-другому?"
)
ANSWER = (
    "Здравствуйте! Да, можно: в уроке показан один из способов. Пришлите своё решение "
    "сюда — посмотрю и подскажу. И загляните в материалы к уроку, там есть разбор."
)


def ensure_demo_conversation(session: Session, student_email: str, now: datetime) -> int:
    """Add the conversation when the pair has none; gives how many messages were added."""
    student_id = session.scalar(select(User.id).where(User.email == student_email))
    if student_id is None:
        return 0
    # The course furthest along that is not finished: its teacher answers.
    found = session.execute(
        select(Course.title, Course.teacher_id)
        .join(Enrollment, Enrollment.course_id == Course.id)
        .where(
            Enrollment.user_id == student_id,
            Enrollment.status == EnrollmentStatus.ACTIVE.value,
            Enrollment.progress_percent > 0,
        )
        .order_by(Enrollment.progress_percent.desc(), Course.id)
    ).first()
    if found is None or found.teacher_id is None:
        return 0
    if conversation_between(session, student_id, found.teacher_id) is not None:
        return 0
    low, high = member_pair(student_id, found.teacher_id)
    asked, answered = now - timedelta(days=2, hours=3), now - timedelta(days=1, hours=20)
    conversation = Conversation(
        user_low_id=low, user_high_id=high, created_at=asked, last_message_at=answered
    )
    session.add(conversation)
    session.flush()
    session.add_all(
        [
            Message(
                sender_id=student_id,
                recipient_id=found.teacher_id,
                conversation_id=conversation.id,
                body=QUESTION.format(title=found.title),
                created_at=asked,
                read_at=asked + timedelta(hours=1),
            ),
            Message(
                sender_id=found.teacher_id,
                recipient_id=student_id,
                conversation_id=conversation.id,
                body=ANSWER,
                created_at=answered,
            ),
        ]
    )
    session.flush()
    return 2
