"""The certificate of completion as an A4 landscape PDF (reportlab, DejaVu for Cyrillic).

`render(data, target)` draws one certificate into a file path or a binary file object.
Everything heavy (reportlab itself, the TTF fonts) is loaded once per process by
`fonts.register_fonts()`; the worker does that before any job (PERFORMANCE.md).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from edu_platform.i18n import format_date
from edu_platform.pdf import fonts

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
INDIGO = HexColor("#3E63DD")
INDIGO_DARK = HexColor("#1F2D5C")
INDIGO_LIGHT = HexColor("#E6EDFE")
GOLD = HexColor("#B08D3C")
GREY = HexColor("#60646C")
QR_SIZE = 92.0
SIGNATURE_WIDTH = 170.0
QR_QUIET_ZONE = 2  # modules of white around the code (the white page adds more)
QR_MASK_PATTERN = 2


@dataclass(frozen=True)
class CertificateData:
    """What one certificate shows; holder and course are the snapshot taken at issue."""

    serial: str
    holder_name: str
    course_title: str
    teacher_name: str
    issued_at: datetime
    verify_url: str
    platform_name: str = "EduPlatform"


def qr_modules(value: str) -> list[list[bool]]:
    """The dark/light module matrix of a QR code for `value` (error correction M).

    Encoded by reportlab's QR encoder (the one behind QrCodeWidget) with a fixed mask
    pattern: any of the eight masks is valid for readers, and searching for the best one
    costs ~20 ms per code, more than the whole rest of the certificate.
    """
    widget = QrCodeWidget(value, barLevel="M")
    code = widget.qr
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK_PATTERN)
    return code.modules


def draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of `value` in a `size`×`size` square at (x, y), quiet zone included.

    One filled path in module units (a rect per run of dark modules, integers only),
    written as raw operators: reportlab's per-number formatting of ~300 float rects cost
    more than the rest of the QR code.
    """
    modules = qr_modules(value)
    span = len(modules) + 2 * QR_QUIET_ZONE
    operators = []
    for row_index, row in enumerate(modules):
        bottom = span - QR_QUIET_ZONE - 1 - row_index
        column = QR_QUIET_ZONE
        for dark, run in itertools.groupby(row):
            length = sum(1 for _ in run)
            if dark:
                operators.append(f"{column} {bottom} {length} 1 re")
            column += length
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / span, size / span)
    canvas.setFillColor(black)
    canvas.addLiteral("\n".join([*operators, "f"]))
    canvas.restoreState()


def _fitted_size(text: str, font: str, size: float, max_width: float, min_size: float) -> float:
    """The largest font size ≤ `size` (down to `min_size`) at which `text` fits one line."""
    width = stringWidth(text, font, size)
    if width <= max_width:
        return size
    return max(min_size, size * max_width / width)


def _centred_lines(
    canvas: Canvas,
    text: str,
    *,
    font: str,
    size: float,
    min_size: float,
    max_width: float,
    top: float,
    max_lines: int,
    color: Color,
) -> float:
    """Draw `text` centred, shrunk and then wrapped to `max_lines`; the y below it."""
    size = _fitted_size(text, font, size, max_width * max_lines, min_size)
    lines = simpleSplit(text, font, size, max_width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
        size = min(size, _fitted_size(lines[-1], font, size, max_width, min_size / 2))
    canvas.setFillColor(color)
    canvas.setFont(font, size)
    y = top - size
    for line in lines:
        canvas.drawCentredString(PAGE_WIDTH / 2, y, line)
        y -= size * 1.25
    return y + size * 0.25


def _frame(canvas: Canvas) -> None:
    canvas.setFillColor(INDIGO_LIGHT)
    canvas.rect(0, 0, PAGE_WIDTH, PAGE_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#FFFFFF"))
    canvas.rect(18, 18, PAGE_WIDTH - 36, PAGE_HEIGHT - 36, stroke=0, fill=1)
    canvas.setStrokeColor(INDIGO)
    canvas.setLineWidth(3)
    canvas.rect(26, 26, PAGE_WIDTH - 52, PAGE_HEIGHT - 52, stroke=1, fill=0)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.8)
    canvas.rect(33, 33, PAGE_WIDTH - 66, PAGE_HEIGHT - 66, stroke=1, fill=0)
    # Corner ornaments: small gold squares set on the inner frame's corners.
    for x, y in ((33, 33), (PAGE_WIDTH - 33, 33), (33, PAGE_HEIGHT - 33),
                 (PAGE_WIDTH - 33, PAGE_HEIGHT - 33)):  # fmt: skip
        canvas.setFillColor(GOLD)
        canvas.rect(x - 4, y - 4, 8, 8, stroke=0, fill=1)


def _header(canvas: Canvas, platform_name: str) -> None:
    centre = PAGE_WIDTH / 2
    canvas.setFillColor(INDIGO)
    canvas.circle(centre, PAGE_HEIGHT - 78, 15, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#FFFFFF"))
    canvas.setFont(fonts.BOLD, 14)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 83, platform_name[:1])
    canvas.setFillColor(INDIGO_DARK)
    canvas.setFont(fonts.BOLD, 12)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 112, platform_name.upper())
    canvas.setFillColor(INDIGO_DARK)
    canvas.setFont(fonts.BOLD, 34)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 160, "Сертификат / Certificate")
    canvas.setFillColor(GOLD)
    canvas.setFont(fonts.REGULAR, 11)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 180, "об окончании курса · of course completion")


def _signature_block(canvas: Canvas, x: float, label: str, value: str) -> None:
    canvas.setFillColor(INDIGO_DARK)
    canvas.setFont(fonts.BOLD, _fitted_size(value, fonts.BOLD, 12, SIGNATURE_WIDTH, 7))
    canvas.drawString(x, 108, value)
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.6)
    canvas.line(x, 100, x + SIGNATURE_WIDTH, 100)
    canvas.setFillColor(GREY)
    canvas.setFont(fonts.REGULAR, 8.5)
    canvas.drawString(x, 88, label)


def _verification(canvas: Canvas, data: CertificateData) -> None:
    right = PAGE_WIDTH - 62
    qr_x, qr_y = right - QR_SIZE, 62
    draw_qr(canvas, data.verify_url, qr_x, qr_y, QR_SIZE)
    # The QR code is also a link, for readers who open the PDF on the device itself.
    canvas.linkURL(data.verify_url, (qr_x, qr_y, qr_x + QR_SIZE, qr_y + QR_SIZE), relative=0)
    text_right = qr_x - 10
    canvas.setFillColor(INDIGO_DARK)
    canvas.setFont(fonts.BOLD, 10)
    canvas.drawRightString(text_right, qr_y + 62, f"№ {data.serial}")
    canvas.setFillColor(GREY)
    canvas.setFont(fonts.REGULAR, 8)
    canvas.drawRightString(text_right, qr_y + 48, "Проверить подлинность · Verify:")
    url_size = _fitted_size(data.verify_url, fonts.REGULAR, 7.5, 200, 4)
    canvas.setFont(fonts.REGULAR, url_size)
    canvas.drawRightString(text_right, qr_y + 36, data.verify_url)


def render(data: CertificateData, target: str | BinaryIO) -> None:
    """Draw the certificate described by `data` into `target` (a path or a binary file)."""
    fonts.register_fonts()
    canvas = Canvas(target, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    canvas.setTitle(f"{data.platform_name} — {data.serial}")
    canvas.setAuthor(data.platform_name)
    canvas.setSubject(data.course_title)
    _frame(canvas)
    _header(canvas, data.platform_name)

    content_width = PAGE_WIDTH - 180
    canvas.setFillColor(GREY)
    canvas.setFont(fonts.REGULAR, 12)
    canvas.drawCentredString(
        PAGE_WIDTH / 2, PAGE_HEIGHT - 222, "Настоящим подтверждается, что · This certifies that"
    )
    below_name = _centred_lines(
        canvas, data.holder_name, font=fonts.BOLD, size=30, min_size=14,
        max_width=content_width, top=PAGE_HEIGHT - 232, max_lines=1, color=INDIGO_DARK,
    )  # fmt: skip
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1)
    canvas.line(PAGE_WIDTH / 2 - 170, below_name - 6, PAGE_WIDTH / 2 + 170, below_name - 6)
    canvas.setFillColor(GREY)
    canvas.setFont(fonts.REGULAR, 12)
    canvas.drawCentredString(
        PAGE_WIDTH / 2,
        below_name - 30,
        "успешно завершил(а) курс · has successfully completed the course",
    )
    _centred_lines(
        canvas, f"«{data.course_title}»", font=fonts.BOLD, size=21, min_size=11,
        max_width=content_width, top=below_name - 42, max_lines=2, color=INDIGO,
    )  # fmt: skip

    issued = format_date(data.issued_at, "ru", "short")
    _signature_block(canvas, 62, "Дата выдачи · Date of issue", issued)
    _signature_block(
        canvas, 62 + SIGNATURE_WIDTH + 28, "Преподаватель · Teacher", data.teacher_name or "—"
    )
    _verification(canvas, data)
    canvas.showPage()
    canvas.save()
