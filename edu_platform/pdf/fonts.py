"""Registers the Cyrillic-capable TTF fonts shipped in assets/fonts/, once per process,
and sets reportlab's writer options for certificates.

Registration costs ~19 ms (PERFORMANCE.md), so workers call it before any job.
"""

from __future__ import annotations

import threading
import zlib

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
        _configure_writer()
        _registered = True


def _configure_writer() -> None:
    """Cheaper streams for bulk re-issue (bench/certificates.py: 7.0 → 4.6 ms of CPU per
    certificate together with rl_accel): binary streams instead of ASCII85-encoded ones
    (rl_config.useA85, a documented setting; PDFs are binary files anyway) and Deflate
    level 1 instead of 6 for the page and the font subsets (+4 % in size)."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    rl_config.useA85 = 0
    # reportlab looks its one Deflate filter up as `pdfdoc.PDFZCompress` at every use.
    pdfdoc.PDFZCompress = _FastDeflate()


class _FastDeflate:
    pdfname = "FlateDecode"

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        return zlib.compress(data, 1)

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)
