"""Writing an export file safely: a finished file or none, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from companion.errors import UserError

Progress = Callable[[int, int], None]
"""Called with (done, total) steps as an export goes on."""
Cancelled = Callable[[], bool]
"""Returns True once the patient has asked to stop."""


def no_progress(_done: int, _total: int) -> None:
    """The default progress callback: nobody is watching."""


def never_cancelled() -> bool:
    return False


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write beside ``path`` and move the finished file into place.

    On any error or a cancel the temporary file is removed and an existing file at ``path``
    stays exactly as it was.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"companion: cannot write {path}: the folder {folder} does not exist")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise UserError(f"companion: cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise UserError(f"companion: cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
