from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain import measures
from companion.domain.measures import (
    INSTRUMENTS,
    band_for,
    band_ranges,
    change_from_baseline,
    checkin_due,
    describe_progress,
    is_remission,
    is_response,
    needs_crisis_resources,
    score,
)


def answers_totalling(total: int, length: int) -> list[int]:
    """An answer list of `length` items summing to `total` (each 0-3)."""
    answers = []
    for _ in range(length):
        take = min(3, total)
        answers.append(take)
        total -= take
    assert total == 0
    return answers


PHQ9_EDGES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately severe"),
    (19, "moderately severe"),
    (20, "severe"),
    (27, "severe"),
]
GAD7_EDGES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]


@pytest.mark.parametrize(("total", "band"), PHQ9_EDGES)
def test_phq9_band_edges(total: int, band: str) -> None:
    result = score("PHQ-9", answers_totalling(total, 9))
    assert result.total == total
    assert result.band == band
    assert band_for("PHQ-9", total) == band


@pytest.mark.parametrize(("total", "band"), GAD7_EDGES)
def test_gad7_band_edges(total: int, band: str) -> None:
    result = score("GAD-7", answers_totalling(total, 7))
    assert result.total == total
    assert result.band == band
    assert band_for("GAD-7", total) == band


def test_gad7_has_no_moderately_severe_band() -> None:
    assert "moderately severe" not in {band for _, _, band in band_ranges("GAD-7")}
    assert band_for("GAD-7", 19) == "severe"


def test_score_is_frozen_and_keeps_answers() -> None:
    result = score("GAD-7", (1, 2, 3, 0, 1, 2, 3))
    assert result.total == 12
    assert result.answers == (1, 2, 3, 0, 1, 2, 3)
    assert result.instrument == "GAD-7"
    with pytest.raises(AttributeError):
        result.total = 0  # type: ignore[misc]


@given(st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_any_valid_phq9_scores_in_range(answers: list[int]) -> None:
    result = score("PHQ-9", answers)
    assert result.total == sum(answers)
    assert 0 <= result.total <= 27
    assert result.band == band_for("PHQ-9", result.total)


@given(st.lists(st.integers(0, 3), min_size=7, max_size=7))
def test_any_valid_gad7_scores_in_range(answers: list[int]) -> None:
    result = score("GAD-7", answers)
    assert 0 <= result.total <= 21
    assert result.band in {"minimal", "mild", "moderate", "severe"}


@pytest.mark.parametrize(
    ("instrument", "answers"),
    [
        ("PHQ-9", [0] * 8),
        ("PHQ-9", [0] * 10),
        ("PHQ-9", []),
        ("GAD-7", [0] * 9),
        ("GAD-7", [0] * 6),
        ("PHQ-9", [0] * 8 + [4]),
        ("PHQ-9", [-1] + [0] * 8),
        ("GAD-7", [0] * 6 + [True]),
        ("GAD-7", [False] * 7),
        ("GAD-7", [1.0] * 7),
        ("GAD-7", [0] * 6 + [1.5]),
        ("GAD-7", ["1"] * 7),
        ("GAD-7", [None] * 7),
        ("GAD-7", "0000000"),
        ("GAD-7", None),
        ("GAD-7", {0, 1, 2, 3, 4, 5, 6}),
        ("PHQ-8", [0] * 8),
        ("phq-9", [0] * 9),
        ("", [0] * 9),
        (None, [0] * 9),
    ],
)
def test_score_refuses_bad_input(instrument: object, answers: object) -> None:
    with pytest.raises(ValueError):
        score(instrument, answers)  # type: ignore[arg-type]


@given(
    st.lists(st.integers(), min_size=7, max_size=7).filter(
        lambda answers: any(not 0 <= a <= 3 for a in answers)
    )
)
def test_any_out_of_range_answer_is_refused(answers: list[int]) -> None:
    with pytest.raises(ValueError):
        score("GAD-7", answers)


def test_tuple_answers_are_accepted() -> None:
    assert score("PHQ-9", (3,) * 9).total == 27


@pytest.mark.parametrize(
    ("instrument", "total"),
    [("PHQ-9", -1), ("PHQ-9", 28), ("GAD-7", 22), ("GAD-7", True), ("GAD-7", 3.0), ("X", 1)],
)
def test_band_for_refuses_out_of_range(instrument: str, total: object) -> None:
    with pytest.raises(ValueError):
        band_for(instrument, total)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["PHQ-9", "GAD-7"])
def test_band_ranges_cover_every_total_exactly_once(name: str) -> None:
    ranges = band_ranges(name)
    covered = [t for low, high, _ in ranges for t in range(low, high + 1)]
    assert covered == list(range(INSTRUMENTS[name].max_total + 1))


def test_instrument_definitions_match_clinical_reference() -> None:
    phq9, gad7 = INSTRUMENTS["PHQ-9"], INSTRUMENTS["GAD-7"]
    assert [item.loinc for item in phq9.items] == [
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
        "44258-2", "44252-5", "44253-3", "44260-8",
    ]  # fmt: skip
    assert [item.loinc for item in gad7.items] == [
        "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
    ]  # fmt: skip
    assert phq9.items[8].text == (
        "Thoughts that you would be better off dead, or of hurting yourself in some way"
    )
    assert gad7.items[0].text == "Feeling nervous, anxious, or on edge"
    assert (phq9.panel_loinc, phq9.total_loinc) == ("44249-1", "44261-6")
    assert (gad7.panel_loinc, gad7.total_loinc) == ("69737-5", "70274-6")
    assert (phq9.max_total, gad7.max_total) == (27, 21)
    for definition in (phq9, gad7):
        assert definition.stem == (
            "Over the last 2 weeks, how often have you been bothered by any of the following "
            "problems?"
        )
        assert [(o.value, o.label, o.loinc) for o in definition.options] == [
            (0, "Not at all", "LA6568-5"),
            (1, "Several days", "LA6569-3"),
            (2, "More than half the days", "LA6570-1"),
            (3, "Nearly every day", "LA6571-9"),
        ]
        assert definition.difficulty_options == (
            "Not difficult at all",
            "Somewhat difficult",
            "Very difficult",
            "Extremely difficult",
        )
        assert definition.permission == (
            "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
            "colleagues, with an educational grant from Pfizer Inc. No permission required to "
            "reproduce, translate, display or distribute."
        )


def test_crisis_flag_follows_phq9_item_9_only() -> None:
    assert not needs_crisis_resources("PHQ-9", [3] * 8 + [0])
    for value in (1, 2, 3):
        assert needs_crisis_resources("PHQ-9", [0] * 8 + [value])
    # Item 9 is the last item, not any other one.
    assert not needs_crisis_resources("PHQ-9", [0] * 7 + [3, 0])
    assert not needs_crisis_resources("GAD-7", [3] * 7)


def test_crisis_flag_refuses_bad_answers() -> None:
    with pytest.raises(ValueError):
        needs_crisis_resources("PHQ-9", [0] * 8)
    with pytest.raises(ValueError):
        needs_crisis_resources("PHQ-9", [0] * 8 + [4])


@pytest.mark.parametrize(
    ("baseline", "latest", "expected"),
    [
        (10, 5, True),  # exactly 50%
        (18, 9, True),
        (19, 9, True),  # 53%
        (27, 14, False),  # 48%
        (20, 11, False),  # 45%
        (2, 1, True),
        (10, 0, True),
        (10, 10, False),
        (10, 12, False),
        (0, 0, False),
    ],
)
def test_response_edges(baseline: int, latest: int, expected: bool) -> None:
    assert is_response(baseline, latest) is expected


def test_response_at_49_percent_is_not_a_response() -> None:
    # Totals never make exactly 49% within 0-27, so check the rule with larger numbers too.
    assert not is_response(100, 51)
    assert is_response(100, 50)


@pytest.mark.parametrize(("total", "expected"), [(0, True), (4, True), (5, False), (27, False)])
def test_remission_edges(total: int, expected: bool) -> None:
    assert is_remission(total) is expected


def test_remission_refuses_out_of_range() -> None:
    with pytest.raises(ValueError):
        is_remission(28)
    with pytest.raises(ValueError):
        is_response(-1, 3)


def test_change_from_baseline() -> None:
    change = change_from_baseline(18, 8)
    assert change.absolute == -10
    assert change.percent == pytest.approx(-55.555, abs=0.01)
    assert change_from_baseline(4, 6).percent == pytest.approx(50.0)
    zero = change_from_baseline(0, 3)
    assert (zero.absolute, zero.percent) == (3, None)


@pytest.mark.parametrize(
    ("instrument", "baseline", "latest", "text"),
    [
        (
            "PHQ-9",
            18,
            8,
            "PHQ-9 went from 18 to 8, a drop of 56% — "
            "clinicians call a drop of at least 50% a response.",
        ),
        ("PHQ-9", 18, 12, "PHQ-9 went from 18 to 12, a drop of 33%."),
        (
            "PHQ-9",
            18,
            4,
            "PHQ-9 went from 18 to 4, a drop of 78% — clinicians call a drop of at least 50% "
            "a response, and a PHQ-9 under 5 remission.",
        ),
        (
            "PHQ-9",
            6,
            4,
            "PHQ-9 went from 6 to 4, a drop of 33% — clinicians call a PHQ-9 under 5 remission.",
        ),
        # Baseline already under 5: no remission wording.
        ("PHQ-9", 4, 3, "PHQ-9 went from 4 to 3, a drop of 25%."),
        ("GAD-7", 8, 12, "GAD-7 went from 8 to 12, a rise of 50%."),
        ("GAD-7", 12, 12, "GAD-7 stayed at 12."),
        ("GAD-7", 0, 4, "GAD-7 went from 0 to 4."),
        (
            "GAD-7",
            16,
            4,
            "GAD-7 went from 16 to 4, a drop of 75% — "
            "clinicians call a drop of at least 50% a response.",
        ),
    ],
)
def test_describe_progress(instrument: str, baseline: int, latest: int, text: str) -> None:
    assert describe_progress(instrument, baseline, latest) == text


def test_describe_progress_never_names_a_diagnosis() -> None:
    for baseline in range(28):
        for latest in range(28):
            text = describe_progress("PHQ-9", baseline, latest).casefold()
            assert "depress" not in text
            assert "disorder" not in text


def test_describe_progress_refuses_out_of_range() -> None:
    with pytest.raises(ValueError):
        describe_progress("GAD-7", 22, 3)


def test_checkin_due() -> None:
    today = date(2026, 3, 10)
    assert checkin_due(None, today)
    assert not checkin_due(date(2026, 3, 4), today)  # 6 days
    assert checkin_due(date(2026, 3, 3), today)  # 7 days
    assert not checkin_due(today, today)
    assert checkin_due(date(2026, 3, 8), today, interval_days=2)
    with pytest.raises(ValueError):
        checkin_due(None, today, interval_days=0)


def test_module_keys_are_the_contract_names() -> None:
    assert set(INSTRUMENTS) == {measures.PHQ9, measures.GAD7} == {"PHQ-9", "GAD-7"}


@pytest.mark.parametrize(
    ("baseline", "latest", "expected"),
    [
        (9, 5, False),  # 44%: half of an odd baseline is not reached
        (9, 4, True),  # 56%
        (1, 1, False),
        (1, 0, True),
        (27, 13, True),  # 52%
        (21, 11, False),  # GAD-7 range: 48%
    ],
)
def test_response_edges_with_odd_baselines(baseline: int, latest: int, expected: bool) -> None:
    assert is_response(baseline, latest) is expected


@pytest.mark.parametrize(
    ("baseline", "latest", "text"),
    [
        (
            10,
            5,
            "PHQ-9 went from 10 to 5, a drop of 50% — "
            "clinicians call a drop of at least 50% a response.",
        ),
        (
            10,
            4,
            "PHQ-9 went from 10 to 4, a drop of 60% — clinicians call a drop of at least 50% "
            "a response, and a PHQ-9 under 5 remission.",
        ),
        (9, 5, "PHQ-9 went from 9 to 5, a drop of 44%."),
        (
            5,
            4,
            "PHQ-9 went from 5 to 4, a drop of 20% — clinicians call a PHQ-9 under 5 remission.",
        ),
    ],
)
def test_describe_progress_at_the_response_and_remission_edges(
    baseline: int, latest: int, text: str
) -> None:
    assert describe_progress("PHQ-9", baseline, latest) == text
