"""Calm error dialogs, and the crash handler that saves drafts before it shows one."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from companion.storage.errors import StorageError

log = logging.getLogger("companion.fault")


def show_error(parent: QWidget | None, summary: str, error: BaseException | None = None,
               log_path: Path | None = None, *, mention_typing: bool = True) -> None:
    """A calm message: what happened, that nothing typed is lost, where details are.

    ``mention_typing=False`` leaves out "What you typed has been kept." where nothing could
    have been typed yet (a refusal at start-up).
    """
    from PySide6.QtWidgets import QMessageBox  # only when needed: about 1 MB at start-up

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Companion")
    # A message box sizes itself by its buttons and icon: without a width, the app's
    # stylesheet (larger text) leaves the first line cut.
    box.setStyleSheet("#qt_msgbox_label, #qt_msgbox_informativelabel { min-width: 18em; }")
    box.setText(summary)
    detail = str(error) if isinstance(error, (StorageError, OSError, ValueError)) else ""
    info = [detail] if detail else []
    if mention_typing:
        info.append("What you typed has been kept.")
    if log_path is not None:
        info.append(f"Details are in the log file:\n{log_path}")
    box.setInformativeText("\n\n".join(info))
    copy = None
    if log_path is not None:
        copy = box.addButton("Copy log path", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    if copy is not None and box.clickedButton() is copy:
        QGuiApplication.clipboard().setText(str(log_path))


def install_excepthook(log_path: Path, flush: Callable[[], None],
                       parent: Callable[[], QWidget | None]) -> None:
    """Unexpected exceptions are logged, drafts are flushed, and a calm dialog is shown."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected exception:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        try:
            flush()
        except Exception:
            log.exception("could not save drafts after an unexpected exception")
        show_error(parent(), "Companion ran into an unexpected problem.", error, log_path)

    sys.excepthook = hook
