"""Run a command several times as its own process; report median figures.

Each run is measured through ``wait4``, so CPU time and peak memory are the process's own.
A process that prints ``first-paint <epoch>`` (and ``ready <epoch>``) also gets its time from
spawn to its first paint (and to its first screen showing data).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable
ROOT = Path(__file__).resolve().parent.parent
_PAINT = re.compile(r"^first-paint (\d+\.\d+)$", re.MULTILINE)
_READY = re.compile(r"^ready (\d+\.\d+)$", re.MULTILINE)


@dataclass(frozen=True)
class Figure:
    seconds: float  # wall time from spawn to exit
    first_paint: float | None  # wall time from spawn to the first paint, when reported
    ready: float | None  # wall time from spawn to the first screen with its data, when reported
    cpu_seconds: float  # user + system time of that process
    peak_rss_mb: float
    output: str


def run(args: Sequence[str], env: dict[str, str] | None = None, check: bool = True) -> Figure:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                "COMPANION_REPORT_FIRST_PAINT": "1", **(env or {})}
    with tempfile.TemporaryFile("w+") as out:
        wall = time.time()
        start = time.perf_counter()
        proc = subprocess.Popen([PYTHON, *args], cwd=ROOT, env=full_env,
                                stdout=out, stderr=subprocess.STDOUT, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if check and code != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({code}): {text.strip()[-400:]}")
    paint, ready = _PAINT.search(text), _READY.search(text)
    return Figure(seconds, float(paint.group(1)) - wall if paint else None,
                  float(ready.group(1)) - wall if ready else None,
                  usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def measure(args: Sequence[str], runs: int, env: dict[str, str] | None = None,
            check: bool = True) -> Figure:
    """The median of ``runs`` runs (the output of the last one)."""
    results = [run(args, env, check) for _ in range(runs)]
    paints = [r.first_paint for r in results if r.first_paint is not None]
    readies = [r.ready for r in results if r.ready is not None]
    return Figure(
        statistics.median(r.seconds for r in results),
        statistics.median(paints) if paints else None,
        statistics.median(readies) if readies else None,
        statistics.median(r.cpu_seconds for r in results),
        statistics.median(r.peak_rss_mb for r in results),
        results[-1].output,
    )
