"""PHQ-9 and GAD-7: items, answer options, LOINC codes, scoring, bands and progress wording.

Texts and codes follow /work/shared/reference/clinical.md. The app reports what the numbers
show; it never diagnoses.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

PHQ9 = "PHQ-9"
GAD7 = "GAD-7"

MINIMAL = "minimal"
MILD = "mild"
MODERATE = "moderate"
MODERATELY_SEVERE = "moderately severe"
SEVERE = "severe"

STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"

PERMISSION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, translate, "
    "display or distribute."
)

DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
DIFFICULTY_OPTIONS: tuple[str, ...] = (
    "Not difficult at all",
    "Somewhat difficult",
    "Very difficult",
    "Extremely difficult",
)

RESPONSE_DROP_PERCENT = 50
REMISSION_BELOW = 5


@dataclass(frozen=True)
class Item:
    text: str
    loinc: str


@dataclass(frozen=True)
class AnswerOption:
    value: int
    label: str
    loinc: str


ANSWER_OPTIONS: tuple[AnswerOption, ...] = (
    AnswerOption(0, "Not at all", "LA6568-5"),
    AnswerOption(1, "Several days", "LA6569-3"),
    AnswerOption(2, "More than half the days", "LA6570-1"),
    AnswerOption(3, "Nearly every day", "LA6571-9"),
)


@dataclass(frozen=True)
class Instrument:
    name: str
    title: str
    stem: str
    items: tuple[Item, ...]
    options: tuple[AnswerOption, ...]
    panel_loinc: str
    total_loinc: str
    bands: tuple[tuple[int, int, str], ...]
    """Inclusive (low, high, band) ranges covering 0..max_total, lowest first."""
    difficulty_question: str
    difficulty_options: tuple[str, ...]
    permission: str

    @property
    def max_total(self) -> int:
        return len(self.items) * self.options[-1].value


PHQ9_INSTRUMENT = Instrument(
    name=PHQ9,
    title="Patient Health Questionnaire (PHQ-9)",
    stem=STEM,
    items=(
        Item("Little interest or pleasure in doing things", "44250-9"),
        Item("Feeling down, depressed, or hopeless", "44255-8"),
        Item("Trouble falling or staying asleep, or sleeping too much", "44259-0"),
        Item("Feeling tired or having little energy", "44254-1"),
        Item("Poor appetite or overeating", "44251-7"),
        Item(
            "Feeling bad about yourself, or that you are a failure or have let yourself or your "
            "family down",
            "44258-2",
        ),
        Item(
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "44252-5",
        ),
        Item(
            "Moving or speaking so slowly that other people could have noticed, or the opposite, "
            "being so fidgety or restless that you have been moving around a lot more than usual",
            "44253-3",
        ),
        Item(
            "Thoughts that you would be better off dead, or of hurting yourself in some way",
            "44260-8",
        ),
    ),
    options=ANSWER_OPTIONS,
    panel_loinc="44249-1",
    total_loinc="44261-6",
    bands=(
        (0, 4, MINIMAL),
        (5, 9, MILD),
        (10, 14, MODERATE),
        (15, 19, MODERATELY_SEVERE),
        (20, 27, SEVERE),
    ),
    difficulty_question=DIFFICULTY_QUESTION,
    difficulty_options=DIFFICULTY_OPTIONS,
    permission=PERMISSION,
)

GAD7_INSTRUMENT = Instrument(
    name=GAD7,
    title="Generalized Anxiety Disorder scale (GAD-7)",
    stem=STEM,
    items=(
        Item("Feeling nervous, anxious, or on edge", "69725-0"),
        Item("Not being able to stop or control worrying", "68509-9"),
        Item("Worrying too much about different things", "69733-4"),
        Item("Trouble relaxing", "69734-2"),
        Item("Being so restless that it is hard to sit still", "69735-9"),
        Item("Becoming easily annoyed or irritable", "69689-8"),
        Item("Feeling afraid, as if something awful might happen", "69736-7"),
    ),
    options=ANSWER_OPTIONS,
    panel_loinc="69737-5",
    total_loinc="70274-6",
    bands=(
        (0, 4, MINIMAL),
        (5, 9, MILD),
        (10, 14, MODERATE),
        (15, 21, SEVERE),
    ),
    difficulty_question=DIFFICULTY_QUESTION,
    difficulty_options=DIFFICULTY_OPTIONS,
    permission=PERMISSION,
)

INSTRUMENTS: dict[str, Instrument] = {PHQ9: PHQ9_INSTRUMENT, GAD7: GAD7_INSTRUMENT}

# Index of PHQ-9 item 9 (thoughts of being better off dead or of self-harm).
_PHQ9_ITEM9 = 8


@dataclass(frozen=True)
class Score:
    instrument: str
    answers: tuple[int, ...]
    total: int
    band: str


@dataclass(frozen=True)
class Change:
    """latest minus baseline: negative means the score went down (fewer symptoms)."""

    absolute: int
    percent: float | None
    """Relative to baseline, in percent; None when the baseline is 0."""


def get_instrument(instrument: str) -> Instrument:
    """The definition for "PHQ-9" or "GAD-7"; ValueError for anything else."""
    if isinstance(instrument, str) and instrument in INSTRUMENTS:
        return INSTRUMENTS[instrument]
    raise ValueError(f"unknown instrument {instrument!r}: expected one of {', '.join(INSTRUMENTS)}")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_answers(definition: Instrument, answers: Sequence[int]) -> tuple[int, ...]:
    if not isinstance(answers, list | tuple):
        raise ValueError(f"{definition.name} answers must be a list of whole numbers")
    if len(answers) != len(definition.items):
        raise ValueError(
            f"{definition.name} needs exactly {len(definition.items)} answers, got {len(answers)}"
        )
    low, high = definition.options[0].value, definition.options[-1].value
    for number, answer in enumerate(answers, start=1):
        if not _is_int(answer):
            raise ValueError(
                f"{definition.name} answer {number} must be a whole number, got {answer!r}"
            )
        if not low <= answer <= high:
            raise ValueError(
                f"{definition.name} answer {number} must be {low} to {high}, got {answer}"
            )
    return tuple(answers)


def _check_total(definition: Instrument, total: int) -> None:
    if not _is_int(total) or not 0 <= total <= definition.max_total:
        raise ValueError(
            f"{definition.name} total must be a whole number from 0 to {definition.max_total}, "
            f"got {total!r}"
        )


def score(instrument: str, answers: Sequence[int]) -> Score:
    """Total and band; ValueError for an unknown instrument or any bad answer list."""
    definition = get_instrument(instrument)
    checked = _check_answers(definition, answers)
    total = sum(checked)
    return Score(definition.name, checked, total, band_for(definition.name, total))


def band_for(instrument: str, total: int) -> str:
    definition = get_instrument(instrument)
    _check_total(definition, total)
    return next(band for low, high, band in definition.bands if low <= total <= high)


def band_ranges(instrument: str) -> list[tuple[int, int, str]]:
    """Inclusive (low, high, band) ranges, lowest first, e.g. for shading a chart."""
    return list(get_instrument(instrument).bands)


def needs_crisis_resources(instrument: str, answers: Sequence[int]) -> bool:
    """True when PHQ-9 item 9 is above 0: show crisis resources at once (never blocks saving)."""
    definition = get_instrument(instrument)
    checked = _check_answers(definition, answers)
    return definition.name == PHQ9 and checked[_PHQ9_ITEM9] > 0


def _check_non_negative(name: str, value: int) -> None:
    if not _is_int(value) or value < 0:
        raise ValueError(f"{name} must be a whole number of 0 or more, got {value!r}")


def is_response(baseline_total: int, latest_total: int) -> bool:
    """A drop of at least 50% from a baseline above 0."""
    _check_non_negative("baseline total", baseline_total)
    _check_non_negative("latest total", latest_total)
    if baseline_total == 0:
        return False
    # Integer arithmetic: exactly 50% counts, with no floating-point edge.
    return (baseline_total - latest_total) * 100 >= RESPONSE_DROP_PERCENT * baseline_total


def is_remission(phq9_total: int) -> bool:
    _check_total(PHQ9_INSTRUMENT, phq9_total)
    return phq9_total < REMISSION_BELOW


def change_from_baseline(baseline: int, latest: int) -> Change:
    _check_non_negative("baseline total", baseline)
    _check_non_negative("latest total", latest)
    absolute = latest - baseline
    percent = None if baseline == 0 else absolute * 100 / baseline
    return Change(absolute, percent)


def _whole_percent(percent: float) -> int:
    """Round half up (56.5 -> 57), unlike round()'s half-to-even."""
    return int(abs(percent) + 0.5)


def describe_progress(instrument: str, baseline: int, latest: int) -> str:
    """Plain words for what two totals show, naming response/remission only as clinicians' terms.

    The remission sentence appears only when the baseline was not already under 5.
    """
    definition = get_instrument(instrument)
    _check_total(definition, baseline)
    _check_total(definition, latest)
    name = definition.name
    change = change_from_baseline(baseline, latest)
    if change.absolute == 0:
        return f"{name} stayed at {latest}."
    text = f"{name} went from {baseline} to {latest}"
    if change.percent is None:
        return text + "."
    direction = "drop" if change.absolute < 0 else "rise"
    text += f", a {direction} of {_whole_percent(change.percent)}%"
    terms = []
    if is_response(baseline, latest):
        terms.append("a drop of at least 50% a response")
    if name == PHQ9 and baseline >= REMISSION_BELOW and is_remission(latest):
        terms.append("a PHQ-9 under 5 remission")
    if terms:
        text += " — clinicians call " + ", and ".join(terms)
    return text + "."


def checkin_due(last_taken: date | None, today: date, interval_days: int = 7) -> bool:
    """Due when never taken, or when at least interval_days have passed since the last one."""
    if not _is_int(interval_days) or interval_days < 1:
        raise ValueError(
            f"interval_days must be a whole number of 1 or more, got {interval_days!r}"
        )
    if last_taken is None:
        return True
    return (today - last_taken).days >= interval_days
