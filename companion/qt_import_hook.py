"""Keep PySide6's import hook from holding the source of every module in memory.

After PySide6 is imported, its import hook asks of every module imported next whether it
uses PySide6 (PYSIDE-2029), by searching ``inspect.getsource(module)`` for the word. That goes
through ``linecache``, which keeps every line of every such file for the life of the process:
about 20 MB for Companion's imports, SQLAlchemy's source being most of it. The same check is
made here by reading the file's bytes, which keeps nothing.
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType


def read_sources_directly() -> None:
    """Put the lighter check in place; a no-op where PySide6 has no such hook (or no longer)."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "reads_directly", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))

    uses_pyside.reads_directly = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    linecache.clearcache()  # what it kept of the modules imported so far (read again if needed)
