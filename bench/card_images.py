"""Benchmark: the image bytes of a catalog page's course cards, the stored banners against
the 600 px copies the cards take (`GET /api/v1/media/{path}?w=600`, services/media.py).

    python bench/card_images.py [--cards 12]

Draws the demo seed's banners into a temporary data folder (what `make run` serves), then
serves the first `--cards` of them through the API in-process, both ways: prints the bytes
of each way and their ratio, and the time to make one copy (its first request) and to
serve a kept one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402  (after the root is importable)

from edu_platform.seed import banners  # noqa: E402
from edu_platform.seed.demo import COURSES  # noqa: E402
from edu_platform.services import media  # noqa: E402
from edu_platform.settings import settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=12, help="a catalog page holds 12")
    args = parser.parse_args()
    from edu_platform.api.app import create_api

    with tempfile.TemporaryDirectory() as folder:
        settings.data_dir = Path(folder)
        courses = [(spec.slug, spec.title, spec.category) for spec in COURSES[: args.cards]]
        banners.ensure_banners(courses)
        client = TestClient(create_api())
        full = thumbs = 0
        made, kept = [], []
        for slug, _, _ in courses:
            url = media.MEDIA_URL_PREFIX + banners.banner_relative_path(slug)
            full += len(client.get(url).content)
            start = time.perf_counter()
            thumbs += len(client.get(f"{url}?w=600").content)
            made.append(time.perf_counter() - start)
            start = time.perf_counter()
            client.get(f"{url}?w=600")
            kept.append(time.perf_counter() - start)
    print(f"{len(courses)} course cards (the demo seed's banners)")
    print(f"  stored banners: {full / 1024:.0f} KB")
    print(f"  600 px copies:  {thumbs / 1024:.0f} KB ({full / thumbs:.1f}x fewer bytes)")
    print(
        f"  a copy's first request {statistics.median(made) * 1000:.0f} ms (made and kept), "
        f"later ones {statistics.median(kept) * 1000:.1f} ms (median)"
    )


if __name__ == "__main__":
    main()
