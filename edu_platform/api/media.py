"""GET /api/v1/media/{path}: public media files (banners, avatars)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from edu_platform.services import media
from edu_platform.services.errors import NotFound

router = APIRouter(tags=["media"])


@router.get("/api/v1/media/{path:path}")
def public_media(path: str) -> FileResponse:
    file = media.resolve(path)
    if file is None:
        raise NotFound(f"no media file {path}", field="path")
    return FileResponse(file, headers={"Cache-Control": "public, max-age=86400"})
