"""Scenario A (#13): N learners take the same quiz over the websocket at once.

    python bench/load/quiz_learners.py --database-url sqlite:////tmp/edu-load/edu.db
        [--url http://127.0.0.1:3990] [--learners 500] [--minutes 5] [--interval 10]
        [--join 10]

Seeds (once, idempotent) `--learners` learners `quizload<i>@example.test`, each enrolled in
the course of one quiz (the first without a random draw; its single-choice questions are
answered; a timed quiz runs its per-second countdown on the server) and holding an
active session whose cookie token is known, straight into the server's database. Then
each learner, over Reflex's Socket.IO protocol on `/_event` (bench/load/ws_visitors.py),
opens the quiz lesson in the player within `--join` seconds (hydrate + on_load, which
loads the quiz's intro too), starts an attempt (`QuizState.start`) and answers one
question every `--interval` seconds for `--minutes` minutes (`QuizState.choose`, cycling
through the questions, a different option each round). A round trip runs from the event
sent to the server's delta that carries its result.

Prints p50/p95/p99 of the page load, the quiz start and the answer save, errors, the
server's CPU (% of one core; beside it its threads' wait for a CPU) and RSS, the harness's
own CPU and the load average, and checks the database: every learner's last choice per
question must be the saved one (lost answers = expected - found).
Only 127.0.0.1 / localhost targets are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ws_visitors import (
    NAMESPACE,
    ROOT,
    Results,
    Visitor,
    _cpu,
    _pct,
    _run_delay,
    discover,
    measured_processes,
    rss_mb,
)
from wsproto.events import Request
from wsproto.extensions import PerMessageDeflate

from edu_platform.services.passwords import hash_token
from edu_platform.services.sessions import SESSION_COOKIE

QUIZ = f"{ROOT}.edu_platform___state___quiz____quiz_state"
EMAIL = "quizload{}@example.test"
TOKEN = "quiz-load-token-{}-bench-only"


# --- seed ---------------------------------------------------------------------------------


@dataclass
class Plan:
    slug: str
    course_id: int
    lesson_id: int
    quiz_id: int
    questions: list[tuple[int, list[int]]]  # question id -> option ids, in order
    users: list[int] = field(default_factory=list)


def pick_quiz(conn) -> Plan:
    rows = conn.execute(
        sa.text(
            """
            SELECT q.id, q.lesson_id, c.id, c.slug FROM quiz q
            JOIN course c ON c.id = q.course_id
            WHERE c.is_published AND q.questions_per_attempt IS NULL
            ORDER BY q.id
            """
        )
    ).all()
    for quiz_id, lesson_id, course_id, slug in rows:
        questions = []
        for (question_id,) in conn.execute(
            sa.text(
                "SELECT id FROM question WHERE quiz_id = :q AND kind = 'single'"
                " ORDER BY position, id"
            ),
            {"q": quiz_id},
        ):
            options = conn.execute(
                sa.text(
                    "SELECT id FROM answer_option WHERE question_id = :q ORDER BY position, id"
                ),
                {"q": question_id},
            ).scalars()
            questions.append((question_id, list(options)))
        if len(questions) >= 2 and all(len(options) >= 2 for _, options in questions):
            return Plan(slug, course_id, lesson_id, quiz_id, questions)
    raise SystemExit("no quiz fits (2+ single-choice questions, no draw): seed first")


def seed(database_url: str, learners: int) -> Plan:
    engine = sa.create_engine(database_url)
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        plan = pick_quiz(conn)
        have = dict(
            conn.execute(
                sa.text("SELECT email, id FROM \"user\" WHERE email LIKE 'quizload%@example.test'")
            ).all()
        )
        users = sa.table(
            "user",
            *(sa.column(c) for c in ("email", "full_name", "role", "locale", "is_active")),
            sa.column("email_verified_at"),
            sa.column("created_at"),
            sa.column("updated_at"),
            sa.column("bio"),
        )
        missing = [EMAIL.format(i) for i in range(learners) if EMAIL.format(i) not in have]
        if missing:
            conn.execute(
                users.insert(),
                [
                    {
                        "email": email,
                        "full_name": f"Load {email.split('@')[0][8:]}",
                        "role": "student",
                        "locale": "en",
                        "is_active": True,
                        "bio": "",
                        "email_verified_at": now,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for email in missing
                ],
            )
            have = dict(
                conn.execute(
                    sa.text(
                        "SELECT email, id FROM \"user\" WHERE email LIKE 'quizload%@example.test'"
                    )
                ).all()
            )
        plan.users = [have[EMAIL.format(i)] for i in range(learners)]
        enrolled = set(
            conn.execute(
                sa.text("SELECT user_id FROM enrollment WHERE course_id = :c"),
                {"c": plan.course_id},
            ).scalars()
        )
        rows = [{"u": uid, "c": plan.course_id} for uid in plan.users if uid not in enrolled]
        if rows:
            conn.execute(
                sa.text(
                    "INSERT INTO enrollment (user_id, course_id, status, progress_percent,"
                    " completed_lessons, points, source, enrolled_at)"
                    " VALUES (:u, :c, 'active', 0, 0, 0, 'free', CURRENT_TIMESTAMP)"
                ),
                rows,
            )
        sessions = set(
            conn.execute(
                sa.text("SELECT token_hash FROM auth_session WHERE user_id IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": plan.users},
            ).scalars()
        )
        rows = [
            {"h": hash_token(TOKEN.format(i)), "u": uid}
            for i, uid in enumerate(plan.users)
            if hash_token(TOKEN.format(i)) not in sessions
        ]
        if rows:
            conn.execute(
                sa.text(
                    "INSERT INTO auth_session (token_hash, user_id, created_at, last_seen_at,"
                    " expires_at, activated_at) VALUES (:h, :u, CURRENT_TIMESTAMP,"
                    " CURRENT_TIMESTAMP, :exp, CURRENT_TIMESTAMP)"
                ),
                [{**row, "exp": "2099-01-01 00:00:00"} for row in rows],
            )
        # A fresh attempt each run: earlier runs' attempts of these learners go.
        conn.execute(
            sa.text(
                "DELETE FROM attempt_answer WHERE attempt_id IN (SELECT id FROM quiz_attempt"
                " WHERE quiz_id = :q AND user_id IN :ids)"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"q": plan.quiz_id, "ids": plan.users},
        )
        conn.execute(
            sa.text("DELETE FROM quiz_attempt WHERE quiz_id = :q AND user_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"q": plan.quiz_id, "ids": plan.users},
        )
    engine.dispose()
    return plan


def saved_answers(database_url: str, plan: Plan) -> dict[tuple[int, int], list[int]]:
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT a.user_id, x.question_id, x.selected_option_ids FROM attempt_answer x"
                " JOIN quiz_attempt a ON a.id = x.attempt_id"
                " WHERE a.quiz_id = :q AND a.user_id IN :ids"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"q": plan.quiz_id, "ids": plan.users},
        ).all()
    engine.dispose()
    out = {}
    for user_id, question_id, options in rows:
        if isinstance(options, str):
            options = json.loads(options)
        out[user_id, question_id] = [int(o) for o in options or []]
    return out


# --- one learner --------------------------------------------------------------------------


class Learner(Visitor):
    """A signed-in tab (session cookie on the websocket) that times each event."""

    def __init__(self, site, results, token: str, path: str, query: dict):
        super().__init__(site, results, "en-US,en;q=0.9", deflate=False)
        self.cookie = f"{SESSION_COOKIE}={token}"
        self.path = path
        self.query = query
        self.final = asyncio.Event()
        self.want = ""

    async def open(self, path: str) -> None:  # the parent's, plus the Cookie header
        site = self.site
        self.reader, self.writer = await asyncio.open_connection(site.host, site.port)
        request = Request(
            host=f"{site.host}:{site.port}",
            target=f"{NAMESPACE}/?token={os.urandom(8).hex()}&EIO=4&transport=websocket",
            subprotocols=[site.version] if site.version else [],
            extensions=[PerMessageDeflate()] if self.deflate else [],
            extra_headers=[
                (b"origin", site.origin.encode()),
                (b"user-agent", b"Mozilla/5.0 quiz_learners/1.0"),
                (b"accept-language", self.accept_language.encode()),
                (b"cookie", self.cookie.encode()),
            ],
        )
        self.writer.write(self.ws.send(request))
        self._reader_task = asyncio.create_task(self._read_loop())

    def boot_auth(self) -> str:
        auth = json.loads(super().boot_auth()[len(NAMESPACE) + 3 :])
        auth["event"]["router_data"]["query"] = self.query
        return f"40{NAMESPACE}," + json.dumps(auth, separators=(",", ":"))

    def _on_packet(self, text: str) -> None:
        super()._on_packet(text)
        if self.want and self.want in text:
            self.final.set()

    async def call(self, handler: str, payload: dict, want: str, timeout: float) -> float | None:
        """Send one QuizState event; its round trip ends with the delta carrying `want`
        (Reflex 0.10 frames have no end-of-event mark, and a timed quiz's ticks send deltas
        of their own)."""
        self.final, self.want = asyncio.Event(), want
        router = {
            "pathname": "/learn/[slug]/[lesson_ref]",
            "asPath": self.path,
            "query": self.query,
        }
        started = time.perf_counter()
        self.emit({"name": f"{QUIZ}.{handler}", "router_data": router, "payload": payload})
        await self.writer.drain()
        try:
            await asyncio.wait_for(self.final.wait(), timeout)
        except TimeoutError:
            return None
        return None if self.closed else (time.perf_counter() - started) * 1000


@dataclass
class Tally:
    start_ms: list[float] = field(default_factory=list)
    save_ms: list[float] = field(default_factory=list)
    load_ms: list[float] = field(default_factory=list)
    errors: int = 0
    failed_at: dict[str, int] = field(default_factory=dict)  # the stage each error stopped
    expected: dict[tuple[int, int], list[int]] = field(default_factory=dict)

    def fail(self, stage: str) -> None:
        self.errors += 1
        self.failed_at[stage] = self.failed_at.get(stage, 0) + 1


async def learner(site, plan: Plan, index: int, opts, tally: Tally, results: Results) -> None:
    token = TOKEN.format(index)
    path = f"/learn/{plan.slug}/{plan.lesson_id}"
    query = {"slug": plan.slug, "lesson_ref": str(plan.lesson_id)}
    tab = Learner(site, results, token, path, query)
    await asyncio.sleep(opts.join * index / max(opts.learners, 1))
    timeout = 60.0
    try:
        started = time.perf_counter()
        await asyncio.wait_for(tab.open(path), timeout)
        await asyncio.wait_for(tab.connected.wait(), timeout)
        if not await tab.wait_op(timeout):
            tally.fail("page load")
            return
        # The page load carries the quiz's intro too (QuizState.load_with_player).
        tally.load_ms.append((time.perf_counter() - started) * 1000)
        elapsed = await tab.call("start", {}, '"attempt_rx_state_":{', timeout)
        if elapsed is None:
            tally.fail("start")
            return
        tally.start_ms.append(elapsed)
        end_at = opts.t0 + opts.minutes * 60
        step = 0
        next_at = time.time() + opts.interval * ((index % 10) + 1) / 10
        while next_at < end_at and not tab.closed:
            await asyncio.sleep(max(0.0, next_at - time.time()))
            next_at += opts.interval
            question_id, options = plan.questions[step % len(plan.questions)]
            option = options[(step // len(plan.questions) + index) % len(options)]
            step += 1
            elapsed = await tab.call(
                "choose",
                {"question_id": question_id, "option_id": str(option)},
                '"single_rx_state_"',
                timeout,
            )
            if elapsed is None:
                tally.fail("answer")
                break
            tally.save_ms.append(elapsed)
            tally.expected[plan.users[index], question_id] = [option]
    except (OSError, TimeoutError) as error:
        results.error(f"learner {index}: {error!r}")
        tally.fail("connection")
    finally:
        await tab.close()


def _row(name: str, values: list[float]) -> str:
    if not values:
        return f"{name:<14} none"
    return (
        f"{name:<14} n={len(values):<6} p50 {_pct(values, 50):7.0f} ms  p95 "
        f"{_pct(values, 95):7.0f} ms  p99 {_pct(values, 99):7.0f} ms  "
        f"mean {statistics.fmean(values):7.0f} ms"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:3990")
    parser.add_argument("--database-url", required=True, help="the server's DATABASE_URL")
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--interval", type=float, default=10, help="seconds between answers")
    parser.add_argument("--join", type=float, default=10, help="seconds over which all join")
    parser.add_argument(
        "--server-ports",
        default="",
        help="behind a proxy (bench/load/cluster.py): the backends' ports, to measure them",
    )
    opts = parser.parse_args(argv)
    plan = seed(opts.database_url, opts.learners)
    print(
        f"quiz {plan.quiz_id} (lesson {plan.lesson_id}, course {plan.slug}): "
        f"{len(plan.questions)} questions; {opts.learners} learners seeded"
    )
    site = discover(opts.url, f"/course/{plan.slug}")
    ports = [int(port) for port in opts.server_ports.split(",") if port]
    server = measured_processes(site.port, ports)
    tally, results = Tally(), Results()
    cpu0, wall0, load0 = _cpu(server), time.time(), os.getloadavg()[0]
    wait0, own0 = _run_delay(server), time.process_time()

    async def run() -> None:
        opts.t0 = time.time()
        await asyncio.gather(
            *(learner(site, plan, i, opts, tally, results) for i in range(opts.learners))
        )

    asyncio.run(run())
    wall = time.time() - wall0
    cpu = (_cpu(server) - cpu0) / wall * 100
    wait = (_run_delay(server) - wait0) / wall * 100
    own = (time.process_time() - own0) / wall * 100
    saved = saved_answers(opts.database_url, plan)
    found = sum(1 for key, options in tally.expected.items() if saved.get(key) == options)
    print(_row("page load", tally.load_ms))
    print(_row("quiz start", tally.start_ms))
    print(_row("answer save", tally.save_ms))
    stages = ", ".join(f"{stage} {count}" for stage, count in tally.failed_at.items())
    print(
        f"errors {tally.errors} (connect {results.connect_errors}, dropped {results.dropped}"
        f"{'; stopped at ' + stages if stages else ''})"
        f"{'  ' + '; '.join(results.errors_seen) if results.errors_seen else ''}"
    )
    print(
        f"answers: {len(tally.expected)} expected (last choice per learner and question),"
        f" {found} saved as sent, lost {len(tally.expected) - found}"
    )
    print(
        f"server CPU {cpu:.0f} % of one core (waiting for a CPU {wait:.0f} %), RSS "
        f"{rss_mb(server):.0f} MB; harness CPU {own:.0f} %; "
        f"load average {load0:.1f} -> {os.getloadavg()[0]:.1f}; {wall:.0f} s"
    )


if __name__ == "__main__":
    main()
