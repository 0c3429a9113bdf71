"""Before ``make run`` on Linux: name the system packages Qt's window plugin is missing,
instead of letting Qt abort with "could not load the Qt platform plugin xcb"."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# soname -> Debian/Ubuntu package
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
_MISSING = re.compile(r"^\s*(\S+) => not found", re.MULTILINE)


def missing_libraries() -> list[str]:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    targets = [qt / "plugins" / "platforms" / "libqxcb.so", *qt.glob("lib/libQt6XcbQpa.so*")]
    found: set[str] = set()
    for target in targets:
        if target.exists():
            out = subprocess.run(["ldd", str(target)], capture_output=True, text=True).stdout
            found.update(_MISSING.findall(out))
    return sorted(found)


def main() -> int:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return 0
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("No desktop display found (DISPLAY and WAYLAND_DISPLAY are unset). Run Companion "
              "from a desktop session, or try: QT_QPA_PLATFORM=offscreen make run")
        return 2
    if os.environ.get("WAYLAND_DISPLAY") or shutil.which("ldd") is None:
        return 0
    missing = missing_libraries()
    if missing:
        packages = sorted({PACKAGES.get(lib, lib) for lib in missing})
        print("Qt needs system libraries that are not installed: " + ", ".join(missing))
        print("On Debian or Ubuntu, install them with:\n  sudo apt-get install "
              + " ".join(packages))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
