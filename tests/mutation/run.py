"""`make mutation`: mutmut over the money, access and progress services, one module at a
time, and the score of each (killed / (mutants - listed equivalents)); exits 1 when a
module that ran scores under the target.

    python -m tests.mutation.run                   # every module (hours on 2 busy cores)
    python -m tests.mutation.run refunds coupons   # some modules
    python -m tests.mutation.run --report          # scores of what already ran, no run
    python -m tests.mutation.run --survivors refunds   # the diffs of the live mutants

Configuration (which files are mutated, which tests run: SQLite only) is the [mutmut]
section of setup.cfg. mutmut records which test reaches which function, then runs for
each mutant only the tests that reach the mutated function, `-x`, in a forked child.
Equivalent mutants are listed, with a reason each, in tests/mutation/equivalent.txt; a
listed mutant that a test kills is reported as stale.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MUTANTS = ROOT / "mutants"
EQUIVALENT = Path(__file__).with_name("equivalent.txt")
TARGET = 85.0
# mutmut beside this interpreter (the venv's), whether or not the venv is on PATH
MUTMUT = str(Path(sys.executable).with_name("mutmut"))
MODULES = [
    "refunds",
    "coupons",
    "tokens",
    "payment_webhook",
    "payments",
    "orders",
    "enrollment",
    "accounts",
    "progress",
    "completion",  # moved out of progress (course completion and its certificate job)
    "quizzes",  # a module today, a package (records / scoring / results) after the split
]
# mutmut's exit codes (mutmut/stats.py): 1 and 3 are kills, timeouts and crashes too.
KILLED = {1, 3, 36, 24, -24, 152, 255, -11, -9, 37}
SURVIVED = {0}
NO_TESTS = {5, 33}


def module_pattern(module: str) -> str:
    # A module (services.refunds.x_fn__mutmut_1) or a package (services.quizzes.scoring...).
    return f"edu_platform.services.{module}.*"


def meta_files(module: str) -> list[Path]:
    base = MUTANTS / "edu_platform" / "services"
    files = [base / f"{module}.py.meta"]
    files += sorted((base / module).glob("**/*.py.meta")) if (base / module).is_dir() else []
    return [path for path in files if path.exists()]


def results(module: str) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for path in meta_files(module):
        found.update(json.loads(path.read_text())["exit_code_by_key"])
    return found


def load_equivalent() -> dict[str, str]:
    """`mutant-name  reason` per line; `#` starts a comment; a reason is required."""
    listed: dict[str, str] = {}
    if not EQUIVALENT.exists():
        return listed
    for number, raw in enumerate(EQUIVALENT.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{EQUIVALENT.name}:{number}: {name} has no reason")
        listed[name] = reason.strip()
    return listed


def run_module(module: str, max_children: int) -> None:
    command = [MUTMUT, "run", "--max-children", str(max_children), module_pattern(module)]
    log = ROOT / f"mutmut-{module}.log"  # mutmut's progress output (mutants/ is its own)
    print("$", " ".join(command), ">", log.name, flush=True)
    with log.open("w") as out:
        subprocess.run(command, cwd=ROOT, check=False, stdout=out, stderr=subprocess.STDOUT)


def score_rows(modules: list[str]) -> tuple[list[dict], list[str]]:
    equivalent = load_equivalent()
    rows, stale = [], []
    for module in modules:
        found = results(module)
        if not found:
            continue
        counts = Counter()
        for name, code in found.items():
            if code is None:
                counts["not run"] += 1
            elif name in equivalent:
                counts["equivalent"] += 1
                if code not in SURVIVED | NO_TESTS:
                    stale.append(name)
            elif code in KILLED:
                counts["killed"] += 1
            elif code in NO_TESTS:
                counts["no tests"] += 1
            elif code in SURVIVED:
                counts["survived"] += 1
            else:
                counts["other"] += 1
        checked = counts["killed"] + counts["survived"] + counts["no tests"] + counts["other"]
        score = 100.0 * counts["killed"] / checked if checked else 0.0
        rows.append({"module": module, "mutants": len(found), **counts, "score": score})
    return rows, stale


def print_report(rows: list[dict], stale: list[str]) -> bool:
    header = ["module", "mutants", "killed", "survived", "no tests", "equivalent", "not run"]
    print("| " + " | ".join([*header, "score"]) + " |")
    print("|" + "---|" * (len(header) + 1))
    ok = True
    for row in rows:
        complete = row.get("not run", 0) == 0
        mark = "" if complete else " (partial)"
        if complete and row["score"] < TARGET:
            ok = False
        cells = [str(row.get(key, 0)) for key in header]
        print("| " + " | ".join([*cells, f"{row['score']:.1f} %{mark}"]) + " |")
    for name in stale:
        print(f"stale: {name} is listed as equivalent but a test kills it")
    print(f"target: >= {TARGET:.0f} % killed on each module")
    return ok and not stale


def survivors(module: str) -> None:
    equivalent = load_equivalent()
    for name, code in sorted(results(module).items()):
        if code in SURVIVED | NO_TESTS and name not in equivalent:
            shown = subprocess.run(
                [MUTMUT, "show", name], cwd=ROOT, capture_output=True, text=True, check=False
            ).stdout
            diff = [
                line
                for line in shown.splitlines()
                if line[:1] in "+-" and not line.startswith(("+++", "---"))
            ]
            print(f"{name} ({'no tests' if code in NO_TESTS else 'survived'})")
            print("\n".join(f"    {line}" for line in diff))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"default: all ({', '.join(MODULES)})")
    parser.add_argument("--report", action="store_true", help="scores only, run nothing")
    parser.add_argument("--survivors", action="store_true", help="print the live mutants")
    parser.add_argument(
        "--max-children", type=int, default=int(os.environ.get("MUTATION_CHILDREN", "1"))
    )
    args = parser.parse_args()
    modules = args.modules or MODULES
    unknown = set(modules) - set(MODULES)
    if unknown:
        parser.error(f"unknown modules: {sorted(unknown)}")
    if args.survivors:
        for module in modules:
            survivors(module)
        return 0
    if not args.report:
        for module in modules:
            run_module(module, args.max_children)
    rows, stale = score_rows(modules)
    return 0 if print_report(rows, stale) else 1


if __name__ == "__main__":
    sys.exit(main())
