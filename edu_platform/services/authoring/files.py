"""Files of a course: the banner (public media), lesson videos and attachments (private).

Every upload is checked on the server: its size against settings.max_upload_mb (the
browser's limit is advisory, TOOLCHAIN.md, Reflex 7) and its type by its content, not by
its name. Stored names are random. Videos and attachments live under
data_dir/private/…, outside Reflex's public upload folder and the media root, and are
served only by routes that check access (services/player.py); replaced or deleted files
are removed once the change commits.
"""

from __future__ import annotations

import io
import secrets
import warnings
import zipfile
from pathlib import Path

from PIL import Image, ImageOps
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform.db import call_after_commit
from edu_platform.models import LessonAttachment, LessonKind
from edu_platform.services import media
from edu_platform.services.authoring.common import (
    as_id,
    delete_private_files_after_commit,
    editable_attachment,
    editable_course,
    editable_lesson,
    private_dir,
    stored_private_file,
)
from edu_platform.services.errors import Invalid, NotFound
from edu_platform.settings import settings

BANNER_SIZE = (1200, 600)
BANNER_DIR = "banners"
BANNER_FORMATS = {"PNG", "JPEG", "WEBP"}
MAX_PIXELS = 40_000_000
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "zip": "application/zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
}
OFFICE_PARTS = {
    "docx": "word/document.xml",
    "pptx": "ppt/presentation.xml",
    "xlsx": "xl/workbook.xml",
}
MAX_ATTACHMENTS = 30


def _too_large(field: str) -> Invalid:
    return Invalid(
        "the file is too large",
        message_key="authoring.error.file_too_large",
        field=field,
        params={"mb": settings.max_upload_mb},
    )


def _check_size(data: bytes, field: str) -> bytes:
    data = bytes(data or b"")
    if len(data) > settings.max_upload_bytes:
        raise _too_large(field)
    if not data:
        raise Invalid("the file is empty", message_key="authoring.error.file_empty", field=field)
    return data


def _extension(filename: object) -> str:
    name = str(filename or "")
    return name.rsplit(".", 1)[-1].strip().lower() if "." in name else ""


def display_name(filename: object, extension: str) -> str:
    """The name learners see (media.readable_name), ≤255 chars keeping its extension."""
    name = media.readable_name(filename) or f"file.{extension}"
    if len(name) > 255:
        name = name[: 250 - len(extension)].rstrip() + "." + extension
    return name


# --- banner ---------------------------------------------------------------------------------


def _banner_image(data: bytes) -> Image.Image:
    bad = Invalid(
        "the banner must be a PNG, JPEG or WebP image",
        message_key="authoring.error.banner_type",
        field="banner",
    )
    image = media.open_image(data, BANNER_FORMATS, MAX_PIXELS, bad)
    return ImageOps.fit(image.convert("RGB"), BANNER_SIZE, Image.Resampling.LANCZOS)


def set_banner(*, session: Session, actor_id: int | None, course_id: object, data: bytes) -> str:
    """Check the image by its content, crop it to 1200×600 and store it as WebP under a
    random name in the public media folder (the old file goes after commit); gives its URL."""
    course = editable_course(session=session, actor_id=actor_id, course_id=as_id(course_id))
    image = _banner_image(_check_size(data, "banner"))
    (media.media_root() / BANNER_DIR).mkdir(parents=True, exist_ok=True)
    relative = f"{BANNER_DIR}/{secrets.token_hex(16)}.webp"
    image.save(media.media_root() / relative, format="WEBP", quality=85, method=4)
    previous = course.banner
    course.banner = relative
    session.add(course)
    session.flush()
    if previous and previous.startswith(f"{BANNER_DIR}/"):
        call_after_commit(session, media.delete, previous)
    return media.public_url(relative)


def remove_banner(*, session: Session, actor_id: int | None, course_id: object) -> None:
    course = editable_course(session=session, actor_id=actor_id, course_id=as_id(course_id))
    previous, course.banner = course.banner, None
    session.add(course)
    session.flush()
    if previous and previous.startswith(f"{BANNER_DIR}/"):
        call_after_commit(session, media.delete, previous)


# --- content sniffing -----------------------------------------------------------------------


def video_kind(data: bytes) -> str | None:
    """'mp4' or 'webm' from the first bytes (ISO-BMFF 'ftyp' box; EBML with DocType webm)."""
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "mp4"
    if data[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in data[:64]:
        return "webm"
    return None


def _is_image(data: bytes, pil_format: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[pil_format]) as image:
                image.verify()
        return True
    except Exception:
        return False


def _zip_names(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def content_matches(extension: str, data: bytes) -> bool:
    """Whether the bytes really are a file of the kind its extension claims."""
    if extension == "pdf":
        return data.startswith(b"%PDF-")
    if extension == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n") and _is_image(data, "PNG")
    if extension == "jpg":
        return data.startswith(b"\xff\xd8\xff") and _is_image(data, "JPEG")
    if extension in ("txt", "md"):
        return _is_text(data)
    if extension == "zip" or extension in OFFICE_PARTS:
        names = _zip_names(data)
        if names is None:
            return False
        return extension == "zip" or OFFICE_PARTS[extension] in names
    return False


# --- lesson video ---------------------------------------------------------------------------


def upload_video(
    *,
    session: Session,
    actor_id: int | None,
    lesson_id: object,
    data: bytes,
    filename: object = "",
) -> str:
    """Store an MP4/WebM file for a video lesson (replacing any previous one) under a
    random name, keeping `filename` to show (display_name); gives the stored path relative
    to data_dir."""
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    if lesson.kind != LessonKind.VIDEO:
        raise Invalid(
            "only video lessons hold a video",
            message_key="authoring.error.not_video",
            field="video",
        )
    data = _check_size(data, "video")
    kind = video_kind(data)
    if kind is None:
        raise Invalid(
            "the video must be an MP4 or WebM file",
            message_key="authoring.error.video_type",
            field="video",
        )
    relative = f"private/videos/{secrets.token_hex(16)}.{kind}"
    (private_dir("videos") / Path(relative).name).write_bytes(data)
    previous = lesson.video_path
    lesson.video_path, lesson.video_name = relative, display_name(filename, kind)
    session.add(lesson)
    session.flush()
    delete_private_files_after_commit(session, [previous])
    return relative


def remove_video(*, session: Session, actor_id: int | None, lesson_id: object) -> None:
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    previous, lesson.video_path, lesson.video_name = lesson.video_path, None, None
    session.add(lesson)
    session.flush()
    delete_private_files_after_commit(session, [previous])


def author_video_file(*, session: Session, actor_id: int | None, lesson_id: object) -> Path:
    """The uploaded video of a lesson, for its teacher's preview in the editor."""
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    return stored_private_file(lesson.video_path)


# --- attachments ----------------------------------------------------------------------------


def add_attachment(
    *, session: Session, actor_id: int | None, lesson_id: object, filename: object, data: bytes
) -> LessonAttachment:
    """Attach a file (pdf, zip, docx, pptx, xlsx, txt, md, png, jpg) to a lesson."""
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    extension = _extension(filename)
    extension = "jpg" if extension == "jpeg" else extension
    if extension not in ATTACHMENT_TYPES:
        raise Invalid(
            "this file type cannot be attached",
            message_key="authoring.error.attachment_type",
            field="attachment",
        )
    data = _check_size(data, "attachment")
    if not content_matches(extension, data):
        raise Invalid(
            f"the file is not a real .{extension} file",
            message_key="authoring.error.attachment_content",
            field="attachment",
        )
    count = session.scalar(
        select(func.count(LessonAttachment.id)).where(LessonAttachment.lesson_id == lesson.id)
    )
    if count >= MAX_ATTACHMENTS:
        raise Invalid(
            "too many attachments", message_key="authoring.error.too_many_files", field="attachment"
        )
    relative = f"private/attachments/{secrets.token_hex(16)}.{extension}"
    (private_dir("attachments") / Path(relative).name).write_bytes(data)
    attachment = LessonAttachment(
        lesson_id=lesson.id,
        filename=display_name(filename, extension),
        stored_path=relative,
        content_type=ATTACHMENT_TYPES[extension],
        size_bytes=len(data),
    )
    session.add(attachment)
    session.flush()
    return attachment


def delete_attachment(*, session: Session, actor_id: int | None, attachment_id: object) -> None:
    attachment = editable_attachment(
        session=session, actor_id=actor_id, attachment_id=attachment_id
    )
    stored = attachment.stored_path
    session.delete(attachment)
    session.flush()
    delete_private_files_after_commit(session, [stored])


def author_attachment_file(
    *, session: Session, actor_id: int | None, lesson_id: object, attachment_id: object
) -> tuple[Path, str, str]:
    """(path, download name, content type) of a lesson's attachment, for its teacher."""
    attachment = editable_attachment(
        session=session, actor_id=actor_id, attachment_id=attachment_id
    )
    if attachment.lesson_id != as_id(lesson_id, "lesson"):
        raise NotFound("attachment not found", message_key="authoring.error.attachment_not_found")
    return stored_private_file(attachment.stored_path), attachment.filename, attachment.content_type
