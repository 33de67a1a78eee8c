"""Required fields of a posted form, checked before any service is called.

Forms are `noValidate` (components/forms.py): the browser's own bubbles speak the
browser's language, not the page's, and are not in the page, so neither a screen reader
nor a test sees them. Each empty required field gets the page's own message under it.
"""

from __future__ import annotations

from collections.abc import Mapping

from edu_platform.i18n import translate


def missing_fields(form_data: Mapping, required: Mapping[str, str], lang: str) -> dict[str, str]:
    """{field: message} for each field of `required` ({field: message key}) that the form
    left empty or blank, in the form's order; {} when all are filled."""
    return {
        field: translate(key, lang)
        for field, key in required.items()
        if not str(form_data.get(field, "") or "").strip()
    }
