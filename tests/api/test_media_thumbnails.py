"""Course cards take their banner 600 px wide: `GET /api/v1/media/{path}?w=600` serves a
stored image scaled down as WebP, made once and kept under media/.thumbs/, remade when the
image changes and removed with it; any other width is a 422 naming `w`."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from edu_platform.services import media


def _png(width: int, height: int, colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def banners(tmp_path, monkeypatch) -> Path:
    from edu_platform.settings import settings

    monkeypatch.setattr(settings, "data_dir", tmp_path)
    folder = tmp_path / "media" / "banners"
    folder.mkdir(parents=True)
    (folder / "wide.png").write_bytes(_png(1200, 600))
    (folder / "small.png").write_bytes(_png(300, 150))
    (folder / "notes.txt").write_text("not an image")
    (tmp_path / "outside.png").write_bytes(_png(800, 400))  # beside media/, not in it
    return folder


def _image(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def test_a_banner_is_served_600_wide_as_webp_and_kept(media_client, banners):
    full = media_client.get("/api/v1/media/banners/wide.png")
    response = media_client.get("/api/v1/media/banners/wide.png?w=600")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/webp"
    assert response.headers["cache-control"] == "public, max-age=86400"
    image = _image(response.content)
    assert (image.format, image.size) == ("WEBP", (600, 300))
    assert image.getpixel((300, 150))[0] > 200  # still red
    assert len(response.content) < len(full.content)
    kept = banners.parent / ".thumbs" / "600" / "banners" / "wide.png.webp"
    assert kept.read_bytes() == response.content
    # Kept with its image's time: a copy of another time is remade.
    assert kept.stat().st_mtime_ns == (banners / "wide.png").stat().st_mtime_ns
    kept.write_bytes(b"the kept copy")
    again = media_client.get("/api/v1/media/banners/wide.png?w=600")
    assert again.content == response.content  # remade: the copy's time changed
    untouched = kept.stat().st_mtime_ns
    assert media_client.get("/api/v1/media/banners/wide.png?w=600").content == again.content
    assert kept.stat().st_mtime_ns == untouched  # served from the kept copy


def test_a_kept_copy_is_not_served_as_a_file_of_its_own(media_client, banners):
    """Only for its image: the copy of a banner removed meanwhile is never public."""
    media_client.get("/api/v1/media/banners/wide.png?w=600")
    assert (banners.parent / ".thumbs" / "600" / "banners" / "wide.png.webp").is_file()
    response = media_client.get("/api/v1/media/.thumbs/600/banners/wide.png.webp")
    assert (response.status_code, response.json()["field"]) == (404, "path")


def test_a_transparent_image_keeps_its_transparency(media_client, banners):
    buffer = io.BytesIO()
    Image.new("RGBA", (1000, 500), (0, 0, 255, 0)).save(buffer, format="PNG")
    (banners / "clear.png").write_bytes(buffer.getvalue())
    image = _image(media_client.get("/api/v1/media/banners/clear.png?w=600").content)
    assert (image.mode, image.size, image.getpixel((5, 5))[3]) == ("RGBA", (600, 300), 0)


def test_a_narrower_image_is_not_enlarged(media_client, banners):
    response = media_client.get("/api/v1/media/banners/small.png?w=600")
    assert response.status_code == 200
    assert _image(response.content).size == (300, 150)


def test_a_changed_banner_gets_a_new_thumbnail(media_client, banners):
    first = media_client.get("/api/v1/media/banners/wide.png?w=600")
    kept = banners.parent / ".thumbs" / "600" / "banners" / "wide.png.webp"
    source = banners / "wide.png"
    source.write_bytes(_png(1000, 1000, "blue"))
    earlier = kept.stat().st_mtime - 60  # a restored file may carry an older time
    os.utime(source, (earlier, earlier))
    second = media_client.get("/api/v1/media/banners/wide.png?w=600")
    assert second.content != first.content
    image = _image(second.content)
    assert image.size == (600, 600)
    assert image.getpixel((10, 10))[2] > 200  # blue now


def test_deleting_a_banner_removes_its_thumbnail(media_client, banners):
    media_client.get("/api/v1/media/banners/wide.png?w=600")
    kept = banners.parent / ".thumbs" / "600" / "banners" / "wide.png.webp"
    assert kept.is_file()
    media.delete("banners/wide.png")
    assert not kept.exists()
    assert not (banners / "wide.png").exists()
    gone = media_client.get("/api/v1/media/banners/wide.png?w=600")
    assert gone.status_code == 404


@pytest.mark.parametrize("width", ["599", "1200", "0", "wide"])
def test_another_width_is_422_naming_w(media_client, banners, width):
    response = media_client.get(f"/api/v1/media/banners/wide.png?w={width}")
    assert (response.status_code, response.json()["field"]) == (422, "w")
    assert not (banners.parent / ".thumbs").exists()


@pytest.mark.parametrize(
    "path",
    [
        "banners/missing.png",
        "banners/notes.txt",  # not an image
        "%2e%2e/outside.png",  # outside the media folder
        ".thumbs/600/banners/wide.png.webp",  # no thumbnail of a thumbnail
    ],
)
def test_no_thumbnail_of_what_is_not_a_stored_image(media_client, banners, path):
    media_client.get("/api/v1/media/banners/wide.png?w=600")
    response = media_client.get(f"/api/v1/media/{path}?w=600")
    assert response.status_code == 404
    assert response.json()["field"] == "path"
