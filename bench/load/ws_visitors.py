"""Simulated visitors on the app's real websocket protocol: how many one server holds.

    python bench/load/ws_visitors.py [--url http://127.0.0.1:3000] [--levels 25,100,200]
        [--duration 60] [--interval 5] [--workers N] [--deflate] [--json out.json]

Each visitor does what a browser tab does on the site, over Socket.IO on `/_event` (a
raw websocket, Engine.IO v4, the frames the Reflex 0.10 frontend sends, captured from
Chromium): it connects with its hydrate event in the CONNECT packet (with the compiled
state hashes and schema read from the served JavaScript, as the page would), waits for
the page's on_load chain to finish (`is_hydrated` true), then every `--interval` seconds
navigates, alternating
- a catalog search: the header search form (`SearchState.submit`), the `_redirect` it
  answers with, and the catalog page's on_load for `/catalog?q=<word>`;
- a course page: the course page's on_load for `/course/<slug>` (slugs from
  `GET /api/v1/courses`); the header's counts load in the page's one on_load event
  (edu_platform/state/page_load.py), so no component sends a mount event.
With `--browse` (scenario B of #13) each navigation is drawn at random instead: the home
page (its on_load for `/`), a catalog search or a course page (twice as likely).
A navigation's time runs from its first frame sent to the `is_hydrated: true` delta; its
bytes are everything the server sends until the next navigation starts.

Per level it prints navigations/s, round-trip p50/p95/p99, errors (connections refused
or dropped, navigations unfinished at the end) and navigations over `--slow` seconds,
KB per navigation and per page load (decompressed frame text, and on the wire), page
load p95, the server's CPU (the process tree listening on the port, % of one core) and,
in brackets, the time its threads waited for a CPU (Linux schedstat: high when other work
on the machine starves the server), the server's CPU time per navigation (the figure that
does not depend on what else runs: one process on an idle core serves about 1000 ms / it
navigations a second), its RSS, the harness's own CPU (so the client is seen not to be the
bottleneck) and the machine's 1-minute load average.
Visitors of a level connect over `--ramp` seconds; the level ends after `--duration`
seconds plus up to `--grace` seconds for unfinished navigations; then every socket
closes. Only 127.0.0.1 / localhost targets are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import multiprocessing
import os
import random
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Ping,
    RejectConnection,
    Request,
    TextMessage,
)
from wsproto.extensions import PerMessageDeflate

ROOT = "reflex___state____state"
HYDRATE = f"{ROOT}.hydrate_and_load"
ON_LOAD = f"{ROOT}.reflex___state____on_load_internal_state.on_load_internal"
SEARCH_SUBMIT = f"{ROOT}.edu_platform___state___search____search_state.submit"
HYDRATED = '"is_hydrated_rx_state_":true'
NAMESPACE = "/_event"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) ws_visitors/1.0"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def is_local(host: str | None) -> bool:
    """localhost or any loopback address (the browser suite's second server listens on
    127.0.0.2)."""
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


# Scenario B (#13, `--browse`): what a browsing visitor's next page is, drawn at random:
# a course page twice as often as the home page or a catalog search.
BROWSE_MIX = ("home", "search", "course", "course")


# --- what the served frontend tells the harness ----------------------------------------


@dataclass
class Site:
    host: str
    port: int
    origin: str
    version: str
    state_schema: str | None
    hashes: list[str] | None
    slugs: list[str]
    words: list[str]


def _get(url: str, timeout: float = 30) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8", "replace")


_SCHEMA = re.compile(r"stateSchema\s*[=:]\s*[`\"']([0-9a-f]{32})[`\"']")
_HASH_LIST = re.compile(
    r"[`\"'\[]((?:\"?[0-9a-f]{16}\"?[.,]\s*)+\"?[0-9a-f]{16}\"?)[`\"'\]]"
    r"(?:\.split\([`\"']\.[`\"']\))?\s*,\s*(?:export\s+const\s+)?stateSchema\s*="
)


def discover(url: str, start_path: str) -> Site:
    """The compiled state schema and hashes (from the page's JS), course slugs, words."""
    parsed = urllib.parse.urlsplit(url)
    if not is_local(parsed.hostname):
        raise SystemExit(f"only local servers are load-tested, not {parsed.hostname}")
    port = parsed.port or 80
    base = f"{parsed.scheme}://{parsed.hostname}:{port}"
    html = _get(base + start_path)
    state_schema = hashes = None
    for asset in dict.fromkeys(re.findall(r"/assets/[\w.\-]+\.js", html)):
        text = _get(base + asset)
        if "stateSchema" not in text:
            continue
        if found := _SCHEMA.search(text):
            state_schema = found.group(1)
        if found := _HASH_LIST.search(text):
            hashes = re.findall(r"[0-9a-f]{16}", found.group(1))
        if state_schema:
            break
    courses = json.loads(_get(base + "/api/v1/courses?per_page=50"))["items"]
    slugs = [course["slug"] for course in courses]
    words = sorted(
        {
            word.lower()
            for course in courses
            for word in re.findall(r"\w{4,}", course["title"])
            if not word.isdigit()
        }
    )
    try:
        from importlib.metadata import version

        reflex_version = version("reflex")
    except Exception:
        reflex_version = ""
    return Site(
        host=parsed.hostname,
        port=port,
        origin=base,
        version=reflex_version,
        state_schema=state_schema,
        hashes=hashes,
        slugs=slugs or ["missing"],
        words=words or ["python"],
    )


# --- one visitor -------------------------------------------------------------------------


@dataclass
class Results:
    nav_ms: list[float] = field(default_factory=list)
    nav_bytes: list[int] = field(default_factory=list)
    nav_wire: list[int] = field(default_factory=list)
    load_ms: list[float] = field(default_factory=list)
    load_bytes: list[int] = field(default_factory=list)
    load_wire: list[int] = field(default_factory=list)
    connect_errors: int = 0
    dropped: int = 0
    unfinished: int = 0
    deflate: int = 0
    errors_seen: list[str] = field(default_factory=list)

    def error(self, text: str) -> None:
        if len(self.errors_seen) < 5:
            self.errors_seen.append(text[:200])


def _frame(name: str, path: str, payload: dict | None = None) -> dict:
    split = urllib.parse.urlsplit(path)
    pathname = split.path
    router = {"pathname": pathname, "asPath": path}
    query = dict(urllib.parse.parse_qsl(split.query))
    if pathname.startswith("/course/"):
        query["slug"] = pathname.rsplit("/", 1)[1]
    if query:
        router["query"] = query
    event = {"name": name, "router_data": router}
    if payload is not None:
        event["payload"] = payload
    return event


class Visitor:
    """One browser tab: a websocket, its current page, one operation at a time."""

    def __init__(self, site: Site, results: Results, accept_language: str, deflate: bool):
        self.site = site
        self.results = results
        self.accept_language = accept_language
        self.deflate = deflate
        self.ws = WSConnection(ConnectionType.CLIENT)
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.path = "/"
        self.op_done: asyncio.Event = asyncio.Event()
        self.op_bytes = 0
        self.op_wire = 0
        self.redirect: asyncio.Future | None = None
        self.connected = asyncio.Event()
        self.closed = False
        self._buffer: list[str] = []

    # transport
    def _send_text(self, text: str) -> None:
        assert self.writer is not None
        self.writer.write(self.ws.send(TextMessage(data=text)))

    def emit(self, event: dict) -> None:
        self._send_text(f"42{NAMESPACE}," + json.dumps(["event", event], separators=(",", ":")))

    async def open(self, path: str) -> None:
        site = self.site
        self.path = path
        self.reader, self.writer = await asyncio.open_connection(site.host, site.port)
        token = str(uuid.uuid4())
        request = Request(
            host=f"{site.host}:{site.port}",
            target=f"{NAMESPACE}/?token={token}&EIO=4&transport=websocket",
            subprotocols=[site.version] if site.version else [],
            extensions=[PerMessageDeflate()] if self.deflate else [],
            extra_headers=[
                (b"origin", site.origin.encode()),
                (b"user-agent", USER_AGENT.encode()),
                (b"accept-language", self.accept_language.encode()),
                (b"cache-control", b"no-cache"),
            ],
        )
        self.writer.write(self.ws.send(request))
        self._reader_task = asyncio.create_task(self._read_loop())

    def boot_auth(self) -> str:
        payload: dict = {}
        if self.site.hashes:
            payload["hashes"] = self.site.hashes
        auth: dict = {"event": _frame(HYDRATE, self.path, payload)}
        if self.site.state_schema:
            auth["state_schema"] = self.site.state_schema
        return f"40{NAMESPACE}," + json.dumps(auth, separators=(",", ":"))

    async def _read_loop(self) -> None:
        assert self.reader is not None
        try:
            while True:
                data = await self.reader.read(65536)
                if not data:
                    break
                self.op_wire += len(data)
                self.ws.receive_data(data)
                for event in self.ws.events():
                    self._on_event(event)
                await self.writer.drain()
        except (ConnectionError, OSError) as error:
            self.results.error(f"read: {error!r}")
        finally:
            if not self.closed:
                self.results.dropped += 1
                self.closed = True
            self.op_done.set()
            self.connected.set()

    def _on_event(self, event) -> None:
        if isinstance(event, AcceptConnection):
            if any(isinstance(ext, PerMessageDeflate) for ext in event.extensions):
                self.results.deflate += 1
        elif isinstance(event, RejectConnection):
            self.results.error(f"rejected: {event.status_code}")
            self.closed = True
            self.results.connect_errors += 1
            self.connected.set()
        elif isinstance(event, Ping):
            self.writer.write(self.ws.send(event.response()))
        elif isinstance(event, CloseConnection):
            if not self.closed:
                self.results.error(f"closed by server: {event.code} {event.reason}")
        elif isinstance(event, TextMessage):
            self._buffer.append(event.data)
            if event.message_finished:
                text = "".join(self._buffer)
                self._buffer.clear()
                self._on_packet(text)

    def _on_packet(self, text: str) -> None:
        self.op_bytes += len(text.encode("utf-8"))
        kind = text[:1]
        if kind == "0":  # Engine.IO open: connect the namespace with the boot event
            self._send_text(self.boot_auth())
        elif kind == "2":  # Engine.IO ping
            self._send_text("3")
        elif text.startswith(f"40{NAMESPACE}"):
            self.connected.set()
        elif text.startswith(f"44{NAMESPACE}"):
            self.results.error(text)
            self.results.connect_errors += 1
            self.closed = True
            self.connected.set()
        elif text.startswith(f"42{NAMESPACE}"):
            if HYDRATED in text:
                self.op_done.set()
            elif '"_redirect"' in text and self.redirect and not self.redirect.done():
                message = json.loads(text[len(NAMESPACE) + 3 :])
                for item in message[1].get("events", []):
                    if item.get("name") == "_redirect":
                        self.redirect.set_result(item["payload"]["path"])

    # operations
    def start_op(self) -> None:
        self.op_done = asyncio.Event()
        self.op_bytes = 0
        self.op_wire = 0

    async def wait_op(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self.op_done.wait(), timeout)
        except TimeoutError:
            return False
        return not self.closed

    async def page_load(self, path: str, timeout: float) -> float | None:
        started = time.perf_counter()
        self.start_op()
        try:
            await asyncio.wait_for(self.open(path), timeout)
            await asyncio.wait_for(self.connected.wait(), timeout)
        except (TimeoutError, OSError) as error:
            self.results.connect_errors += 1
            self.results.error(f"connect: {error!r}")
            self.closed = True
            return None
        if self.closed:
            return None
        if not await self.wait_op(timeout):
            return None
        return (time.perf_counter() - started) * 1000

    async def navigate_course(self, slug: str) -> None:
        self.path = f"/course/{slug}"
        self.emit(_frame(ON_LOAD, self.path))
        await self.writer.drain()

    async def navigate_home(self) -> None:
        self.path = "/"
        self.emit(_frame(ON_LOAD, self.path))
        await self.writer.drain()

    async def navigate_search(self, word: str, timeout: float) -> bool:
        self.redirect = asyncio.get_running_loop().create_future()
        form = {"form_data": {"__reflex_form_data__": [["q", word]]}}
        self.emit(_frame(SEARCH_SUBMIT, self.path, form))
        await self.writer.drain()
        try:
            path = await asyncio.wait_for(self.redirect, timeout)
        except TimeoutError:
            return False
        if not path.startswith("/catalog/"):
            path = path.replace("/catalog", "/catalog/", 1)
        self.path = path
        self.emit(_frame(ON_LOAD, path))
        await self.writer.drain()
        return True

    async def close(self) -> None:
        self.closed = True
        if self.writer is not None:
            try:
                self.writer.write(self.ws.send(CloseConnection(code=1000)))
                await self.writer.drain()
            except (ConnectionError, OSError, Exception):
                pass
            self.writer.close()
        if getattr(self, "_reader_task", None):
            self._reader_task.cancel()


async def run_visitor(
    site: Site, results: Results, opts: dict, start_at: float, end_at: float, seed: int
) -> None:
    rng = random.Random(seed)
    visitor = Visitor(site, results, opts["accept_language"], opts["deflate"])
    await asyncio.sleep(max(0.0, start_at - time.time()))
    op_timeout = opts["grace"] + opts["duration"]
    try:
        elapsed = await visitor.page_load(opts["start_path"], op_timeout)
        if elapsed is None:
            if not visitor.closed:
                results.unfinished += 1
            return
        results.load_ms.append(elapsed)
        results.load_bytes.append(visitor.op_bytes)
        results.load_wire.append(visitor.op_wire)
        step = 0
        next_at = time.time() + opts["interval"]
        while next_at < end_at and not visitor.closed:
            await asyncio.sleep(max(0.0, next_at - time.time()))
            next_at += opts["interval"]
            step += 1
            visitor.start_op()
            started = time.perf_counter()
            deadline = max(end_at + opts["grace"] - time.time(), 1)
            kind = rng.choice(BROWSE_MIX) if opts.get("browse") else ("search", "course")[step % 2]
            if kind == "search":
                sent = await visitor.navigate_search(rng.choice(site.words), deadline)
                done = sent and await visitor.wait_op(deadline)
            elif kind == "course":
                await visitor.navigate_course(rng.choice(site.slugs))
                done = await visitor.wait_op(deadline)
            else:
                await visitor.navigate_home()
                done = await visitor.wait_op(deadline)
            if not done:
                if not visitor.closed:
                    results.unfinished += 1
                break
            # Bytes of this navigation: until the next one starts (late deltas included).
            results.nav_ms.append((time.perf_counter() - started) * 1000)
            wait = max(0.0, min(next_at - time.time(), 0.5))
            await asyncio.sleep(wait)
            results.nav_bytes.append(visitor.op_bytes)
            results.nav_wire.append(visitor.op_wire)
    except (ConnectionError, OSError) as error:
        results.error(f"visitor: {error!r}")
        results.dropped += 1
    finally:
        await visitor.close()


async def probe(
    site: Site,
    *,
    start_path: str = "/",
    searches: tuple[str, ...] = ("python",),
    courses: tuple[str, ...] = (),
    accept_language: str = "ru-RU,ru;q=0.9",
    timeout: float = 30,
) -> dict:
    """One visitor, one page load, then the given navigations (search, course, search, …):
    the frame bytes of each, for tests. Raises AssertionError when something fails."""
    results = Results()
    visitor = Visitor(site, results, accept_language, deflate=False)
    try:
        elapsed = await visitor.page_load(start_path, timeout)
        assert elapsed is not None, f"page load failed: {results.errors_seen}"
        out = {"load_bytes": visitor.op_bytes, "navigations": []}
        plan = []
        for index in range(max(len(searches), len(courses))):
            if index < len(searches):
                plan.append(("search", searches[index]))
            if index < len(courses):
                plan.append(("course", courses[index]))
        for kind, value in plan:
            visitor.start_op()
            if kind == "search":
                assert await visitor.navigate_search(value, timeout), "no search redirect"
            else:
                await visitor.navigate_course(value)
            assert await visitor.wait_op(timeout), f"{kind} {value} did not finish"
            await asyncio.sleep(0.3)  # late deltas belong to this navigation
            out["navigations"].append((visitor.path, visitor.op_bytes))
        return out
    finally:
        await visitor.close()


def _worker(site: Site, opts: dict, count: int, offset: int, start: float, queue) -> None:
    results = Results()

    async def main() -> None:
        end_at = start + opts["duration"]
        ramp = opts["ramp"]
        tasks = [
            run_visitor(
                site,
                results,
                opts,
                start + ramp * (offset + index) / max(opts["visitors"], 1),
                end_at,
                seed=offset + index,
            )
            for index in range(count)
        ]
        await asyncio.gather(*tasks)

    asyncio.run(main())
    queue.put(results.__dict__)


# --- a level: workers, server and client CPU ---------------------------------------------


def server_processes(port: int, pid: int | None) -> list[psutil.Process]:
    if pid is None:
        for conn in psutil.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port and conn.pid:
                pid = conn.pid
                break
    if pid is None:
        return []
    root = psutil.Process(pid)
    while True:
        parent = root.parent()
        if parent is None or not any(
            "reflex" in part or "granian" in part for part in parent.cmdline()
        ):
            break
        root = parent
    return [root, *root.children(recursive=True)]


def measured_processes(
    site_port: int, server_ports: list[int] | None, pid: int | None = None
) -> list[psutil.Process]:
    """The processes whose CPU and memory the harness reports: the server on the target
    port, or (behind a proxy, `--server-ports`) the backends listening on those ports."""
    if not server_ports:
        return server_processes(site_port, pid)
    found: dict[int, psutil.Process] = {}
    for port in server_ports:
        for process in server_processes(port, None):
            found.setdefault(process.pid, process)
    return list(found.values())


def _cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def _run_delay(processes: list[psutil.Process]) -> float:
    """Seconds the processes' threads spent runnable but waiting for a CPU (Linux
    schedstat): high when other work on the machine starves the server."""
    total = 0
    for process in processes:
        try:
            for task in Path(f"/proc/{process.pid}/task").iterdir():
                total += int((task / "schedstat").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            pass
    return total / 1e9


def rss_mb(processes: list[psutil.Process]) -> float:
    """The resident memory of `processes` together, in MiB (one that is gone counts 0)."""
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            total += process.memory_info().rss
    return total / 2**20


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def run_level(site: Site, visitors: int, opts: dict) -> dict:
    workers = opts["workers"] or max(1, min(4, visitors // 250 + 1))
    opts = {**opts, "visitors": visitors}
    server = measured_processes(site.port, opts.get("server_ports"), opts["server_pid"])
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start = time.time() + 1.0
    shares = [visitors // workers + (1 if i < visitors % workers else 0) for i in range(workers)]
    processes = []
    offset = 0
    for share in shares:
        process = context.Process(
            target=_worker, args=(site, opts, share, offset, start, queue), daemon=True
        )
        process.start()
        processes.append(process)
        offset += share
    clients = [psutil.Process(process.pid) for process in processes]
    time.sleep(max(0.0, start - time.time()))
    server_cpu0, wall0 = _cpu(server), time.perf_counter()
    server_wait0 = _run_delay(server)
    client_cpu = {client.pid: 0.0 for client in clients}
    peak_rss = 0.0
    deadline = start + opts["duration"] + opts["grace"] + 30
    gathered = []
    while len(gathered) < len(processes) and time.time() < deadline:
        for client in clients:
            try:
                times = client.cpu_times()
                client_cpu[client.pid] = times.user + times.system
            except psutil.Error:
                pass
        peak_rss = max(peak_rss, rss_mb(server))
        with contextlib.suppress(Exception):
            gathered.append(queue.get(timeout=1))
        if time.time() > start + opts["duration"] and "server_cpu" not in opts:
            opts["server_cpu"] = _cpu(server) - server_cpu0
            opts["server_wait"] = _run_delay(server) - server_wait0
            opts["server_wall"] = time.perf_counter() - wall0
            opts["load_average"] = os.getloadavg()[0]
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
    server_cpu = opts.get("server_cpu", _cpu(server) - server_cpu0)
    server_wall = opts.get("server_wall", time.perf_counter() - wall0)
    server_wait = opts.get("server_wait", _run_delay(server) - server_wait0)
    merged = Results()
    for part in gathered:
        for key, value in part.items():
            current = getattr(merged, key)
            setattr(merged, key, current + value)
    missing = len(processes) - len(gathered)
    nav = merged.nav_ms
    slow = sum(1 for value in nav if value > opts["slow"] * 1000)
    errors = merged.connect_errors + merged.dropped + merged.unfinished + missing * 0
    return {
        "visitors": visitors,
        "workers": workers,
        "navigations": len(nav),
        "nav_per_s": len(nav) / opts["duration"],
        "p50_ms": _pct(nav, 50),
        "p95_ms": _pct(nav, 95),
        "p99_ms": _pct(nav, 99),
        "errors": errors,
        "slow": slow,
        "slow_pct": 100 * slow / len(nav) if nav else 0.0,
        "connect_errors": merged.connect_errors,
        "dropped": merged.dropped,
        "unfinished": merged.unfinished,
        "kb_per_nav": statistics.median(merged.nav_bytes) / 1000 if merged.nav_bytes else 0,
        "wire_kb_per_nav": statistics.median(merged.nav_wire) / 1000 if merged.nav_wire else 0,
        "kb_per_load": statistics.median(merged.load_bytes) / 1000 if merged.load_bytes else 0,
        "wire_kb_per_load": (statistics.median(merged.load_wire) / 1000 if merged.load_wire else 0),
        "load_p95_ms": _pct(merged.load_ms, 95),
        "page_loads": len(merged.load_ms),
        "deflate": merged.deflate,
        "server_cpu_pct": 100 * server_cpu / server_wall if server_wall else 0,
        "server_cpu_wait_pct": 100 * server_wait / server_wall if server_wall else 0,
        # CPU per navigation (page loads included in the numerator): what the server can
        # take on an idle machine is about 1000 ms / this per core and process.
        "server_cpu_ms_per_nav": 1000 * server_cpu / len(nav) if nav else float("nan"),
        "load_average": opts.get("load_average", os.getloadavg()[0]),
        "server_rss_mb": peak_rss,
        "client_cpu_pct": 100 * sum(client_cpu.values()) / server_wall if server_wall else 0,
        "errors_seen": merged.errors_seen,
        "lost_workers": missing,
    }


HEADER = (
    "| visitors | nav/s | p50 | p95 | p99 | errors | > {slow:g} s | KB/nav (wire) "
    "| KB/page load (wire) | load p95 | server CPU (waiting) | CPU/nav | server RSS "
    "| client CPU | load avg |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- "
    "| --- |"
)


def _ms(value: float) -> str:
    if value != value:  # NaN
        return "-"
    return f"{value / 1000:.1f} s" if value >= 1000 else f"{value:.0f} ms"


def format_row(row: dict) -> str:
    return (
        f"| {row['visitors']} | {row['nav_per_s']:.1f} | {_ms(row['p50_ms'])} "
        f"| {_ms(row['p95_ms'])} | {_ms(row['p99_ms'])} | {row['errors']} "
        f"| {row['slow']} ({row['slow_pct']:.0f} %) "
        f"| {row['kb_per_nav']:.1f} ({row['wire_kb_per_nav']:.1f}) "
        f"| {row['kb_per_load']:.1f} ({row['wire_kb_per_load']:.1f}) "
        f"| {_ms(row['load_p95_ms'])} "
        f"| {row['server_cpu_pct']:.0f} % ({row['server_cpu_wait_pct']:.0f} %) "
        f"| {row['server_cpu_ms_per_nav']:.1f} ms "
        f"| {row['server_rss_mb']:.0f} MB | {row['client_cpu_pct']:.0f} % "
        f"| {row['load_average']:.1f} |"
    )


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:3000")
    parser.add_argument("--levels", default="25,100,200,400,1000")
    parser.add_argument("--duration", type=float, default=60, help="seconds per level")
    parser.add_argument("--interval", type=float, default=5, help="seconds between navigations")
    parser.add_argument("--ramp", type=float, default=None, help="connect over N s (interval)")
    parser.add_argument("--grace", type=float, default=15, help="wait for late navigations")
    parser.add_argument("--slow", type=float, default=5, help="count navigations over N s")
    parser.add_argument("--pause", type=float, default=5, help="idle seconds between levels")
    parser.add_argument("--workers", type=int, default=0, help="client processes (auto)")
    parser.add_argument("--start-path", default="/")
    parser.add_argument("--accept-language", default="ru-RU,ru;q=0.9,en;q=0.8")
    parser.add_argument("--deflate", action="store_true", help="offer permessage-deflate")
    parser.add_argument(
        "--browse",
        action="store_true",
        help="scenario B: each navigation a random home page, catalog search or course page",
    )
    parser.add_argument("--server-pid", type=int, default=None)
    parser.add_argument(
        "--server-ports",
        default="",
        help="behind a proxy: the backends' ports, whose processes are measured (a,b)",
    )
    parser.add_argument("--max-seconds", type=float, default=1800, help="stop starting levels")
    parser.add_argument("--json", default=None, help="also write the rows to this file")
    args = parser.parse_args(argv)
    site = discover(args.url, args.start_path)
    print(
        f"target {site.origin}: state schema {site.state_schema or 'not found'}, "
        f"{len(site.hashes or [])} state hashes, {len(site.slugs)} courses, "
        f"{len(site.words)} search words",
        flush=True,
    )
    opts = {
        "duration": args.duration,
        "interval": args.interval,
        "ramp": args.ramp if args.ramp is not None else args.interval,
        "grace": args.grace,
        "slow": args.slow,
        "workers": args.workers,
        "start_path": args.start_path,
        "accept_language": args.accept_language,
        "deflate": args.deflate,
        "browse": args.browse,
        "server_pid": args.server_pid,
        "server_ports": [int(port) for port in args.server_ports.split(",") if port],
    }
    began = time.time()
    rows = []
    print(HEADER.format(slow=args.slow), flush=True)
    for index, visitors in enumerate(int(level) for level in args.levels.split(",")):
        if time.time() - began > args.max_seconds:
            print(f"(stopped: --max-seconds {args.max_seconds:g} reached)", flush=True)
            break
        if index:
            time.sleep(args.pause)
        row = run_level(site, visitors, opts)
        rows.append(row)
        print(format_row(row), flush=True)
        if row["errors_seen"]:
            print(f"  first errors: {row['errors_seen'][:3]}", file=sys.stderr, flush=True)
    if args.json:
        with Path(args.json).open("w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=1)
    return rows


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
