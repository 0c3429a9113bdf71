import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.journal import (
    ANXIETY,
    EMOTION_TAGS,
    INTEGRATION_PROMPTS,
    MOOD,
    NOTHING_ENTERED,
    SIDE_EFFECTS,
    EntryDraft,
    Severity,
    SideEffect,
    anchor_text,
    prompt_for,
)


def test_scale_anchors() -> None:
    assert MOOD.labels == ("Very low", "Okay", "Very good")
    assert ANXIETY.labels == ("Calm", "Some", "Very anxious")


@pytest.mark.parametrize(
    ("scale", "value", "text"),
    [
        ("mood", 0, "0 of 10, very low"),
        ("mood", 1, "1 of 10, a little above very low"),
        ("mood", 3, "3 of 10, between very low and okay"),
        ("mood", 4, "4 of 10, a little below okay"),
        ("mood", 5, "5 of 10, okay"),
        ("mood", 6, "6 of 10, a little above okay"),
        ("mood", 8, "8 of 10, between okay and very good"),
        ("mood", 9, "9 of 10, a little below very good"),
        ("mood", 10, "10 of 10, very good"),
        ("anxiety", 0, "0 of 10, calm"),
        ("anxiety", 6, "6 of 10, a little above some anxiety"),
        ("anxiety", 10, "10 of 10, very anxious"),
    ],
)
def test_anchor_text(scale: str, value: int, text: str) -> None:
    assert anchor_text(scale, value) == text


def test_anchor_text_accepts_a_scale_object() -> None:
    assert anchor_text(ANXIETY, 5) == "5 of 10, some anxiety"


@given(st.integers(0, 10))
def test_anchor_text_covers_every_value(value: int) -> None:
    for scale in (MOOD, ANXIETY):
        assert anchor_text(scale, value).startswith(f"{value} of 10, ")


@pytest.mark.parametrize(("scale", "value"), [("mood", -1), ("mood", 11), ("mood", True),
                                              ("mood", 5.0), ("energy", 5)])  # fmt: skip
def test_anchor_text_refuses_bad_values(scale: str, value: int) -> None:
    with pytest.raises(ValueError):
        anchor_text(scale, value)


def test_side_effect_vocabulary_in_clinical_order() -> None:
    assert SIDE_EFFECTS == (
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
        "other",
    )


def test_severity_values_labels_and_parsing() -> None:
    assert [(s.value, s.label) for s in Severity] == [
        (0, "None"),
        (1, "Mild"),
        (2, "Moderate"),
        (3, "Severe"),
    ]
    assert Severity.parse(" moderate ") is Severity.MODERATE
    assert Severity.parse("SEVERE") is Severity.SEVERE
    assert Severity.parse("0") is Severity.NONE
    for bad in ("", "bad", "4", "very"):
        with pytest.raises(ValueError):
            Severity.parse(bad)


def test_side_effect_takes_plain_ints_and_refuses_others() -> None:
    assert SideEffect("nausea", 2).severity is Severity.MODERATE  # type: ignore[arg-type]
    for bad in (4, -1, True, "2"):
        with pytest.raises(ValueError):
            SideEffect("nausea", bad)  # type: ignore[arg-type]


def test_emotion_tags() -> None:
    assert 12 <= len(EMOTION_TAGS) <= 20
    assert len(set(EMOTION_TAGS)) == len(EMOTION_TAGS)
    assert {"grateful", "hopeful", "calm", "tired", "sad", "anxious"} <= set(EMOTION_TAGS)


def test_prompts() -> None:
    assert 8 <= len(INTEGRATION_PROMPTS) <= 12
    assert len(set(INTEGRATION_PROMPTS)) == len(INTEGRATION_PROMPTS)
    assert "What stood out?" in INTEGRATION_PROMPTS
    assert "What do I want to carry into this week?" in INTEGRATION_PROMPTS


def test_prompt_rotation_is_deterministic_by_date() -> None:
    day = date(2026, 3, 10)
    assert prompt_for(day) == prompt_for(date(2026, 3, 10))
    assert prompt_for(day) != prompt_for(day + timedelta(days=1))
    # Skipping one gives tomorrow's prompt; a full cycle comes back.
    assert prompt_for(day, skip=1) == prompt_for(day + timedelta(days=1))
    assert prompt_for(day, skip=len(INTEGRATION_PROMPTS)) == prompt_for(day)
    assert prompt_for(day, skip=-1) == prompt_for(day - timedelta(days=1))
    run = [prompt_for(day + timedelta(days=i)) for i in range(len(INTEGRATION_PROMPTS))]
    assert sorted(run) == sorted(INTEGRATION_PROMPTS)


def full_draft() -> EntryDraft:
    return EntryDraft(
        kind="session",
        mood=7,
        anxiety=3,
        mood_before=4,
        tags=["calm", "grateful"],
        side_effects=[
            SideEffect("nausea", Severity.MILD),
            SideEffect("other", Severity.MODERATE, "tingling hands"),
            SideEffect("other", Severity.MILD, "cold feet"),
        ],
        systolic=128,
        diastolic=82,
        pulse=74,
        reflections="private: a field of light",
        therapist_notes="shared: felt safe",
        prompt="What stood out?",
        prompt_answer="The music.",
    )


def test_draft_round_trips_through_json() -> None:
    draft = full_draft()
    draft.validate()
    restored = EntryDraft.from_dict(json.loads(json.dumps(draft.to_dict())))
    assert restored == draft
    assert restored.side_effects[0].severity is Severity.MILD


def test_empty_draft_has_valid_values_and_is_daily() -> None:
    draft = EntryDraft()
    draft.validate()  # the values alone (a blood-pressure reading uses these checks too)
    assert draft.kind == "daily"
    assert EntryDraft.from_dict({}) == draft


@pytest.mark.parametrize(
    "draft",
    [
        EntryDraft(),
        EntryDraft(kind="session"),
        EntryDraft(prompt="What stood out?"),  # a question shown is not an answer
        EntryDraft(reflections="  \n ", therapist_notes="\t", prompt_answer=" "),
        EntryDraft(kind="session", mood_before=3),  # carried over from the session
    ],
)
def test_an_entry_with_nothing_entered_is_refused(draft: EntryDraft) -> None:
    assert draft.is_empty(session_mood_before=3)
    with pytest.raises(ValueError) as caught:
        draft.validate(saving=True, session_mood_before=3)
    assert str(caught.value) == NOTHING_ENTERED
    assert "how you feel" in NOTHING_ENTERED
    draft.validate(saving=True, session_mood_before=3, goal_ratings=1)  # goals were rated


@pytest.mark.parametrize(
    "changes",
    [
        {"mood": 0},
        {"anxiety": 5},
        {"mood_before": 4},  # changed from the 3 given before the session
        {"tags": ["calm"]},
        {"side_effects": [SideEffect("nausea", Severity.NONE)]},
        {"systolic": 120, "diastolic": 80},
        {"pulse": 70},
        {"reflections": "a"},
        {"therapist_notes": "b"},
        {"prompt": "What stood out?", "prompt_answer": "c"},
    ],
)
def test_anything_entered_makes_an_entry(changes: dict[str, object]) -> None:
    draft = EntryDraft(kind="session", mood_before=3)
    for key, value in changes.items():
        setattr(draft, key, value)
    assert not draft.is_empty(session_mood_before=3)
    draft.validate(saving=True, session_mood_before=3)


def test_a_mood_before_is_something_when_no_session_gave_it() -> None:
    draft = EntryDraft(kind="session", mood_before=3)
    assert not draft.is_empty()
    draft.validate(saving=True)


def test_bad_values_are_named_before_emptiness() -> None:
    with pytest.raises(ValueError, match="Enter both blood pressure numbers"):
        EntryDraft(systolic=120).validate(saving=True)


def test_from_dict_tolerates_missing_and_ignores_unknown_keys() -> None:
    draft = EntryDraft.from_dict(
        {"mood": 6, "colour": "blue", "side_effects": [{"name": "headache", "severity": "mild"}]}
    )
    assert draft.mood == 6
    assert draft.anxiety is None
    assert draft.side_effects == [SideEffect("headache", Severity.MILD, "")]
    assert not hasattr(draft, "colour")


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"tags": "calm"},
        {"side_effects": "nausea"},
        {"side_effects": [{"severity": 1}]},
        {"side_effects": [{"name": "nausea", "severity": 9}]},
    ],
)
def test_from_dict_refuses_a_wrong_shape(data: object) -> None:
    with pytest.raises(ValueError):
        EntryDraft.from_dict(data)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "weekly"}, 'must be "session" or "daily"'),
        ({"mood": 11}, "Mood must be a whole number from 0 to 10"),
        ({"mood": -1}, "Mood must be a whole number from 0 to 10"),
        ({"mood": 5.5}, "Mood must be a whole number from 0 to 10"),
        ({"anxiety": True}, "Anxiety must be a whole number from 0 to 10"),
        ({"mood_before": 12}, "Mood before the session must be"),
        ({"systolic": 59}, "Systolic blood pressure (the upper number) must be a whole number "
                           "from 60 to 260 mmHg"),
        ({"systolic": 261}, "from 60 to 260 mmHg"),
        ({"diastolic": 29}, "from 30 to 160 mmHg"),
        ({"diastolic": 161, "systolic": 200}, "from 30 to 160 mmHg"),
        ({"systolic": 120, "diastolic": 120}, "must be below the upper one"),
        ({"systolic": 100, "diastolic": 110}, "must be below the upper one"),
        ({"systolic": None}, "Enter both blood pressure numbers"),
        ({"diastolic": None}, "Enter both blood pressure numbers"),
        ({"pulse": 29}, "Pulse must be a whole number from 30 to 220 beats per minute"),
        ({"pulse": 221}, "from 30 to 220 beats per minute"),
        ({"reflections": "x" * 1_000_001}, "Reflections cannot be longer than 1,000,000"),
        ({"therapist_notes": "x" * 1_000_001}, "Notes for your therapist cannot be longer"),
        ({"prompt_answer": "x" * 1_000_001}, "The answer to the prompt cannot be longer"),
        ({"reflections": None}, "Reflections must be text"),
        ({"tags": ["  "]}, "Each tag must be"),
        ({"tags": ["x" * 101]}, "at most 100 characters"),
        ({"side_effects": [SideEffect("itching", Severity.MILD)]}, "Unknown side effect"),
        ({"side_effects": [SideEffect("nausea", Severity.MILD)] * 2}, "listed twice"),
    ],
)  # fmt: skip
def test_validation_messages(changes: dict[str, object], message: str) -> None:
    draft = full_draft()
    for key, value in changes.items():
        setattr(draft, key, value)
    with pytest.raises(ValueError) as caught:
        draft.validate()
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "changes",
    [
        {"systolic": 60, "diastolic": 30, "pulse": 30},
        {"systolic": 260, "diastolic": 160, "pulse": 220},
        {"systolic": None, "diastolic": None, "pulse": None},
        {"mood": 0, "anxiety": 10, "mood_before": None},
        {"reflections": "x" * 1_000_000},
    ],
)
def test_validation_accepts_the_edges(changes: dict[str, object]) -> None:
    draft = full_draft()
    for key, value in changes.items():
        setattr(draft, key, value)
    draft.validate()
