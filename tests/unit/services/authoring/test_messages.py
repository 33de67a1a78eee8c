"""Every message key the authoring services can raise exists in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from edu_platform import i18n
from edu_platform.services import authoring

SERVICES = Path(authoring.__file__).parent
NOT_FOUND = ("course", "module", "lesson", "quiz", "question", "attachment")
FIELD_KEYED = (
    "level",
    "language",
    "pass_percent",
    "time_limit_minutes",
    "max_attempts",
    "questions_per_attempt",
    "points",
)  # _invalid(field, field, ...) and _choice()


def _raised_keys() -> set[str]:
    keys = {f"authoring.error.{what}_not_found" for what in NOT_FOUND}
    keys |= {f"authoring.error.{field}" for field in FIELD_KEYED}
    for path in SERVICES.glob("*.py"):
        text = path.read_text()
        keys |= set(re.findall(r'"(authoring\.error\.[a-z_]+)"', text))
        keys |= {
            f"authoring.error.{key}" for key in re.findall(r'_invalid\([^,]+, "([a-z_]+)"', text)
        }
    return keys


def test_every_authoring_error_key_has_a_message():
    keys = _raised_keys()
    assert len(keys) > 40
    assert sorted(key for key in keys if not i18n.has_key(key)) == []


def test_messages_with_placeholders_fill_them():
    assert "5" in i18n.translate("authoring.error.file_too_large", "en", mb=5)
