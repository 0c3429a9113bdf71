"""The report's summary part, parsed back: the item 9 box, one check-in, long shared notes."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.journal import EntryDraft
from companion.export.charts import format_day
from companion.export.dataset import build_dataset
from companion.export.pdf_report import render_pdf
from companion.storage.database import Database
from companion.storage.journal import create_entry, save_measure
from tests.export.test_pdf_report import page_count, pages_text

pytestmark = pytest.mark.usefixtures("qapp")

START = datetime(2020, 1, 6, 9, 0)
LONG_NOTE = (
    " ".join(
        f"Sentence {n} about how the week went and what I want to bring up." for n in range(120)
    )
    + "\n\nEnd of long note."
)


def _texts(db: Database, tmp_path: Path) -> tuple[list[str], str, str]:
    """Each page's text, then the summary part and the full record as one text each."""
    with db.transaction() as session:
        pdf = render_pdf(build_dataset(session))
    texts = pages_text(pdf, tmp_path)
    assert len(texts) == page_count(pdf)
    everything = " ".join(texts)
    full = everything.index("Full record")
    return texts, everything[:full], everything[full:]


def _phq9(db: Database, item9: list[int]) -> list[datetime]:
    """Weekly PHQ-9s from START, the 9th answer of each from ``item9``."""
    days = [START + timedelta(days=7 * n) for n in range(len(item9))]
    with db.transaction() as session:
        for when, answer in zip(days, item9, strict=True):
            save_measure(session, "PHQ-9", [2] * 8 + [answer], taken_at=when)
    return days


def test_item_9_above_0_for_years_is_summarised_on_the_page(db: Database, tmp_path: Path) -> None:
    """Review item 1: 300 flagged check-ins made a box taller than a page, clipped at its
    edge, without the latest answers. Now the box leads with the latest, lists the last few and
    points to the table, which has every one in bold."""
    days = _phq9(db, [2] * 300)
    texts, summary, record = _texts(db, tmp_path)
    latest = format_day(days[-1].date())
    assert f"Latest item 9 answer: 2 (More than half the days) on {latest}." in summary
    assert f"Above 0 on 300 of 300 check-ins, most recently {latest}." in summary
    assert "295 earlier ones are in bold in the check-in table of the full record" in summary
    assert "please follow up" in summary
    assert "cannot tell passive thoughts from intent" in summary
    # Only the most recent five are named (the first is the PHQ-9 baseline, named as such).
    listed = [d for d in days[1:] if format_day(d.date()) in summary]
    assert listed == days[-5:]
    assert all(format_day(d.date()) in record for d in days)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text


def test_item_9_box_says_when_the_latest_answer_is_0(db: Database, tmp_path: Path) -> None:
    """Review item 2: old answers above 0 asked for follow-up and hid that item 9 is now 0."""
    days = _phq9(db, [3, 2, 1, 0, 0, 0, 0])
    _pages, summary, _record = _texts(db, tmp_path)
    assert (
        f"Latest item 9 answer: 0 (Not at all) on {format_day(days[-1].date())}. "
        f"Above 0 on 3 of 7 check-ins, most recently {format_day(days[2].date())}."
    ) in summary
    assert "please follow up" not in summary.lower()
    assert "earlier answers above 0" in summary
    assert f"{format_day(days[2].date())} (Several days)" in summary
    assert "cannot tell passive thoughts from intent" in summary


def test_item_9_box_asks_for_follow_up_when_the_latest_answer_is_above_0(
    db: Database, tmp_path: Path
) -> None:
    days = _phq9(db, [0, 0, 1])
    _pages, summary, _record = _texts(db, tmp_path)
    day = format_day(days[-1].date())
    assert f"Latest item 9 answer: 1 (Several days) on {day}." in summary
    assert f"Above 0 on 1 of 3 check-ins, most recently {day}." in summary
    assert "please follow up" in summary


def test_one_check_in_is_not_said_to_have_stayed(db: Database, tmp_path: Path) -> None:
    """Review item 12: "PHQ-9 stayed at 9. Baseline 20 Nov 2026, latest 20 Nov 2026"."""
    with db.transaction() as session:
        save_measure(session, "PHQ-9", [2, 2, 2, 1, 1, 1, 0, 0, 0], taken_at=START)
        save_measure(session, "GAD-7", [1, 1, 1, 1, 1, 1, 0], taken_at=START)
    _pages, summary, _record = _texts(db, tmp_path)
    assert "One PHQ-9: 9 (mild) on 6 Jan 2020." in summary
    assert "One GAD-7: 6 (mild) on 6 Jan 2020." in summary
    assert "stayed at" not in summary


def test_a_long_shared_note_is_clipped_in_the_summary_only(db: Database, tmp_path: Path) -> None:
    """Review item 14: one 1,000-word note turned the summary into three pages."""
    with db.transaction() as session:
        for n, note in enumerate(("Slept badly.", LONG_NOTE, "Short and whole.")):
            create_entry(
                session, EntryDraft(mood=5, therapist_notes=note), entry_at=START + timedelta(n)
            )
    texts, summary, record = _texts(db, tmp_path)
    latest = summary[summary.index("Latest notes shared") :]
    assert "Slept badly." in latest and "Short and whole." in latest
    assert "Sentence 0 about how the week went" in latest
    assert "Sentence 6 " not in latest  # about three lines of it
    assert "..." in latest  # "…", spelled out by the text extraction
    found = re.search(r"The whole note is in the full record, page (\d+)\.", latest)
    assert found is not None
    number = int(found.group(1))
    assert "Sentence 0 about how the week went" in texts[number - 1]
    assert number >= next(n for n, text in enumerate(texts, 1) if "Full record" in text)
    # The full record keeps every word.
    assert "Sentence 119 about how the week went" in record and "End of long note." in record
    assert summary.count("The whole note is in the full record") == 1  # short notes stay whole
