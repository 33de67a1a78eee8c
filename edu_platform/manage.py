"""Operator commands: `python -m edu_platform.manage <command> [options]`.

Commands:

- `banner`: print where the app answers and the demo sign-in accounts (after `make run`).

Add a command by writing `_add_<name>(subparsers)`, which registers a subparser with
`set_defaults(handler=...)`, and listing it in `COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from edu_platform.settings import settings


def banner_text() -> str:
    """The start-up banner: the public URL and the demo accounts with their passwords."""
    # Imported here: the models (and the database layer) are not needed for parsing args.
    from edu_platform.seed.demo import DEMO_ACCOUNTS

    width = max(len(account.email) for account in DEMO_ACCOUNTS)
    lines = [
        "",
        f"  EduPlatform: {settings.public_url}",
        "",
        "  Demo accounts (created by the demo seed):",
    ]
    lines += [
        f"    {account.role.value:<8} {account.email:<{width}}  {account.password}"
        for account in DEMO_ACCOUNTS
    ]
    lines += ["    (every other seeded user signs in with the same password)", ""]
    return "\n".join(lines)


def _banner(_args: argparse.Namespace) -> int:
    print(banner_text())
    return 0


def _add_banner(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "banner", help="print the app URL and the demo accounts", description=banner_text.__doc__
    )
    parser.set_defaults(handler=_banner)


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [_add_banner]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m edu_platform.manage", description="EduPlatform operator commands."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="command")
    for add_command in COMMANDS:
        add_command(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
