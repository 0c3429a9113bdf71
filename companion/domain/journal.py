"""Journal entry rules: mood and anxiety scales, side effects, emotion tags, integration prompts.

An `EntryDraft` is what the journal screen edits and autosaves; `validate()` is the one place
that decides whether it may be saved.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from typing import Any

SCALE_MIN = 0
SCALE_MAX = 10


@dataclass(frozen=True)
class Scale:
    """A 0-10 scale with word anchors at 0, 5 and 10.

    `labels` are shown under the slider; `spoken` are the same anchors as words that read well
    inside a sentence ("a little above some anxiety").
    """

    name: str
    labels: tuple[str, str, str]
    spoken: tuple[str, str, str]


MOOD = Scale("mood", ("Very low", "Okay", "Very good"), ("very low", "okay", "very good"))
ANXIETY = Scale(
    "anxiety", ("Calm", "Some", "Very anxious"), ("calm", "some anxiety", "very anxious")
)
SCALES: dict[str, Scale] = {MOOD.name: MOOD, ANXIETY.name: ANXIETY}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def anchor_text(scale: Scale | str, value: int) -> str:
    """A phrase for any value 0-10, e.g. "6 of 10, a little above okay" (for screen readers)."""
    if isinstance(scale, str):
        if scale not in SCALES:
            raise ValueError(f"unknown scale {scale!r}: expected one of {', '.join(SCALES)}")
        scale = SCALES[scale]
    if not _is_int(value) or not SCALE_MIN <= value <= SCALE_MAX:
        raise ValueError(f"{scale.name} must be a whole number from 0 to 10, got {value!r}")
    low, middle, high = scale.spoken
    words = {
        0: low,
        1: f"a little above {low}",
        2: f"between {low} and {middle}",
        3: f"between {low} and {middle}",
        4: f"a little below {middle}",
        5: middle,
        6: f"a little above {middle}",
        7: f"between {middle} and {high}",
        8: f"between {middle} and {high}",
        9: f"a little below {high}",
        10: high,
    }[value]
    return f"{value} of {SCALE_MAX}, {words}"


OTHER_SIDE_EFFECT = "other"

# SUSTAIN-1 order (most frequent first), then our additions; see clinical.md.
SIDE_EFFECTS: tuple[str, ...] = (
    "altered taste",
    "vertigo",
    "dissociation",
    "sleepiness",
    "dizziness",
    "headache",
    "nausea",
    "blurred vision",
    "raised blood pressure",
    "sedation",
    "vomiting",
    "anxiety or agitation",
    OTHER_SIDE_EFFECT,
)


class Severity(IntEnum):
    NONE = 0
    MILD = 1
    MODERATE = 2
    SEVERE = 3

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        """Accept a label ("Mild") or a digit ("1"), case and surrounding spaces ignored."""
        wanted = text.strip().casefold()
        for severity in cls:
            if wanted in (severity.label.casefold(), str(severity.value)):
                return severity
        labels = ", ".join(severity.label.casefold() for severity in cls)
        raise ValueError(f"unknown severity {text!r}: expected one of {labels}")


@dataclass(frozen=True)
class SideEffect:
    name: str
    severity: Severity
    note: str = ""

    def __post_init__(self) -> None:
        # Accept a plain int 0-3 (e.g. from JSON) and store the enum member.
        if not isinstance(self.severity, Severity):
            if not _is_int(self.severity) or not Severity.NONE <= self.severity <= Severity.SEVERE:
                raise ValueError(f"severity must be 0 to 3, got {self.severity!r}")
            object.__setattr__(self, "severity", Severity(self.severity))


EMOTION_TAGS: tuple[str, ...] = (
    "grateful",
    "hopeful",
    "calm",
    "peaceful",
    "connected",
    "curious",
    "content",
    "tender",
    "tired",
    "sad",
    "anxious",
    "restless",
    "irritable",
    "overwhelmed",
    "lonely",
    "numb",
)

INTEGRATION_PROMPTS: tuple[str, ...] = (
    "What stood out?",
    "What do I want to carry into this week?",
    "What did I notice in my body?",
    "Was there an image, a sound or a feeling that stayed with me?",
    "What felt difficult, and what helped?",
    "What am I grateful for today?",
    "What would I like to tell my therapist?",
    "Where did I feel most at ease?",
    "What did my intention mean to me today?",
    "What is one small step I could take this week?",
    "What am I ready to let go of?",
    "How am I treating myself today?",
)


def prompt_for(day: date, skip: int = 0) -> str:
    """The prompt for a day: the same all day, the next one tomorrow; skip steps to others."""
    return INTEGRATION_PROMPTS[(day.toordinal() + skip) % len(INTEGRATION_PROMPTS)]


ENTRY_KINDS: tuple[str, ...] = ("session", "daily")
MAX_TEXT_CHARS = 1_000_000
MAX_TAG_CHARS = 100
SYSTOLIC_RANGE = (60, 260)
DIASTOLIC_RANGE = (30, 160)
PULSE_RANGE = (30, 220)


NOTHING_ENTERED = "Nothing to save yet: add how you feel, a few words, or anything else, then save."

#: The plain values of an entry, each stored in a column of the same name.
ENTRY_FIELDS = (
    "mood",
    "anxiety",
    "mood_before",
    "systolic",
    "diastolic",
    "pulse",
    "reflections",
    "therapist_notes",
    "prompt",
    "prompt_answer",
)


@dataclass
class EntryDraft:
    """A journal entry being written. `reflections` stay private; `therapist_notes` are shared."""

    kind: str = "daily"
    mood: int | None = None
    anxiety: int | None = None
    mood_before: int | None = None
    tags: list[str] = field(default_factory=list)
    side_effects: list[SideEffect] = field(default_factory=list)
    systolic: int | None = None
    diastolic: int | None = None
    pulse: int | None = None
    reflections: str = ""
    therapist_notes: str = ""
    prompt: str = ""
    prompt_answer: str = ""

    def is_empty(self, *, session_mood_before: int | None = None) -> bool:
        """True when the patient entered nothing: no rating, tag, side effect, reading or words.

        The kind and the question shown are choices of the form, not something entered, and
        text of only spaces is no text. An entry after a session starts from the mood the
        patient gave before it (``session_mood_before``): that mood, unchanged, was entered for
        the session, so on its own it does not make the entry something.
        """
        carried = self.mood_before is not None and self.mood_before == session_mood_before
        return (
            self.mood is None
            and self.anxiety is None
            and (self.mood_before is None or carried)
            and not self.tags
            and not self.side_effects
            and self.systolic is None
            and self.diastolic is None
            and self.pulse is None
            and not any(
                isinstance(text, str) and text.strip()
                for text in (self.reflections, self.therapist_notes, self.prompt_answer)
            )
        )

    def validate(
        self,
        *,
        saving: bool = False,
        session_mood_before: int | None = None,
        goal_ratings: int = 0,
    ) -> None:
        """Raise ValueError with a message a patient can act on; return None when all is well.

        Without ``saving`` only the values are checked (other screens use these fields for a
        blood-pressure reading alone). With it, an entry with nothing in it is refused too,
        unless ``goal_ratings`` goals were rated with it: see `is_empty`.
        """
        self._validate_values()
        if saving and not goal_ratings and self.is_empty(session_mood_before=session_mood_before):
            raise ValueError(NOTHING_ENTERED)

    def _validate_values(self) -> None:
        if self.kind not in ENTRY_KINDS:
            raise ValueError('The entry kind must be "session" or "daily".')
        for label, value in (
            ("Mood", self.mood),
            ("Anxiety", self.anxiety),
            ("Mood before the session", self.mood_before),
        ):
            if value is not None and (not _is_int(value) or not SCALE_MIN <= value <= SCALE_MAX):
                raise ValueError(f"{label} must be a whole number from 0 to 10.")
        self._validate_vitals()
        self._validate_tags()
        self._validate_side_effects()
        for label, text in (
            ("Reflections", self.reflections),
            ("Notes for your therapist", self.therapist_notes),
            ("The prompt", self.prompt),
            ("The answer to the prompt", self.prompt_answer),
        ):
            if not isinstance(text, str):
                raise ValueError(f"{label} must be text.")
            if len(text) > MAX_TEXT_CHARS:
                raise ValueError(f"{label} cannot be longer than 1,000,000 characters.")

    def _validate_vitals(self) -> None:
        for label, value, (low, high), unit in (
            ("Systolic blood pressure (the upper number)", self.systolic, SYSTOLIC_RANGE, "mmHg"),
            (
                "Diastolic blood pressure (the lower number)",
                self.diastolic,
                DIASTOLIC_RANGE,
                "mmHg",
            ),
            ("Pulse", self.pulse, PULSE_RANGE, "beats per minute"),
        ):
            if value is not None and (not _is_int(value) or not low <= value <= high):
                raise ValueError(f"{label} must be a whole number from {low} to {high} {unit}.")
        if (self.systolic is None) != (self.diastolic is None):
            raise ValueError("Enter both blood pressure numbers, or leave both empty.")
        if (
            self.systolic is not None
            and self.diastolic is not None
            and self.diastolic >= self.systolic
        ):
            raise ValueError(
                "The lower blood pressure number (diastolic) must be below the upper one "
                "(systolic)."
            )

    def _validate_tags(self) -> None:
        for tag in self.tags:
            if not isinstance(tag, str) or not tag.strip():
                raise ValueError("Each tag must be a word or short phrase.")
            if len(tag) > MAX_TAG_CHARS:
                raise ValueError(f"A tag can be at most {MAX_TAG_CHARS} characters.")

    def _validate_side_effects(self) -> None:
        seen: set[str] = set()
        for effect in self.side_effects:
            if effect.name not in SIDE_EFFECTS:
                raise ValueError(f'Unknown side effect {effect.name!r}; use "other" with a note.')
            if effect.name in seen and effect.name != OTHER_SIDE_EFFECT:
                raise ValueError(f"The side effect {effect.name!r} is listed twice.")
            seen.add(effect.name)
            if not isinstance(effect.note, str) or len(effect.note) > MAX_TEXT_CHARS:
                raise ValueError("A side-effect note must be text of at most 1,000,000 characters.")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe copy for autosave."""
        return {
            "kind": self.kind,
            "mood": self.mood,
            "anxiety": self.anxiety,
            "mood_before": self.mood_before,
            "tags": list(self.tags),
            "side_effects": [
                {"name": e.name, "severity": int(e.severity), "note": e.note}
                for e in self.side_effects
            ],
            "systolic": self.systolic,
            "diastolic": self.diastolic,
            "pulse": self.pulse,
            "reflections": self.reflections,
            "therapist_notes": self.therapist_notes,
            "prompt": self.prompt,
            "prompt_answer": self.prompt_answer,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "EntryDraft":
        """Rebuild an autosaved draft: missing keys take defaults, unknown keys are ignored.

        Values are not range-checked here (a draft may be half-written); call validate().
        ValueError when the shape itself is wrong.
        """
        if not isinstance(data, Mapping):
            raise ValueError("a saved draft must be a mapping")
        draft = cls()
        for key in ("kind", *ENTRY_FIELDS):
            if key in data:
                setattr(draft, key, data[key])
        tags = data.get("tags", [])
        if not isinstance(tags, list | tuple):
            raise ValueError("saved draft tags must be a list")
        draft.tags = list(tags)
        effects = data.get("side_effects", [])
        if not isinstance(effects, list | tuple):
            raise ValueError("saved draft side effects must be a list")
        draft.side_effects = [_side_effect_from_dict(item) for item in effects]
        return draft


def _side_effect_from_dict(item: object) -> SideEffect:
    if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
        raise ValueError(f"a saved side effect needs a name, got {item!r}")
    severity = item.get("severity", Severity.NONE)
    if isinstance(severity, str):
        severity = Severity.parse(severity)
    return SideEffect(item["name"], severity, item.get("note", ""))
