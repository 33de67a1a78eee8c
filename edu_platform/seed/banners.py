"""Course banners for seeded courses: a gradient in the category's colour, shapes, the title.

Drawn locally with Pillow and the DejaVu font shipped in `assets/fonts/` (no network).
Files go to `media_root()/banners/<slug>.png`; the course stores "banners/<slug>.png".
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from edu_platform.services.media import media_root
from edu_platform.settings import PROJECT_ROOT

WIDTH, HEIGHT = 800, 400
FONT_PATH = PROJECT_ROOT / "assets" / "fonts" / "DejaVuSans-Bold.ttf"

# (top-left colour, bottom-right colour) per category slug.
CATEGORY_COLOURS: dict[str, tuple[str, str]] = {
    "programming": ("#1e3a8a", "#0ea5e9"),
    "data-science": ("#4c1d95", "#a855f7"),
    "design": ("#9d174d", "#f472b6"),
    "marketing": ("#9a3412", "#fb923c"),
    "business": ("#064e3b", "#10b981"),
    "languages": ("#7c2d12", "#eab308"),
    "soft-skills": ("#134e4a", "#2dd4bf"),
}
DEFAULT_COLOURS = ("#1f2937", "#6b7280")


def banner_relative_path(slug: str) -> str:
    """The value stored in `course.banner` for a seeded course."""
    return f"banners/{slug}.png"


def _hex_to_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@lru_cache(maxsize=1)
def _diagonal_mask() -> Image.Image:
    # A horizontal ramp skewed by a vertical one: a cheap diagonal gradient mask.
    horizontal = Image.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT))
    vertical = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    return Image.blend(horizontal, vertical, 0.35).transpose(Image.Transpose.FLIP_LEFT_RIGHT)


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if FONT_PATH.is_file():
        return ImageFont.truetype(str(FONT_PATH), size)
    return ImageFont.load_default()


def render_banner(path: Path, *, title: str, category_slug: str | None, seed: int = 0) -> None:
    """Draw one 800×400 PNG banner for a course titled `title` at `path`."""
    start, end = CATEGORY_COLOURS.get(category_slug or "", DEFAULT_COLOURS)
    image = Image.composite(
        Image.new("RGB", (WIDTH, HEIGHT), _hex_to_rgb(end)),
        Image.new("RGB", (WIDTH, HEIGHT), _hex_to_rgb(start)),
        _diagonal_mask(),
    )
    overlay = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    # A few translucent circles, placed from the seed so that banners differ.
    for index in range(4):
        radius = 60 + (seed * 37 + index * 53) % 140
        centre_x = 420 + (seed * 91 + index * 173) % 420
        centre_y = (seed * 59 + index * 131) % HEIGHT
        alpha = 28 + (index * 11) % 30
        draw.ellipse(
            (centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius),
            fill=(255, 255, 255, alpha),
        )
    draw.rounded_rectangle((40, 300, 160, 308), radius=4, fill=(255, 255, 255, 200))
    image = Image.alpha_composite(image.convert("RGBA"), overlay)

    draw = ImageDraw.Draw(image)
    initial = title.strip()[:1].upper() or "?"
    draw.text((40, 40), initial, font=_font(120), fill=(255, 255, 255, 235))
    lines = textwrap.wrap(title, width=28)[:3]
    draw.multiline_text(
        (40, 300 - 44 * len(lines) - 12),
        "\n".join(lines),
        font=_font(36),
        fill=(255, 255, 255, 255),
        spacing=8,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    image.convert("RGB").save(path, format="PNG", compress_level=1)


def ensure_banners(courses: list[tuple[str, str, str | None]]) -> int:
    """Draw missing banners for `(slug, title, category_slug)` courses; gives the number drawn."""
    root = media_root()
    drawn = 0
    for seed, (slug, title, category_slug) in enumerate(courses):
        path = root / banner_relative_path(slug)
        if path.exists():
            continue
        render_banner(path, title=title, category_slug=category_slug, seed=seed)
        drawn += 1
    return drawn
