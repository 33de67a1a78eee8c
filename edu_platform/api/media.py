"""GET /api/v1/media/{path}: public media files (banners, avatars); the download answer of
a lesson attachment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from edu_platform import db
from edu_platform.services import media
from edu_platform.services.errors import NotFound

router = APIRouter(tags=["media"])


@router.get("/api/v1/media/{path:path}")
def public_media(
    path: str,
    w: int | None = Query(
        None,
        ge=min(media.THUMBNAIL_WIDTHS),
        le=max(media.THUMBNAIL_WIDTHS),
        description="a smaller copy of an image, WebP (widths: media.THUMBNAIL_WIDTHS, 600)",
    ),
) -> FileResponse:
    """The stored file; with `w`, an image scaled down to that width (the course cards'
    banners: media.THUMBNAIL_WIDTHS), made on first request."""
    file = media.resolve(path) if w is None else media.thumbnail(path, w)
    if file is None:
        raise NotFound(f"no media file {path}", field="path")
    return FileResponse(file, headers={"Cache-Control": "public, max-age=86400"})


def attachment_download(
    read_file: Callable[..., tuple[Path | str, str, str]], /, **kwargs: Any
) -> FileResponse:
    """A lesson attachment to download: `read_file(**kwargs)`, run in one transaction, gives
    its stored path, file name and content type."""
    path, filename, content_type = db.run_sync(read_file, **kwargs)
    return FileResponse(path, filename=filename, media_type=content_type)
