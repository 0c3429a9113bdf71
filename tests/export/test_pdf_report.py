"""The PDF report, parsed back: pages, page numbers, the key lines, private text only if asked."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QPageSize
from sqlalchemy import select

from companion.domain.journal import EntryDraft
from companion.domain.measures import PERMISSION
from companion.export.dataset import ExportCancelled, build_dataset
from companion.export.pdf_report import SELF_REPORTED, TITLE, page_size, render_pdf
from companion.storage import models as m
from companion.storage.database import Database
from companion.storage.journal import create_entry, save_measure
from tests.export.helpers import TODAY, demo_folder

pytestmark = pytest.mark.usefixtures("qapp")


def page_count(pdf: bytes) -> int:
    """Qt writes uncompressed page objects: count them."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page (QtPdf when installed, else poppler's pdftotext), with spaces
    folded and ligatures ("ﬂ") spelled out."""
    if importlib.util.find_spec("PySide6.QtPdf") is not None:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtPdf import QPdfDocument

        buffer = QBuffer()
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        texts = [document.getAllText(n).text() for n in range(document.pageCount())]
    elif shutil.which("pdftotext"):
        path = tmp_path / "report.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        texts = out.stdout.decode("utf-8").split("\f")[: page_count(pdf)]
    else:
        pytest.skip("no PDF text extractor (PySide6.QtPdf or pdftotext) is installed")
    return [" ".join(unicodedata.normalize("NFKC", text).split()) for text in texts]


def _report(db: Database, **options: object) -> bytes:
    with db.transaction() as session:
        return render_pdf(build_dataset(session, **options))  # type: ignore[arg-type]


def test_a_report_of_demo_data(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.transaction() as session:
        note = "Please ask me about the dreams after session four."
        create_entry(
            session,
            EntryDraft(mood=6, therapist_notes=note, reflections="PRIVATE-XYZ"),
            entry_at=datetime(2026, 3, 30, 20, 0),
        )
    pdf = _report(demo_db, patient="J. D.")
    assert pdf.startswith(b"%PDF-")
    texts = pages_text(pdf, tmp_path)
    total = page_count(pdf)
    assert total >= 3 and len(texts) == total
    for number, text in enumerate(texts, start=1):
        assert SELF_REPORTED in text
        assert f"Page {number} of {total}" in text
    first = texts[0]
    for words in (
        TITLE,
        "Patient: J. D.",
        "Summary",
        "SESSIONS",
        "PHQ-9 LATEST",
        "GAD-7 LATEST",
        "PHQ-9 went from",
        # Issue 10: the course, its series and the goals at the top.
        "Treatment course",
        "Maintenance phase: IV infusion",
        "Since this course began:",
        "Sleep through the night",
    ):
        assert words in first
    everything = " ".join(texts)
    assert "Mood and anxiety" in everything
    assert "Notes shared with the therapist" in everything
    assert note in everything
    assert " ".join(PERMISSION.split()[:8]) in everything
    assert "IV infusion" in everything and "60 min" in everything
    assert "No. counts the appointments the patient recorded" in " ".join(everything.split())
    assert "PRIVATE-XYZ" not in everything


def test_private_reflections_only_when_included(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.transaction() as session:
        create_entry(
            session,
            EntryDraft(mood=6, reflections="A private line about my father."),
            entry_at=datetime(2026, 3, 30, 20, 0),
        )
    shared = " ".join(pages_text(_report(demo_db), tmp_path))
    private = " ".join(pages_text(_report(demo_db, include_private=True), tmp_path))
    assert "A private line about my father." not in shared
    assert "Private reflections (included by the patient)" in private
    assert "A private line about my father." in private


def test_item_9_above_0_is_flagged_calmly(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        save_measure(session, "PHQ-9", [1] * 8 + [0], taken_at=datetime(2026, 3, 1, 9, 0))
        save_measure(session, "PHQ-9", [2] * 8 + [1], taken_at=datetime(2026, 3, 4, 9, 0))
    text = " ".join(pages_text(_report(db), tmp_path))
    assert "PHQ-9 item 9 (thoughts of self-harm): please follow up" in text
    assert "Latest item 9 answer: 1 (Several days) on 4 Mar 2026." in text
    assert "1 Mar 2026 (" not in text  # the check-in with item 9 at 0 is not listed


def test_no_flag_without_item_9_above_0(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        save_measure(session, "PHQ-9", [1] * 8 + [0], taken_at=datetime(2026, 3, 1, 9, 0))
    text = " ".join(pages_text(_report(db), tmp_path))
    assert "please follow up" not in text
    assert "PHQ-9 went from" not in text  # one check-in: nothing to compare yet


def test_an_empty_period_still_makes_a_readable_report(demo_db: Database, tmp_path: Path) -> None:
    pdf = _report(demo_db, date_from=date(2020, 1, 1), date_to=date(2020, 1, 31))
    text = " ".join(pages_text(pdf, tmp_path))
    assert page_count(pdf) == 1
    assert "1 Jan 2020 – 31 Jan 2020" in text
    assert "No sessions in this period." in text
    assert "Page 1 of 1" in text


def test_a_range_after_all_data_names_itself_and_labels_the_course(
    demo_db: Database, tmp_path: Path
) -> None:
    """Review item 18: ``--from 2030-01-01`` said "No entries yet" above the 2025-26 course."""
    pdf = _report(demo_db, date_from=date(2030, 1, 1))
    text = " ".join(pages_text(pdf, tmp_path))
    assert "Period: 1 Jan 2030 onwards; nothing recorded in this period" in text
    assert "No entries yet" not in text
    assert "Nothing was recorded in this period" in text
    assert "SESSIONS" not in text  # no tiles of zeros
    # The course still open in 2030 is there, but said to be the whole course.
    assert "Treatment course" in text
    assert "The whole course, from its start on" in text
    assert page_count(pdf) == 1


def test_summary_first_and_every_list_under_the_full_record(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.transaction() as session:
        shared = [row.notes for row in build_dataset(session).rows if row.notes.strip()]
    texts = pages_text(_report(demo_db), tmp_path)
    everything = " ".join(texts)
    full = everything.index("Full record")
    for early in ("Summary", "Treatment course", "Latest notes shared", "Trends", "Side effects"):
        assert everything.index(early) < full
    for late in ("Sessions", "PHQ-9 and GAD-7 check-ins", "Notes shared with the therapist"):
        assert everything.index(late, everything.index("Trends")) > full
    assert f"The last 5 of {len(shared)} shared notes" in everything
    # Nothing the patient chose to share is left out of the full record.
    record = everything[full:]
    assert record.count(shared[0]) >= shared.count(shared[0])


def test_paper_follows_the_locale() -> None:
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    germany = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert page_size(us).id() == QPageSize.PageSizeId.Letter
    assert page_size(germany).id() == QPageSize.PageSizeId.A4


def test_cancel_stops_the_report(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        dataset = build_dataset(session)
    with pytest.raises(ExportCancelled):
        render_pdf(dataset, cancelled=lambda: True)


def test_progress_counts_pages(demo_db: Database) -> None:
    seen: list[tuple[int, int]] = []
    with demo_db.transaction() as session:
        pdf = render_pdf(
            build_dataset(session), progress=lambda done, total: seen.append((done, total))
        )
    total = page_count(pdf)
    assert seen == [(n, total) for n in range(1, total + 1)]


def test_command_line_pdf_in_its_own_process(data_dir: Path, tmp_path: Path) -> None:
    """The real command: an offscreen QGuiApplication of its own, exit 0, a PDF file."""
    demo_folder(data_dir, days=20)
    target = tmp_path / "report.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "companion",
            "export",
            "--data-dir",
            str(data_dir),
            "--format",
            "pdf",
            "--output",
            str(target),
            "--to",
            TODAY.isoformat(),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote {target}: ")
    assert target.read_bytes().startswith(b"%PDF-")
    assert page_count(target.read_bytes()) >= 2


def test_blood_pressure_and_pulse_before_and_after_are_in_the_record(
    demo_db: Database, tmp_path: Path
) -> None:
    """clinical.md: measured before the dose and about 40 minutes after."""
    with demo_db.transaction() as session:
        run = session.scalars(
            select(m.TreatmentSession).where(m.TreatmentSession.appointment_id.is_not(None))
        ).first()
        assert run is not None
        appointment = session.get(m.Appointment, run.appointment_id)
        appointment.systolic, appointment.diastolic, appointment.pulse = 131, 84, 77
        entry = session.scalars(
            select(m.JournalEntry).where(m.JournalEntry.session_id == run.id)
        ).first()
        assert entry is not None
        entry.systolic, entry.diastolic, entry.pulse = 142, 91, 88
    everything = " ".join(" ".join(pages_text(_report(demo_db), tmp_path)).split())
    assert "Blood pressure and pulse" in everything
    assert "131/84, pulse 77" in everything and "142/91, pulse 88" in everything
