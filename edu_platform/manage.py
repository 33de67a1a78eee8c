"""Operator commands: `python -m edu_platform.manage <command> [options]`.

Commands:

- `banner`: print where the app answers and the demo sign-in accounts (after `make run`).
- `create-user --email E [--password P] --role admin|teacher|student [--name N]`: a new
  account through the same rules as registration (asks for the password twice when
  `--password` is left out).
- `set-role --email E --role R`, `block --email E`, `unblock --email E`: the admin
  panel's user changes, for operators (blocking ends the user's sessions and tokens).

Errors (taken email, weak password, unknown user) are one line on stderr, exit status 1.

Add a command by writing `_add_<name>(subparsers)`, which registers a subparser with
`set_defaults(handler=...)`, and listing it in `COMMANDS`.
"""

from __future__ import annotations

import argparse
import getpass
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


ROLES = ("student", "teacher", "admin")


class CommandError(Exception):
    """A failure to report as one line on stderr with exit status 1 (no traceback)."""


def _run_service(fn: Callable, /, **kwargs):
    """Run a service in one transaction; a DomainError becomes a CommandError."""
    # Imported here: parsing arguments (and --help) needs no database.
    from sqlalchemy.exc import SQLAlchemyError

    from edu_platform import db
    from edu_platform.services.errors import DomainError

    try:
        return db.run_sync(fn, **kwargs)
    except DomainError as error:
        prefix = f"{error.field}: " if error.field else ""
        raise CommandError(prefix + error.detail) from None
    except SQLAlchemyError as error:
        reason = str(error).splitlines()[0]
        raise CommandError(f"database: {reason} (is it migrated? `make migrate`)") from None


def _ask_password() -> str | None:
    try:
        first = getpass.getpass("Password: ")
        second = getpass.getpass("Password (again): ")
    except EOFError:  # no terminal and nothing piped in
        raise CommandError("no password given: type it at the prompt or pass --password") from None
    return first if first == second else None


def _create_user(args: argparse.Namespace) -> int:
    from edu_platform.services import accounts

    password = args.password
    if password is None:
        password = _ask_password()
        if password is None:
            raise CommandError("passwords do not match")
    name = args.name if args.name is not None else args.email.split("@", 1)[0]

    def create(*, session):
        user = accounts.register(
            session=session,
            email=args.email,
            password=password,
            full_name=name,
            role=args.role,
            verified=True,
        )
        return user.id, user.email, user.role

    user_id, email, role = _run_service(create)
    print(f"created user {user_id}: {email} ({role})")
    return 0


def _add_create_user(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "create-user",
        help="create an account (same rules as registration)",
        description="Create an account. Without --password, the password is asked twice.",
    )
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", help="omit to be asked (not echoed)")
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--name", help="full name (default: the part of the email before @)")
    parser.set_defaults(handler=_create_user)


def _change_user(args: argparse.Namespace) -> int:
    from edu_platform.services import users_admin

    row = _run_service(
        users_admin.update_user_as_system,
        email=args.email,
        role=getattr(args, "role", None),
        is_active=args.is_active,
    )
    state = "active" if row.is_active else "blocked"
    print(f"user {row.id}: {row.email} ({row.role}, {state})")
    return 0


def _add_set_role(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("set-role", help="change a user's role")
    parser.add_argument("--email", required=True)
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.set_defaults(handler=_change_user, is_active=None)


def _add_block(subparsers: argparse._SubParsersAction) -> None:
    for name, is_active, help_text in (
        ("block", False, "block a user and end their sessions and API tokens"),
        ("unblock", True, "let a blocked user sign in again"),
    ):
        parser = subparsers.add_parser(name, help=help_text)
        parser.add_argument("--email", required=True)
        parser.set_defaults(handler=_change_user, is_active=is_active)


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_banner,
    _add_create_user,
    _add_set_role,
    _add_block,
]


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
    try:
        return args.handler(args)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
