"""`python -m edu_platform.seed --size demo|large [--if-empty] [--database-url URL]
[--allow-production]`."""

from __future__ import annotations

import argparse
import sys

from edu_platform import db
from edu_platform.seed import SIZES, SeedRefused, run_seed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m edu_platform.seed", description="Fill the database with seed data."
    )
    parser.add_argument("--size", choices=SIZES, default="demo", help="which data set")
    parser.add_argument(
        "--if-empty", action="store_true", help="do nothing when any course already exists"
    )
    parser.add_argument(
        "--database-url", help="database to seed (default: DATABASE_URL from the settings)"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="large only: fraction of the full data set"
    )
    parser.add_argument("--no-banners", action="store_true", help="demo only: skip banner PNGs")
    parser.add_argument(
        "--allow-production",
        action="store_true",
        help="seed even with ENVIRONMENT=production (accounts with published passwords)",
    )
    return parser


def _normalise(url: str) -> str:
    # Same rule as Settings.database_url: PostgreSQL always through psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.scale <= 0:
        _parser().error("--scale must be positive")
    engine = db.make_engine(_normalise(args.database_url)) if args.database_url else db.get_engine()
    try:
        print(
            run_seed(
                args.size,
                engine=engine,
                if_empty=args.if_empty,
                with_banners=not args.no_banners,
                scale=args.scale,
                allow_production=args.allow_production,
            )
        )
    except SeedRefused as refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
