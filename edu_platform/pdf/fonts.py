"""Registers the Cyrillic-capable TTF fonts shipped in assets/fonts/, once per process.

Registration costs ~19 ms (PERFORMANCE.md), so workers call it before any job.
"""

from __future__ import annotations

import threading

from edu_platform.settings import PROJECT_ROOT

FONTS_DIR = PROJECT_ROOT / "assets" / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_registered = False
_lock = threading.Lock()


def register_fonts() -> None:
    """Make REGULAR and BOLD available to reportlab (idempotent)."""
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
        _registered = True
