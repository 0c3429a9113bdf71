"""Faults: a calm dialog with the log's path and a copy button; drafts saved first."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from companion.storage.errors import NotOurDatabase
from companion.ui import fault


def drive_message_box(
    monkeypatch: pytest.MonkeyPatch, click: str | None = None
) -> list[QMessageBox]:
    """Replace ``QMessageBox.exec`` (which would wait) by a click on the button named."""
    shown: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        if click is not None:
            (button,) = [b for b in box.findChildren(QPushButton) if b.text() == click]
            button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_the_message_says_what_happened_and_that_nothing_is_lost(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = drive_message_box(monkeypatch)
    fault.show_error(None, "Companion could not open your data.", NotOurDatabase("not ours"))
    (box,) = shown
    assert box.text() == "Companion could not open your data."
    assert "not ours" in box.informativeText()
    assert "What you typed has been kept." in box.informativeText()
    assert [b.text() for b in box.findChildren(QPushButton)] == ["OK"]


def test_a_refusal_at_start_up_does_not_speak_of_typing(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = drive_message_box(monkeypatch)
    error = NotOurDatabase("the journal was written by a newer version")
    fault.show_error(None, "Companion could not open your journal.", error, mention_typing=False)
    (box,) = shown
    assert box.informativeText() == "the journal was written by a newer version"


def test_a_programming_error_is_not_shown_to_the_patient(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = drive_message_box(monkeypatch)
    fault.show_error(None, "Something went wrong.", KeyError("entry_at"))
    assert "entry_at" not in shown[0].informativeText()


def test_the_log_path_can_be_copied(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_path = tmp_path / "logs" / "companion.log"
    shown = drive_message_box(monkeypatch, click="Copy log path")
    fault.show_error(None, "Companion ran into an unexpected problem.", None, log_path)
    assert str(log_path) in shown[0].informativeText()
    assert QApplication.clipboard().text() == str(log_path)


@pytest.fixture
def hook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Callable[[], None]], list[tuple[str, BaseException | None, Path | None]]]:
    """Install the crash handler with ``flush``; return what its dialog would have shown."""

    def install(flush: Callable[[], None]) -> list[tuple[str, BaseException | None, Path | None]]:
        shown: list[tuple[str, BaseException | None, Path | None]] = []
        monkeypatch.setattr(sys, "excepthook", sys.excepthook)
        monkeypatch.setattr(
            fault,
            "show_error",
            lambda _parent, summary, error=None, log_path=None: shown.append(
                (summary, error, log_path)
            ),
        )
        fault.install_excepthook(tmp_path / "companion.log", flush, lambda: None)
        return shown

    return install


def _raise_into_the_hook() -> RuntimeError:
    try:
        raise RuntimeError("a bug")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
        return error


@pytest.mark.allow_warning_logs
def test_an_unexpected_exception_saves_drafts_then_shows_the_log_path(
    hook: Callable[[Callable[[], None]], list[tuple[str, BaseException | None, Path | None]]],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    order: list[str] = []
    shown = hook(lambda: order.append("flushed"))
    error = _raise_into_the_hook()
    assert order == ["flushed"]
    ((summary, shown_error, log_path),) = shown
    assert "unexpected problem" in summary
    assert shown_error is error
    assert log_path == tmp_path / "companion.log"
    logged = [r for r in caplog.records if r.name == "companion.fault"]
    assert logged and "RuntimeError: a bug" in logged[0].getMessage()


@pytest.mark.allow_warning_logs
def test_the_dialog_appears_even_when_saving_drafts_fails(
    hook: Callable[[Callable[[], None]], list[tuple[str, BaseException | None, Path | None]]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken_flush() -> None:
        raise OSError("disk full")

    shown = hook(broken_flush)
    _raise_into_the_hook()
    assert len(shown) == 1
    assert any("could not save drafts" in r.getMessage() for r in caplog.records)
    assert caplog.records[-1].levelno >= logging.ERROR
