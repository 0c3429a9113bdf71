"""Tests for companion.domain.checklist: templates, deadlines, states, texts, protocol files."""

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from companion.domain.checklist import (
    MAX_PROTOCOL_BYTES,
    Category,
    ChecklistItem,
    ItemState,
    Protocol,
    ProtocolError,
    countdown_text,
    deadline,
    default_template,
    in_time_order,
    localize,
    progress_text,
    protocol_from_json,
    protocol_to_json,
    state_at,
)
from companion.domain.routes import Route

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")

# --- templates --------------------------------------------------------------------------------


def offsets(route: Route) -> dict[str, int | None]:
    return {item.key: item.offset_minutes for item in default_template(route)}


def test_iv_numbers() -> None:
    iv = offsets(Route.IV)
    assert iv["food"] == 360
    assert iv["liquids"] == 120
    assert iv["alcohol_cannabis"] == 1440
    assert "nasal_medicines" not in iv


def test_nasal_numbers() -> None:
    nasal = offsets(Route.NASAL)
    assert nasal["food"] == 120
    assert nasal["liquids"] == 30
    assert nasal["nasal_medicines"] == 60
    assert nasal["alcohol_cannabis"] == 1440


@pytest.mark.parametrize("route", [Route.IM, Route.LOZENGE, Route.OTHER])
def test_routes_without_a_common_number_invent_none(route: Route) -> None:
    assert offsets(route)["food"] is None
    assert offsets(route)["liquids"] is None


@pytest.mark.parametrize("route", list(Route))
def test_every_route_has_the_shared_items(route: Route) -> None:
    keys = [item.key for item in default_template(route)]
    assert len(keys) == len(set(keys))
    for key in (
        "food",
        "liquids",
        "alcohol_cannabis",
        "ride_home",
        "medications",
        "blood_pressure",
        "intention",
        "comfort",
    ):
        assert key in keys


def test_lozenge_adds_sitter_and_supplies() -> None:
    lozenge = {item.key: item for item in default_template(Route.LOZENGE)}
    assert "sober" in lozenge["sitter"].text
    assert "spit cup" in lozenge["home_supplies"].text
    assert "blood pressure cuff" in lozenge["home_supplies"].text.casefold()
    assert "sitter" not in offsets(Route.IV)


def test_no_driving_rule_per_route() -> None:
    ride = {
        route: next(i for i in default_template(route) if i.key == "ride_home") for route in Route
    }
    assert "until the next day after restful sleep" in ride[Route.NASAL].text
    assert "24 hours" in ride[Route.IV].text
    assert "24 hours" in ride[Route.LOZENGE].text


@pytest.mark.parametrize("route", list(Route))
def test_every_default_item_defers_to_the_clinic(route: Route) -> None:
    for item in default_template(route):
        assert "as your clinic instructs" in f"{item.text} {item.detail}", item.key


@pytest.mark.parametrize("route", list(Route))
def test_medication_item_only_says_ask_your_prescriber(route: Route) -> None:
    items = default_template(route)
    medication = next(item for item in items if item.key == "medications")
    assert "ask your prescriber" in medication.detail.casefold()
    for item in items:
        words = f"{item.text} {item.detail}".casefold()
        for forbidden in ("stop", "skip", "hold off", "benzodiazepine", "lamotrigine"):
            assert forbidden not in words, (item.key, forbidden)


def test_item_offset_is_validated() -> None:
    for bad in (-1, 10081, 1.5, True):
        with pytest.raises(ValueError, match="offset_minutes"):
            ChecklistItem("x", "text", offset_minutes=bad)  # type: ignore[arg-type]
    assert ChecklistItem("x", "text", offset_minutes=10080).offset_minutes == 10080


# --- deadlines --------------------------------------------------------------------------------


def test_fast_before_a_morning_appointment() -> None:
    due = deadline(datetime(2026, 5, 12, 8, 0), 360, BERLIN)
    assert due == datetime(2026, 5, 12, 2, 0, tzinfo=BERLIN)
    assert due.utcoffset() == timedelta(hours=2)


def test_fast_across_midnight() -> None:
    due = deadline(datetime(2026, 5, 12, 0, 30), 360, BERLIN)
    assert (due.date(), due.hour, due.minute) == (datetime(2026, 5, 11).date(), 18, 30)


def test_fast_across_spring_forward_in_new_york() -> None:
    # 2026-03-08: 02:00 EST jumps to 03:00 EDT; six real hours before 08:00 EDT is 01:00 EST.
    due = deadline(datetime(2026, 3, 8, 8, 0), 360, NEW_YORK)
    assert (due.hour, due.minute) == (1, 0)
    assert due.utcoffset() == timedelta(hours=-5)
    assert due.astimezone(UTC) == datetime(2026, 3, 8, 6, 0, tzinfo=UTC)


def test_fast_across_fall_back_in_berlin() -> None:
    # 2026-10-25: 03:00 CEST falls back to 02:00 CET. Six real hours before 08:00 CET (07:00 UTC)
    # is 01:00 UTC, the second 02:00 of the night; naive wall-clock subtraction gives the first.
    due = deadline(datetime(2026, 10, 25, 8, 0), 360, BERLIN)
    assert due.astimezone(UTC) == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    assert (due.hour, due.minute) == (2, 0)
    assert due.utcoffset() == timedelta(hours=1)


def test_day_long_offset_across_a_change_is_real_time() -> None:
    appointment = localize(datetime(2026, 3, 8, 12, 0), NEW_YORK)
    due = deadline(datetime(2026, 3, 8, 12, 0), 1440, NEW_YORK)
    # Compare in UTC: subtracting datetimes that share a tzinfo ignores their offsets.
    assert appointment.astimezone(UTC) - due.astimezone(UTC) == timedelta(hours=24)
    assert (due.day, due.hour) == (7, 11)  # the wall clock sprang forward in between


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)),
    st.integers(min_value=0, max_value=10080),
    st.sampled_from([NEW_YORK, BERLIN, ZoneInfo("Australia/Sydney")]),
)
@example(datetime(2026, 10, 25, 8, 0), 360, BERLIN)
@example(datetime(2026, 3, 8, 12, 0), 1440, NEW_YORK)
def test_deadline_is_exactly_offset_before_in_real_time(
    appointment: datetime, minutes: int, tz: ZoneInfo
) -> None:
    due = deadline(appointment, minutes, tz)
    assert due.tzinfo is tz
    real = localize(appointment, tz).astimezone(UTC) - due.astimezone(UTC)
    assert real == timedelta(minutes=minutes)


@pytest.fixture
def system_zone_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("system_zone_new_york")
def test_deadline_in_the_system_zone() -> None:
    due = deadline(datetime(2026, 3, 8, 8, 0), 360)
    assert due.astimezone(UTC) == datetime(2026, 3, 8, 6, 0, tzinfo=UTC)
    assert (due.hour, due.utcoffset()) == (1, timedelta(hours=-5))


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (30, datetime(2026, 5, 11, 23, 35)),  # nasal: no liquids for 30 min
        (120, datetime(2026, 5, 11, 22, 5)),  # IV: clear liquids until 2 h before
        (360, datetime(2026, 5, 11, 18, 5)),  # IV: no food for 6 h
        (0, datetime(2026, 5, 12, 0, 5)),
    ],
)
def test_appointment_just_after_midnight_is_due_the_evening_before(
    minutes: int, expected: datetime
) -> None:
    due = deadline(datetime(2026, 5, 12, 0, 5), minutes, BERLIN)
    assert due.replace(tzinfo=None) == expected


def test_deadline_on_a_dst_day_that_does_not_cross_the_change() -> None:
    # 2026-03-29 in Berlin: clocks jump at 02:00. Liquids until 2 h before 10:00 CEST: 08:00.
    due = deadline(datetime(2026, 3, 29, 10, 0), 120, BERLIN)
    assert (due.hour, due.minute, due.utcoffset()) == (8, 0, timedelta(hours=2))


def test_countdown_and_state_count_real_time_across_spring_forward() -> None:
    # 00:30 EST to 08:00 EDT is 6 h 30 min of real time, though the wall clock says 7 h 30.
    appointment = localize(datetime(2026, 3, 8, 8, 0), NEW_YORK)
    now = datetime(2026, 3, 8, 0, 30, tzinfo=NEW_YORK)
    assert countdown_text(appointment, now) == "in 6 h 30 min"
    due = deadline(datetime(2026, 3, 8, 8, 0), 360, NEW_YORK)  # 01:00 EST
    assert countdown_text(due, now) == "in 30 min"
    assert state_at(due, appointment, now) is ItemState.UPCOMING


def test_state_uses_real_time_in_the_repeated_autumn_hour() -> None:
    # 2026-10-25 Berlin: 02:00-03:00 happens twice. The food deadline before 08:00 CET is the
    # second 02:00 (01:00 UTC); at the first 02:30 (00:30 UTC) it is still upcoming.
    appointment = localize(datetime(2026, 10, 25, 8, 0), BERLIN)
    due = deadline(datetime(2026, 10, 25, 8, 0), 360, BERLIN)
    first_half_past_two = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)  # fold 0: CEST
    assert state_at(due, appointment, first_half_past_two) is ItemState.UPCOMING
    assert countdown_text(due, first_half_past_two) == "in 30 min"


def test_localize_refuses_an_aware_appointment() -> None:
    with pytest.raises(ValueError, match="naive"):
        deadline(datetime(2026, 1, 1, tzinfo=UTC), 60, BERLIN)


# --- states and texts -------------------------------------------------------------------------

APPOINTMENT = datetime(2026, 5, 12, 8, 0, tzinfo=BERLIN)
DUE = APPOINTMENT - timedelta(hours=6)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (DUE - timedelta(seconds=1), ItemState.UPCOMING),
        (DUE, ItemState.NOW),
        (APPOINTMENT - timedelta(seconds=1), ItemState.NOW),
        (APPOINTMENT, ItemState.PASSED),
        (APPOINTMENT + timedelta(hours=5), ItemState.PASSED),
    ],
)
def test_state_at(now: datetime, state: ItemState) -> None:
    assert state_at(DUE, APPOINTMENT, now) is state


def test_item_without_a_deadline_has_no_state() -> None:
    assert state_at(None, APPOINTMENT, APPOINTMENT) is None


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(hours=2, minutes=15), "in 2 h 15 min"),
        (timedelta(hours=2, minutes=15, seconds=40), "in 2 h 15 min"),
        (timedelta(hours=3), "in 3 h"),
        (timedelta(minutes=5), "in 5 min"),
        (timedelta(seconds=59), "now"),
        (timedelta(0), "now"),
        (timedelta(seconds=-59), "now"),
        (timedelta(minutes=-15), "15 min ago"),
        (timedelta(hours=-3, minutes=-10), "3 h 10 min ago"),
        (timedelta(minutes=59, seconds=59), "in 59 min"),
        (timedelta(hours=23, minutes=59), "in 23 h 59 min"),
        (timedelta(hours=24), "in 1 day"),
        (timedelta(hours=41, minutes=30), "in 1 day 17 h"),  # not "41 h 30 min"
        (timedelta(hours=48), "in 2 days"),
        (timedelta(days=3), "in 3 days"),
        (timedelta(days=6, hours=23, minutes=59), "in 6 days 23 h"),
        (timedelta(days=7, hours=5), "in 7 days"),  # from a week on, days are enough
        (timedelta(days=-2, hours=-5), "2 days 5 h ago"),
    ],
)
def test_countdown_text(delta: timedelta, text: str) -> None:
    assert countdown_text(APPOINTMENT + delta, APPOINTMENT) == text


def test_in_time_order_sorts_deadlines_in_their_places() -> None:
    keys = [item.key for item in in_time_order(default_template(Route.NASAL), offset_of)]
    # food 2 h, liquids 30 min, nasal 1 h, alcohol 24 h: the four timed places, by deadline
    assert keys[:4] == ["alcohol_cannabis", "food", "nasal_medicines", "liquids"]
    assert keys[4:] == [item.key for item in default_template(Route.NASAL)[4:]]


def test_in_time_order_keeps_untimed_items_where_the_patient_put_them() -> None:
    items = [("intention", None), ("late", 30), ("ride", None), ("early", 600), ("bring", None)]
    assert in_time_order(items, lambda item: item[1]) == [
        ("intention", None),
        ("early", 600),
        ("ride", None),
        ("late", 30),
        ("bring", None),
    ]


def test_in_time_order_keeps_the_patients_order_for_equal_deadlines() -> None:
    items = [("b", 60), ("a", 60), ("c", 0), ("d", 60)]
    assert in_time_order(items, lambda item: item[1]) == [("b", 60), ("a", 60), ("d", 60), ("c", 0)]
    assert in_time_order([], lambda item: item) == []


def offset_of(item: ChecklistItem) -> int | None:
    return item.offset_minutes


def test_progress_text() -> None:
    assert progress_text(7, 10) == "7 of 10 ready"
    assert progress_text(0, 0) == "0 of 0 ready"
    for done, total in ((11, 10), (-1, 3)):
        with pytest.raises(ValueError):
            progress_text(done, total)


# --- protocol files ---------------------------------------------------------------------------


@pytest.mark.parametrize("route", list(Route))
def test_protocol_round_trip(route: Route) -> None:
    items = default_template(route)
    text = protocol_to_json("Riverside Clinic", route, items)
    assert protocol_from_json(text) == Protocol("Riverside Clinic", route, tuple(items))
    assert json.loads(text)["format"] == "companion-protocol"


def test_minimal_protocol_gets_defaults() -> None:
    protocol = protocol_from_json(json.dumps(valid(items=[{"text": "Bring socks"}])))
    assert protocol.items == (ChecklistItem("item-1", "Bring socks", "", None, Category.CLINIC),)


def test_documented_example_loads() -> None:
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "protocol-format.md").read_text()
    example = doc.split("```json")[1].split("```")[0]
    protocol = protocol_from_json(example)
    assert protocol.route is Route.IV
    assert [item.offset_minutes for item in protocol.items] == [360, 120, None]


def valid(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "companion-protocol",
        "version": 1,
        "name": "Riverside Clinic",
        "route": "iv",
        "items": [
            {"text": "No food", "detail": "", "offset_minutes": 360},
            {"text": "Clear liquids", "offset_minutes": 120},
            {"text": "Comfort items"},
        ],
    }
    data.update(changes)
    return data


def with_item_3(**fields: Any) -> dict[str, Any]:
    data = valid()
    data["items"][2].update(fields)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "JSON object"),
        (valid(format="something-else"), "format"),
        (valid(version=2), "version"),
        (valid(version="1"), "version"),
        (valid(version=True), "version"),
        (valid(route="oral"), "unknown route 'oral'"),
        (valid(route=["iv"]), "unknown route"),
        (valid(name=""), "name"),
        (valid(name="x" * 201), "name is longer than 200"),
        (valid(extra=1), "unknown field 'extra'"),
        (valid(items=[]), "1 to 100"),
        (valid(items={"text": "x"}), "1 to 100"),
        (valid(items=[{"text": f"item {n}"} for n in range(101)]), "1 to 100"),
        (
            with_item_3(offset_minutes=-5),
            "item 3: offset_minutes must be a whole number of minutes between 0 and 10080",
        ),
        (with_item_3(offset_minutes=10081), "item 3: offset_minutes"),
        (with_item_3(offset_minutes=1.5), "item 3: offset_minutes"),
        (with_item_3(offset_minutes="60"), "item 3: offset_minutes"),
        (with_item_3(offset_minutes=True), "item 3: offset_minutes"),
        (with_item_3(text=""), "item 3: text must be non-empty text"),
        (with_item_3(text=42), "item 3: text"),
        (with_item_3(text="x" * 501), "item 3: text is longer than 500"),
        (with_item_3(detail="x" * 2001), "item 3: detail is longer than 2000"),
        (with_item_3(offset_minute=60), "item 3: unknown field 'offset_minute'"),
        (with_item_3(category="snacks"), "item 3: unknown category 'snacks'"),
        (with_item_3(key=""), "item 3: key"),
        (with_item_3(key="item-1"), "item 3: key 'item-1' is used twice"),
    ],
)
def test_protocol_refusals(data: Any, message: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        protocol_from_json(json.dumps(data))
    assert message in str(caught.value)


def test_missing_text_is_refused() -> None:
    data = valid()
    del data["items"][1]["text"]
    with pytest.raises(ProtocolError, match="item 2: text"):
        protocol_from_json(json.dumps(data))


def test_item_that_is_not_an_object() -> None:
    with pytest.raises(ProtocolError, match="item 1: must be a JSON object"):
        protocol_from_json(json.dumps(valid(items=["No food"])))


@pytest.mark.parametrize("text", ["", "not json", "{", "[" * 100_000])
def test_not_json_is_refused(text: str) -> None:
    with pytest.raises(ProtocolError, match="not valid JSON"):
        protocol_from_json(text)


def test_oversized_file_is_refused_before_parsing() -> None:
    padding = " " * MAX_PROTOCOL_BYTES
    with pytest.raises(ProtocolError, match="256 KB"):
        protocol_from_json(json.dumps(valid()) + padding)


def test_protocol_error_is_a_value_error() -> None:
    assert issubclass(ProtocolError, ValueError)


def test_protocol_to_json_refuses_what_it_could_not_read() -> None:
    with pytest.raises(ProtocolError, match="name"):
        protocol_to_json("", Route.IV, default_template(Route.IV))
    with pytest.raises(ProtocolError, match="1 to 100"):
        protocol_to_json("Clinic", Route.IV, [])
