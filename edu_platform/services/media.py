"""Public media (course banners, avatars): stored under data/media, served by the API.

Private files (paid videos, certificates, import files) live elsewhere and are served
only through routes that check access.
"""

from __future__ import annotations

import io
import os
import secrets
import warnings
from collections.abc import Collection
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from edu_platform.services.errors import Invalid
from edu_platform.settings import settings

MEDIA_URL_PREFIX = "/api/v1/media/"
# Widths a public image is also served at (`?w=`): a course card shows its banner about
# 280-300 px wide, so 600 covers a 2x screen at a fraction of the full banner's bytes. A
# fixed list, so that no caller can fill the disk with sizes.
THUMBNAIL_WIDTHS = (600,)
THUMBNAIL_DIR = ".thumbs"
THUMBNAIL_SOURCES = {".png", ".jpg", ".jpeg", ".webp"}
# Stored images are checked on upload (authoring: 40 megapixels); a copy is made of no more.
MAX_THUMBNAIL_SOURCE_PIXELS = 40_000_000


# Path separators and the characters file systems reserve.
_RESERVED_IN_NAMES = set('/\\:*?"<>|')


def readable_name(filename: object) -> str:
    """An uploaded file's name as people may be shown it: no path; no control characters
    and no invisible marks that change how a name reads (str.isprintable: a right-to-left
    override would show "notes\u202efdp.txt" as "notestxt.pdf", zero-width characters,
    the byte order mark); no reserved characters; spaces collapsed. "" when none is left."""
    name = str(filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if ch in _RESERVED_IN_NAMES or not ch.isprintable() else ch for ch in name)
    return " ".join(name.split()).strip(". ")


def media_root() -> Path:
    return settings.data_dir / "media"


def public_url(relative_path: str) -> str:
    """The URL of a stored public file, e.g. 'banners/ab12.png'."""
    if relative_path.startswith(("http://", "https://", "/")):
        return relative_path
    return MEDIA_URL_PREFIX + relative_path


def resolve(relative_path: str) -> Path | None:
    """The file for a public media path, or None when it is missing, escapes the root or is
    a kept thumbnail (served only for its image, `thumbnail()`)."""
    root = media_root().resolve()
    candidate = (root / relative_path).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    if candidate.relative_to(root).parts[0] == THUMBNAIL_DIR:
        return None
    return candidate


def delete(relative_path: str) -> None:
    """Remove a stored public file and its thumbnails (gone already, or outside the root:
    nothing to do)."""
    path = resolve(relative_path)
    if path is not None:
        path.unlink(missing_ok=True)
        for width in THUMBNAIL_WIDTHS:
            _thumbnail_path(path, width).unlink(missing_ok=True)


def _thumbnail_path(source: Path, width: int) -> Path:
    root = media_root().resolve()
    return root / THUMBNAIL_DIR / str(width) / f"{source.relative_to(root)}.webp"


def thumbnail(relative_path: str, width: int) -> Path | None:
    """A stored public image scaled down to `width` (kept as it is when narrower) as WebP,
    made on first request and kept beside the media (`.thumbs/<width>/`) with its image's
    modification time, remade when that differs; None when there is no such image. Written
    under a temporary name and renamed, so two requests at once each serve a whole file.
    Invalid(field="w") for a width not in THUMBNAIL_WIDTHS."""
    if width not in THUMBNAIL_WIDTHS:
        widths = ", ".join(map(str, THUMBNAIL_WIDTHS))
        raise Invalid(f"w must be one of {widths}", field="w")
    source = resolve(relative_path)
    if source is None or source.suffix.lower() not in THUMBNAIL_SOURCES:
        return None
    target = _thumbnail_path(source, width)
    source_time = source.stat().st_mtime_ns
    if target.is_file() and target.stat().st_mtime_ns == source_time:
        return target
    try:
        with Image.open(source) as image:
            if image.width * image.height > MAX_THUMBNAIL_SOURCE_PIXELS:
                return None
            image.load()
            picture = image.convert("RGBA" if image.has_transparency_data else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return None
    if picture.width > width:
        height = max(1, round(picture.height * width / picture.width))
        picture = picture.resize((width, height), Image.Resampling.LANCZOS)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
    picture.save(partial, format="WEBP", quality=80, method=4)
    os.utime(partial, ns=(source_time, source_time))
    partial.replace(target)
    if not source.exists():  # deleted meanwhile (delete() may have missed the copy)
        target.unlink(missing_ok=True)
        return None
    return target


def open_image(
    data: bytes, formats: Collection[str], max_pixels: int, refused: Invalid
) -> Image.Image:
    """An uploaded image, decoded and turned upright (EXIF orientation); `refused` is
    raised when the bytes are not one of `formats` (whatever the file was called), hold
    more than `max_pixels`, are broken, or are a decompression bomb."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(formats))
            if image.format not in formats:
                raise refused
            if image.width * image.height > max_pixels:
                raise refused
            image.load()
            return ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise refused from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise refused from error
