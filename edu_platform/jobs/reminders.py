"""Session reminder job: 24 h and 1 h before each session, once per learner and offset."""

from __future__ import annotations

import logging

from edu_platform import db
from edu_platform.services import reminders

log = logging.getLogger(__name__)


def send_session_reminders() -> int:
    """Periodic (every 5 minutes): write the due reminders; how many (0 on a repeat run)."""
    sent = db.run_sync(reminders.send_due_reminders)
    if sent:
        log.info("sent %d session reminders", sent)
    return sent
