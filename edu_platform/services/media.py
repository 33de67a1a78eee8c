"""Public media (course banners, avatars): stored under data/media, served by the API.

Private files (paid videos, certificates, import files) live elsewhere and are served
only through routes that check access.
"""

from __future__ import annotations

from pathlib import Path

from edu_platform.settings import settings

MEDIA_URL_PREFIX = "/api/v1/media/"


def media_root() -> Path:
    return settings.data_dir / "media"


def public_url(relative_path: str) -> str:
    """The URL of a stored public file, e.g. 'banners/ab12.png'."""
    if relative_path.startswith(("http://", "https://", "/")):
        return relative_path
    return MEDIA_URL_PREFIX + relative_path


def resolve(relative_path: str) -> Path | None:
    """The file for a public media path, or None when it is missing or escapes the root."""
    root = media_root().resolve()
    candidate = (root / relative_path).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate
