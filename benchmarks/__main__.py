"""``make bench``: Companion's speed and memory against a bare Qt window, in one run.

Every figure is a whole process (or, for screens, measured inside one), repeated
``BENCH_RUNS`` times (default 5); the table shows medians, the ratio to the bare window
and the budget. ``--write`` also saves the table as benchmarks/RESULTS.md for the README.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks.harness import ROOT, measure

TEN_YEARS = 3650


@dataclass(frozen=True)
class Row:
    what: str
    value: str
    ratio: float | None  # to the bare window's figure, when the budget is a ratio
    budget: str
    ok: bool


def _number(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    if found is None:
        raise RuntimeError(f"no {pattern!r} in the output:\n{text}")
    return float(found.group(1))


def companion(*args: str | Path) -> list[str]:
    return ["-m", "companion", *map(str, args)]


def collect(runs: int, tmp: Path) -> list[Row]:
    empty, ten = tmp / "empty", tmp / "ten"
    measure(companion("demo-data", "--data-dir", ten, "--days", TEN_YEARS), 1)
    bare = measure(["-m", "benchmarks.bare_window"], runs)
    start_empty = measure(companion("--data-dir", empty, "--exit-after-startup"), runs)
    start_ten = measure(companion("--data-dir", ten, "--exit-after-startup"), runs)
    running = measure(companion("--data-dir", ten, "--exit-after", "3"), runs)
    floor = measure(["-m", "benchmarks.stack_floor", ten], runs)
    assert bare.first_paint and start_empty.first_paint and start_ten.first_paint
    rows = [
        Row("Bare Qt window: first paint", f"{bare.first_paint * 1000:.0f} ms", None, "yardstick",
            True),
        _ratio("Start-up to first paint, empty", start_empty.first_paint, bare.first_paint, 2.5),
        _ratio("Start-up to first paint, ten years", start_ten.first_paint, bare.first_paint, 3.0),
        Row("Peak memory, bare Qt window (RSS)", f"{bare.peak_rss_mb:.0f} MB", None,
            "yardstick", True),
        Row("Peak memory, stack floor: Qt and SQLAlchemy, one query, one line of text (RSS)",
            f"{floor.peak_rss_mb:.0f} MB", floor.peak_rss_mb / bare.peak_rss_mb,
            "reference", True),
        _ratio("Peak memory, ten years, start-up (RSS)", start_ten.peak_rss_mb, bare.peak_rss_mb,
               2.0, "MB"),
        _ratio("Peak memory, ten years, running 3 s: every screen built (RSS)",
               running.peak_rss_mb, bare.peak_rss_mb, 2.0, "MB"),
    ]
    if start_ten.ready is not None:  # after the first paint: the database, then the screen
        rows.insert(3, _ratio("Start-up until the first screen shows data, ten years",
                              start_ten.ready, bare.first_paint, None))
    for fmt, budget in (("csv", 6.0), ("pdf", 10.0), ("fhir", None)):
        out = tmp / f"export.{fmt}"
        figure = measure(companion("export", "--data-dir", ten, "--format", fmt,
                                   "--output", out), runs)
        rows.append(_ratio(f"Export ten years to {fmt.upper()}", figure.seconds,
                           bare.seconds, budget))
    history = measure(["-m", "benchmarks.history_open", str(ten)], runs)
    for what, key, budget_ms in (("History open, ten years", "history-open-ms", 200),
                                 ("Trends open, ten years", "trends-open-ms", 200),
                                 ("Longest GUI stall meanwhile", "max-stall-ms", 100),
                                 ("Longest GUI stall while screens warm up after start-up",
                                  "warm-up-stall-ms", 100)):
        ms = _number(rf"{key} ([\d.]+)", history.output)
        rows.append(Row(what, f"{ms:.0f} ms", None, f"<= {budget_ms} ms", ms <= budget_ms))
    display = measure(["-m", "benchmarks.calm_display_cpu", "--seconds", "10"], 1, check=False)
    for mode in ("moving", "still"):
        percent = _number(rf"calm-display {mode} ([\d.]+)%", display.output)
        rows.append(Row(f"Calming display CPU, {mode}", f"{percent:.1f}% of a core", None,
                        "<= 5%", percent <= 5.0))
    long_run = measure(["-m", "benchmarks.long_session_memory"], 1)
    growth = _number(r"rss-growth-mb ([-\d.]+)", long_run.output)
    rows.append(Row("Memory growth over a 3-hour session", f"{growth:.1f} MB", None,
                    "<= 5 MB", growth <= 5.0))
    return rows


def _ratio(what: str, value: float, yardstick: float, budget: float | None,
           unit: str = "s") -> Row:
    shown = f"{value:.0f} MB" if unit == "MB" else f"{value * 1000:.0f} ms"
    ratio = value / yardstick
    if budget is None:
        return Row(what, shown, ratio, "none set", True)
    return Row(what, shown, ratio, f"<= {budget:g}x", ratio <= budget)


def table(rows: list[Row]) -> str:
    lines = ["| measure | value | x bare window | budget | holds |", "|---|---|---|---|---|"]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        lines.append(f"| {row.what} | {row.value} | {ratio} | {row.budget} | "
                     f"{'yes' if row.ok else 'NO'} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="save benchmarks/RESULTS.md")
    args = parser.parse_args()
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    with tempfile.TemporaryDirectory() as tmp:
        rows = collect(runs, Path(tmp))
    text = table(rows)
    print(text)
    if args.write:
        machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, " \
                  f"Python {platform.python_version()}"
        (ROOT / "benchmarks" / "RESULTS.md").write_text(
            f"# Benchmark results\n\n{date.today()}, {machine}, medians of {runs} runs "
            f"(`make bench`).\n\n{text}\n", encoding="utf-8")
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
