"""The export dialog: what the file will hold is shown first; saving writes it off the GUI
thread; private reflections only when ticked; a cancel leaves no file."""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from companion.export.dataset import PATIENT_NAME_KEY, ExportCancelled
from companion.storage.demo import fill
from companion.storage.settings import INSTALLATION_ID, get_setting, set_setting
from companion.ui import export_dialog
from companion.ui.context import AppContext
from companion.ui.export_dialog import ExportDialog
from tests.conftest import drain
from tests.export.helpers import TODAY


def _dialog(qtbot: QtBot, ctx: AppContext) -> ExportDialog:
    fill(ctx.worker.db, 30, seed=3, today=TODAY)
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())
    return dialog


def _format(dialog: ExportDialog, key: str) -> None:
    for button in dialog.formats.buttons():
        if button.property("format") == key:
            button.click()


def test_preview_before_writing_and_private_only_when_ticked(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = _dialog(qtbot, ctx)
    text = dialog.preview.text()
    assert text.startswith("This file will contain: ")
    assert "sessions" in text and "PHQ-9" in text
    assert "private reflections: not included" in text
    assert dialog.all_dates.isChecked() and not dialog.private.isChecked()
    dialog.private.click()
    qtbot.waitUntil(lambda: "private reflections: included (" in dialog.preview.text())
    _format(dialog, "fhir")
    qtbot.waitUntil(lambda: "written notes are never part of a FHIR file" in dialog.preview.text())
    assert not dialog.private.isEnabled()
    assert dialog.choice().include_private is False


def test_a_range_with_the_first_day_after_the_last_cannot_be_saved(
    qtbot: QtBot, ctx: AppContext
) -> None:
    dialog = _dialog(qtbot, ctx)
    dialog.all_dates.click()
    dialog.date_from.setDate(dialog.date_to.date().addDays(1))
    qtbot.waitUntil(lambda: "first day is after the last day" in dialog.preview.text())
    assert not dialog.save_button.isEnabled()


def test_saving_a_csv_with_private_reflections_and_a_name(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, ctx)
    _format(dialog, "csv")
    dialog.private.click()
    dialog.name.setText("  J.   D. ")
    target = tmp_path / "entries.csv"
    asked: list[Path] = []
    monkeypatch.setattr(
        export_dialog,
        "choose_file",
        lambda _parent, suggested, _filter: asked.append(suggested) or target,
    )
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved_path == target, timeout=10_000)
    assert asked[0].suffix == ".csv"
    with target.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames is not None and reader.fieldnames[-1] == "reflections"
    assert any(row["reflections"] for row in rows)
    assert "Saved “entries.csv”" in dialog.preview.text()
    assert dialog.open_folder.isVisible()
    drain(ctx)
    with ctx.worker.db.transaction() as session:
        assert get_setting(session, PATIENT_NAME_KEY) == "J. D."


def test_a_fhir_file_counts_only_what_it_holds_and_the_first_one_makes_the_id(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, ctx)
    _format(dialog, "fhir")
    qtbot.waitUntil(lambda: "mood ratings" in dialog.preview.text())
    said = dialog.preview.text()
    assert "PHQ-9" in said and "GAD-7" in said
    assert not re.search(r"\d+ (sessions?|entries|side effects?)", said)
    drain(ctx)
    with ctx.worker.db.transaction() as session:
        assert get_setting(session, INSTALLATION_ID) is None  # the preview writes nothing
    target = tmp_path / "scores.json"
    monkeypatch.setattr(export_dialog, "choose_file", lambda *_args: target)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved_path == target, timeout=10_000)
    resources = [e["resource"] for e in json.loads(target.read_text(encoding="utf-8"))["entry"]]
    observations = [r["code"]["text"] for r in resources if r["resourceType"] == "Observation"]
    moods = sum(1 for text in observations if text.startswith("Self-rated mood"))
    assert f"{moods} mood ratings" in said
    drain(ctx)
    with ctx.worker.db.transaction() as session:
        assert get_setting(session, INSTALLATION_ID) is not None


def test_the_stored_name_is_offered_again(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.worker.db.transaction() as session:
        set_setting(session, PATIENT_NAME_KEY, "Sam")
    dialog = _dialog(qtbot, ctx)
    assert dialog.name.text() == "Sam"
    assert "Name on it: Sam." in dialog.preview.text()


def test_stopping_a_long_export_writes_nothing(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, ctx)
    target = tmp_path / "report.pdf"
    started: list[bool] = []

    def slow_writer(
        _dataset: object,
        _path: Path,
        progress: Callable[[int, int], None],
        cancelled: Callable[[], bool],
    ) -> None:
        started.append(True)
        while not cancelled():
            progress(1, 100)
            time.sleep(0.01)
        raise ExportCancelled()

    monkeypatch.setattr(export_dialog, "writer_for", lambda _fmt: slow_writer)
    monkeypatch.setattr(export_dialog, "choose_file", lambda *_args: target)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(started) and dialog.progress is not None)
    assert dialog.progress is not None
    stop = dialog.progress.findChild(QPushButton)
    assert stop is not None and stop.text() == "Stop"
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=5_000)
    assert dialog.preview.text() == "Stopped. No file was written."
    assert not target.exists()
    assert dialog.save_button.isEnabled()


def test_an_unwritable_place_is_said_plainly(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, ctx)
    monkeypatch.setattr(
        export_dialog, "choose_file", lambda *_args: tmp_path / "missing" / "report.pdf"
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not be saved" in dialog.preview.text(), timeout=10_000)
    assert "does not exist" in dialog.preview.text()


def test_saving_a_pdf_report_on_its_own_thread(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, ctx)
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(export_dialog, "choose_file", lambda *_args: target)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved_path == target, timeout=20_000)
    assert target.read_bytes().startswith(b"%PDF-")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # now "Close"
    assert dialog.result() == dialog.DialogCode.Accepted


def test_the_preview_stays_in_view_and_the_note_follows_the_format(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """Review item 15: the preview sat below the fold, and FHIR kept the "always included" note."""
    dialog = _dialog(qtbot, ctx)
    # Outside the scrolling body, so no scrolling hides it; fully inside the dialog.
    assert not dialog._scroll.widget().isAncestorOf(dialog.preview)
    top_left = dialog.preview.mapTo(dialog, dialog.preview.rect().topLeft())
    assert top_left.y() >= 0
    assert (
        top_left.y() + dialog.preview.height()
        <= dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft()).y()
    )
    assert dialog.preview.height() >= dialog.preview.heightForWidth(dialog.preview.width())
    assert "always included" in dialog.private_note.text()
    _format(dialog, "fhir")
    qtbot.waitUntil(lambda: "never part of a FHIR file" in dialog.preview.text())
    assert "always included" not in dialog.private_note.text()
    assert "scores and ratings only" in dialog.private_note.text()
    assert dialog.private.accessibleDescription() == dialog.private_note.text()
    _format(dialog, "csv")
    assert "always included" in dialog.private_note.text()
