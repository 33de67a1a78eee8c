"""`make coverage`'s table: statements and coverage per package of edu_platform, and the
total; exits 1 under the `fail_under` of .coveragerc (85 %)."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parents[2]


def package_of(path: Path) -> str:
    relative = path.relative_to(ROOT / "edu_platform")
    return "edu_platform" + ("/" + relative.parts[0] if len(relative.parts) > 1 else "")


def main() -> int:
    cov = coverage.Coverage(config_file=str(ROOT / ".coveragerc"))
    cov.load()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name in cov.get_data().measured_files():
        path = Path(name)
        if not path.is_relative_to(ROOT / "edu_platform") or "seed" in path.parts:
            continue  # seed content is omitted (.coveragerc)
        _, statements, _, missing, _ = cov.analysis2(name)
        totals[package_of(path)][0] += len(statements)
        totals[package_of(path)][1] += len(statements) - len(missing)
    # Files no process imported count too (0 %): coverage's report includes them.
    for path in (ROOT / "edu_platform").rglob("*.py"):
        if "seed" in path.parts or str(path) in cov.get_data().measured_files():
            continue
        _, statements, _, _, _ = cov.analysis2(str(path))
        totals[package_of(path)][0] += len(statements)
    print(f"{'package':<28} {'statements':>10} {'covered':>8} {'cover':>7}")
    all_statements = all_covered = 0
    for package in sorted(totals):
        statements, covered = totals[package]
        all_statements, all_covered = all_statements + statements, all_covered + covered
        share = 100.0 * covered / statements if statements else 100.0
        print(f"{package:<28} {statements:>10} {covered:>8} {share:>6.1f}%")
    total = 100.0 * all_covered / all_statements if all_statements else 100.0
    print(f"{'TOTAL':<28} {all_statements:>10} {all_covered:>8} {total:>6.1f}%")
    target = cov.config.fail_under
    if total < target:
        print(f"coverage {total:.1f} % is under {target:.0f} %")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
