"""``make screenshots``: the README's pictures, made by the app itself from demo data.

Each screen in the light and the dark theme, written to docs/screenshots/. Pass
``--scale 200`` to make the 200% text set for checking instead (into docs/screenshots/200/).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ("prepare", "session", "journal", "history", "course")
THEMES = ("light", "dark")


# Qt's offscreen screen is 800x600 unless told otherwise, and a window is fitted to its screen.
SCREEN = {"screens": [{"name": "Laptop", "x": 0, "y": 0, "width": 1400, "height": 950,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def companion(data: Path, *args: str) -> None:
    platform = os.environ.get("QT_QPA_PLATFORM")
    if platform is None:
        config = data / "screen.json"
        config.write_text(json.dumps(SCREEN), encoding="utf-8")
        platform = f"offscreen:configfile={config}"
    subprocess.run([sys.executable, "-m", "companion", "--data-dir", str(data), *args],
                   check=True, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": platform})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100, help="text size in percent")
    parser.add_argument("--days", type=int, default=400, help="days of demo history")
    args = parser.parse_args()
    out = ROOT / "docs" / "screenshots"
    if args.scale != 100:
        out = out / str(args.scale)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        companion(data, "demo-data", "--days", str(args.days))
        for theme in THEMES:
            (data / "display.ini").write_text(
                f"[General]\ntheme={theme}\ntext_scale={args.scale}\n", encoding="utf-8")
            for screen in SCREENS:
                target = out / f"{screen}-{theme}.png"
                companion(data, "--screen", screen, "--screenshot", str(target),
                          "--exit-after-startup")
                print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
