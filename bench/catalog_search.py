"""Benchmark of catalog search: services.search.search_courses against an unindexed LIKE.

    python bench/catalog_search.py [--backend postgres|sqlite|both] [--courses 100000]
                                   [--queries 200] [--seed 1] [--keep]

Each backend gets a fresh database migrated with Alembic (PostgreSQL: `edu_bench_search_<pid>`
on the server of `--postgres-url`, dropped at the end; SQLite: a file in a temporary
directory, removed at the end). It is filled with N published courses in 20 categories by
500 teachers. Titles, summaries and descriptions are drawn from a Russian or English
vocabulary (real words first, then a long tail of made-up names) with Zipf frequencies, so a
few words are in most courses and most words are in a handful. search_text is computed with
edu_platform.search_text.search_text_for; rows go in through the large seed's bulk writers
(COPY on PostgreSQL, executemany on SQLite, where the FTS5 triggers index them as they go
in), then ANALYZE (PostgreSQL: VACUUM ANALYZE, the state autovacuum soon reaches).

Queries: one word (half rare: in 5..50 courses; half frequent: in 1 %..25 % of them) plus a
category and a sort, each picked at random. Timed in-process around the service call (the
server-side latency, SQLAlchemy and result building included), after one warm-up pass, as
wall-clock time and as CPU time (this thread + the PostgreSQL backend's /proc schedstat), the
latter being what the wall-clock figure would be on an idle machine:

- search: search_courses with facets, and without (count + one page);
- LIKE: the same filter, sort and LIMIT with `ILIKE '%word%'` (PostgreSQL) / `LIKE`
  (SQLite) over title, summary and description, count + one page like the search without
  facets ("relevance" has no rank there and sorts by popularity).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

from sqlalchemy import create_engine, func, make_url, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import add_database_arguments, migrate

from edu_platform import db
from edu_platform.models import Category, Course, User, utcnow
from edu_platform.search_text import search_text_for, words
from edu_platform.seed.large import _COLUMNS, _writer_for
from edu_platform.services.catalog import to_card
from edu_platform.services.search import SORTS, CatalogQuery, search_courses

CATEGORY_COUNT = 20
TEACHER_COUNT = 500
PER_PAGE = 20
RARE_DF = (5, 50)  # documents containing a rare word
FREQUENT_SHARE = (0.01, 0.25)  # share of documents containing a frequent word
SYNTHETIC_WORDS = 12_000  # per language: the long tail

# fmt: off
RU_WORDS = """
курс основы работа данные проект практика разработка задача система анализ программирование
модель урок занятие навык специалист язык инструмент приложение результат процесс метод
управление продукт команда сервис пользователь решение теория подход структура бизнес
знание опыт пример книга уровень вопрос ответ изучение студент преподаватель итог цель
таблица график отчёт статистика алгоритм функция переменная класс объект интерфейс дизайн
макет прототип исследование маркетинг реклама контент аудитория продажа клиент стратегия
финансы бюджет планирование карьера резюме собеседование переговоры лидерство мотивация
коммуникация презентация выступление письмо грамматика словарь произношение перевод текст
сайт страница сеть сервер база запрос индекс безопасность тестирование автоматизация
развёртывание контейнер облако мониторинг архитектура микросервис очередь кэш поиск
машинный обучение нейросеть регрессия классификация кластеризация визуализация выборка
эксперимент гипотеза метрика воронка конверсия удержание рост запуск стартап инвестиция
бухгалтерия налог право договор кадры офис время привычка фокус стресс здоровье фотография
видео монтаж звук музыка рисунок иллюстрация типографика цвет композиция анимация игра
мобильный веб фронтенд бэкенд вёрстка стиль компонент состояние событие поток файл формат
документ протокол шифрование ключ доступ роль право аудит журнал ошибка отладка профилирование
производительность оптимизация масштабирование нагрузка надёжность резервирование миграция
схема связь сущность атрибут операция транзакция блокировка репликация кластер узел
начинающий продвинутый интенсив мастерская практикум семинар лекция вебинар разбор кейс
""".split()

EN_WORDS = """
course basics work data project practice development task system analysis programming model
lesson class skill specialist language tool application result process method management
product team service user solution theory approach structure business knowledge experience
example book level question answer study student teacher final goal table chart report
statistics algorithm function variable object interface design layout prototype research
marketing advertising content audience sales client strategy finance budget planning career
resume interview negotiation leadership motivation communication presentation speaking
writing grammar vocabulary pronunciation translation text website page network server
database query index security testing automation deployment container cloud monitoring
architecture microservice queue cache search machine learning neural regression
classification clustering visualization sample experiment hypothesis metric funnel
conversion retention growth launch startup investment accounting tax law contract hiring
office time habit focus stress health photography video editing sound music drawing
illustration typography colour composition animation game mobile web frontend backend
markup style component state event stream file format document protocol encryption key
access role permission audit log error debugging profiling performance optimization scaling
load reliability backup migration schema relation entity attribute operation transaction
locking replication cluster node beginner advanced bootcamp workshop seminar lecture webinar
review case guide handbook
""".split()

TECH_WORDS = """
python sql postgresql javascript typescript react django fastapi docker kubernetes git linux
excel pandas numpy figma tableau powerbi java kotlin swift go rust html css api rest graphql
redis kafka spark hadoop tensorflow pytorch sklearn jupyter seo smm crm erp agile scrum kanban
jira notion ux ui ai ml llm devops ci cd aws azure gcp terraform ansible nginx bash
""".split()
# fmt: on

RU_SYLLABLES = "ба ве ги до ку ла ми но пе ро са ти ур фа хо це ча ши эл юн як бор вин гал дер"
EN_SYLLABLES = "ba ve gi do ku la mi no pe ro sa ti ur fa ho ze cha shi el yun yak bor vin gal der"


# --- the data set ---------------------------------------------------------------------


def _synthetic(syllables: str, count: int, rng: random.Random) -> list[str]:
    parts = syllables.split()
    made: dict[str, None] = {}
    while len(made) < count:
        made["".join(rng.choice(parts) for _ in range(rng.randint(2, 4)))] = None
    return list(made)


@dataclass
class Vocabulary:
    """One language's words by rank, with Zipf cumulative weights for random.choices."""

    words: list[str]
    cum_weights: list[float]

    @classmethod
    def build(cls, real: list[str], syllables: str, rng: random.Random) -> Vocabulary:
        head = list(dict.fromkeys(real))
        rng.shuffle(head)
        tech = list(TECH_WORDS)
        rng.shuffle(tech)
        # Technical terms spread through the real words' ranks.
        for position, term in enumerate(tech):
            head.insert(min(len(head), 3 + position * 4), term)
        ranked = head + _synthetic(syllables, SYNTHETIC_WORDS, rng)
        total, cumulative = 0.0, []
        for rank in range(len(ranked)):
            total += 1.0 / (rank + 2.7)  # Zipf-Mandelbrot, s = 1
            cumulative.append(total)
        return cls(ranked, cumulative)

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=count)


def _sentence(vocabulary: Vocabulary, rng: random.Random, low: int, high: int) -> str:
    text = " ".join(vocabulary.draw(rng, rng.randint(low, high)))
    return text[:1].upper() + text[1:]


@dataclass
class Dataset:
    categories: list[tuple]
    teachers: list[tuple]
    courses: list[tuple]
    document_frequency: Counter  # stem -> courses whose search_text holds it
    surface: dict[str, str]  # stem -> a word that stems to it


def build_dataset(course_count: int, rng: random.Random) -> Dataset:
    now = utcnow().replace(microsecond=0)
    vocabularies = {
        "ru": Vocabulary.build(RU_WORDS, RU_SYLLABLES, rng),
        "en": Vocabulary.build(EN_WORDS, EN_SYLLABLES, rng),
    }
    categories = [
        (n, f"bench-category-{n:02d}", f"Category {n}", "", n, now)
        for n in range(1, CATEGORY_COUNT + 1)
    ]
    teachers = [
        (
            n,
            f"bench-teacher-{n:04d}@example.com",
            f"Teacher {n}",
            "!",
            "teacher",
            "ru",
            True,
            now,
            now,
        )
        for n in range(1, TEACHER_COUNT + 1)
    ]
    prices = [Decimal(p) for p in ("0.00", "990.00", "1990.00", "2990.00", "4990.00", "12900.00")]
    # Some categories are much larger than others (weights 1/(rank + 2)).
    category_ids = [row[0] for row in categories]
    category_weights = list(accumulate(1 / (rank + 2) for rank in range(CATEGORY_COUNT)))
    df: Counter = Counter()
    surface: dict[str, str] = {}
    courses = []
    for n in range(1, course_count + 1):
        language = "ru" if rng.random() < 2 / 3 else "en"
        vocabulary = vocabularies[language]
        title = _sentence(vocabulary, rng, 2, 6)
        summary = _sentence(vocabulary, rng, 6, 16)
        description = _sentence(vocabulary, rng, 15, 40)
        search_text = search_text_for(title, summary, description)
        stems = set(search_text.split())
        df.update(stems)
        if len(surface) < len(df):
            for word in words(f"{title} {summary} {description}"):
                surface.setdefault(_stem_of(word), word)
        created = now - timedelta(days=rng.randint(0, 1500), minutes=rng.randint(0, 1440))
        rating = Decimal(min(500, max(100, int(rng.gauss(420, 45))))) / 100
        courses.append(
            (
                n,
                f"bench-course-{n:06d}",
                title[:300],
                summary[:1000],
                description,
                rng.choice(("beginner", "intermediate", "advanced")),
                language,
                prices[0] if rng.random() < 0.2 else rng.choice(prices[1:]),
                "RUB",
                True,
                rng.random() < 0.01,
                rng.choices(category_ids, cum_weights=category_weights)[0],
                rng.randint(1, TEACHER_COUNT),
                0,
                False,
                rating.quantize(Decimal("0.01")),
                rng.randint(0, 300),
                int(rng.paretovariate(1.1) * 10),
                rng.randint(5, 60),
                search_text,
                created,
                created,
                created + timedelta(days=1),
            )
        )
    return Dataset(categories, teachers, courses, df, surface)


def _stem_of(word: str) -> str:
    from edu_platform.search_text import stem

    return stem(word)


# --- loading --------------------------------------------------------------------------


def load(engine: Engine, data: Dataset) -> float:
    """Bulk-insert the data set in one transaction, then ANALYZE; seconds taken."""
    started = time.perf_counter()
    raw = engine.raw_connection()
    try:
        writer = _writer_for(engine, raw.driver_connection)
        writer.begin()
        writer.insert(
            "category",
            ("id", "slug", "name", "description", "position", "created_at"),
            data.categories,
        )
        writer.insert("user", _COLUMNS["user"], data.teachers)
        writer.insert("course", _COLUMNS["course"], data.courses)
        writer.finish(("category", "user", "course"))  # sequences, commit, ANALYZE
    finally:
        raw.close()
    if engine.dialect.name == "postgresql":
        # What autovacuum does soon after a bulk insert: visibility map set (index-only and
        # bitmap counts skip heap pages), GIN pending list merged.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE course")
    return time.perf_counter() - started


# --- queries --------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    word: str
    kind: str  # "rare" or "frequent"
    category: str
    sort: str


def make_probes(data: Dataset, count: int, rng: random.Random) -> list[Probe]:
    courses = len(data.courses)
    rare = sorted(s for s, n in data.document_frequency.items() if RARE_DF[0] <= n <= RARE_DF[1])
    low, high = (int(share * courses) for share in FREQUENT_SHARE)
    frequent = sorted(s for s, n in data.document_frequency.items() if low <= n <= high)
    if not rare or not frequent:
        raise SystemExit(f"too few courses for rare and frequent words: {courses}")
    probes = []
    for index in range(count):
        kind, pool = ("rare", rare) if index % 2 == 0 else ("frequent", frequent)
        probes.append(
            Probe(
                data.surface[rng.choice(pool)],
                kind,
                rng.choice(data.categories)[1],
                rng.choice(SORTS),
            )
        )
    rng.shuffle(probes)
    return probes


def run_search(session: Session, probe: Probe, with_facets: bool) -> int:
    query = CatalogQuery(q=probe.word, category=probe.category, sort=probe.sort, per_page=PER_PAGE)
    return search_courses(session=session, query=query, with_facets=with_facets).total


LIKE_ORDER = {
    "relevance": [Course.enrollment_count.desc()],
    "popular": [Course.enrollment_count.desc()],
    "rating": [Course.rating_avg.desc(), Course.rating_count.desc()],
    "price": [Course.price.asc()],
    "price_desc": [Course.price.desc()],
    "newest": [Course.published_at.desc(), Course.created_at.desc()],
}


def run_like(session: Session, probe: Probe) -> int:
    """The unindexed way: a substring scan of the texts, same filter, sort and page."""
    pattern = f"%{probe.word}%"
    postgres = session.get_bind().dialect.name == "postgresql"
    match = or_(
        *[
            column.ilike(pattern) if postgres else column.like(pattern)
            for column in (Course.title, Course.summary, Course.description)
        ]
    )
    category_id = session.scalar(select(Category.id).where(Category.slug == probe.category))
    conditions = [Course.is_published.is_(True), Course.category_id == category_id, match]
    total = session.scalar(select(func.count(Course.id)).where(*conditions)) or 0
    rows = session.execute(
        select(Course, Category.name, User.full_name)
        .join(User, User.id == Course.teacher_id)
        .outerjoin(Category, Category.id == Course.category_id)
        .where(*conditions)
        .order_by(*LIKE_ORDER[probe.sort], Course.enrollment_count.desc(), Course.id.desc())
        .limit(PER_PAGE)
    ).all()
    _cards = [to_card(*row) for row in rows]
    return total


@dataclass
class Timings:
    """Per query kind ("rare" / "frequent"): wall-clock and CPU milliseconds."""

    wall: dict[str, list[float]]
    cpu: dict[str, list[float]]
    slowest: list[tuple[float, Probe]]

    def figures(self, kind: str = "", clock: str = "wall") -> tuple[float, float]:
        series = self.wall if clock == "wall" else self.cpu
        values = series[kind] if kind else series["rare"] + series["frequent"]
        return statistics.median(values), _percentile(values, 95)


def _percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _backend_cpu_reader(session: Session) -> Callable[[], int]:
    """Nanoseconds of CPU the database server spent for this connection so far.

    PostgreSQL on this host: its backend process's /proc/<pid>/schedstat (time on a CPU,
    not time waiting for one). SQLite runs in this thread: nothing to add.
    """
    if session.get_bind().dialect.name != "postgresql":
        return lambda: 0
    pid = session.scalar(select(func.pg_backend_pid()))
    path = Path(f"/proc/{pid}/schedstat")
    if not path.exists():  # a remote server: wall-clock figures only
        return lambda: 0
    return lambda: int(path.read_text().split()[0])


def measure(engine: Engine, probes: list[Probe], fn: Callable[[Session, Probe], int]) -> Timings:
    """Each probe once after a warm-up pass, on one connection.

    Wall-clock time is what a caller waits on this machine; CPU time (this thread plus the
    PostgreSQL backend) leaves out time spent queued behind other processes, so it stays
    meaningful when the machine is busy.
    """
    with engine.connect() as connection, Session(bind=connection) as session:
        server_cpu = _backend_cpu_reader(session)
        for probe in probes:  # warm-up: caches, plans, stemmer
            fn(session, probe)
            session.rollback()
        wall: dict[str, list[float]] = {"rare": [], "frequent": []}
        cpu: dict[str, list[float]] = {"rare": [], "frequent": []}
        slowest: list[tuple[float, Probe]] = []
        for probe in probes:
            cpu_started, server_started = time.thread_time_ns(), server_cpu()
            started = time.perf_counter()
            fn(session, probe)
            elapsed = (time.perf_counter() - started) * 1000
            used = time.thread_time_ns() - cpu_started + server_cpu() - server_started
            session.rollback()
            wall[probe.kind].append(elapsed)
            cpu[probe.kind].append(used / 1e6)
            slowest.append((used / 1e6, probe))
    slowest.sort(key=lambda item: -item[0])
    return Timings(wall, cpu, slowest[:5])


# --- report ---------------------------------------------------------------------------

KINDS = ("", "rare", "frequent")


def _row(label: str, cells: list[str]) -> str:
    return f"  {label:<30} {cells[0]:>17} {cells[1]:>17} {cells[2]:>17}"


def report(name: str, data: Dataset, probes: list[Probe], load_seconds: float, engine) -> None:
    def df(probe: Probe) -> int:
        return data.document_frequency[_stem_of(probe.word)]

    rare_df = [df(p) for p in probes if p.kind == "rare"]
    frequent_df = [df(p) for p in probes if p.kind == "frequent"]
    print(f"\n{name}: {len(data.courses):,} courses loaded and analysed in {load_seconds:.1f} s")
    print(
        f"  {len(probes)} queries: word + category + sort; rare words in "
        f"{min(rare_df)}..{max(rare_df)} courses, frequent in "
        f"{min(frequent_df):,}..{max(frequent_df):,} (before the category filter)"
    )
    results = {
        "search, with facets": measure(engine, probes, lambda s, p: run_search(s, p, True)),
        "search, no facets": measure(engine, probes, lambda s, p: run_search(s, p, False)),
        "LIKE '%w%' (count + page)": measure(engine, probes, run_like),
    }
    # Latencies are only comparable on a quiet machine: say how busy this one was.
    print(f"  load average after measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for clock, title in (("wall", "wall-clock ms"), ("cpu", "CPU ms (client + server)")):
        print(_row(title, ["all p50 / p95", "rare p50 / p95", "frequent p50 / p95"]))
        for label, timings in results.items():
            cells = ["{:.2f} / {:.2f}".format(*timings.figures(k, clock)) for k in KINDS]
            print(_row(label, cells))
        like, plain = results["LIKE '%w%' (count + page)"], results["search, no facets"]
        cells = []
        for kind in KINDS:
            (like50, like95), (plain50, plain95) = (
                like.figures(kind, clock),
                plain.figures(kind, clock),
            )
            cells.append(f"{like50 / plain50:.1f}x / {like95 / plain95:.1f}x")
        print(_row("LIKE / search (no facets)", cells))
    for label in ("search, with facets", "search, no facets"):
        print(f"  slowest by CPU, {label}:")
        for used, probe in results[label].slowest:
            print(
                f"    {used:7.2f} ms  {probe.kind:<8} q={probe.word!r} df={df(probe):,} "
                f"category={probe.category} sort={probe.sort}"
            )


@dataclass
class Backend:
    name: str
    url: str
    cleanup: Callable[[], None]


def postgres_database(admin_url: str, keep: bool) -> Backend:
    name = f"edu_bench_search_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        if keep:
            print(f"  kept: {url}")
        else:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return Backend(f"PostgreSQL ({name})", url, drop)


def sqlite_database(keep: bool) -> Backend:
    directory = Path(tempfile.mkdtemp(prefix="edu_bench_search_"))
    path = directory / "edu.db"

    def remove() -> None:
        if keep:
            print(f"  kept: sqlite:///{path}")
            return
        for file in directory.iterdir():
            file.unlink()
        directory.rmdir()

    return Backend(f"SQLite ({path})", f"sqlite:///{path}", remove)


def bench(backend: Backend, data: Dataset, probes: list[Probe]) -> None:
    engine = None
    try:
        migrate(backend.url)
        engine = db.make_engine(backend.url, pool_size=2)
        seconds = load(engine, data)
        report(backend.name, data, probes, seconds, engine)
    finally:
        if engine is not None:
            engine.dispose()
        backend.cleanup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser)
    parser.add_argument("--courses", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1, help="random seed of data and queries")
    args = parser.parse_args()

    started = time.perf_counter()
    rng = random.Random(args.seed)
    data = build_dataset(args.courses, rng)
    probes = make_probes(data, args.queries, rng)
    print(f"generated {len(data.courses):,} courses in {time.perf_counter() - started:.1f} s")
    if args.backend in ("postgres", "both"):
        bench(postgres_database(args.postgres_url, args.keep), data, probes)
    if args.backend in ("sqlite", "both"):
        bench(sqlite_database(args.keep), data, probes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
