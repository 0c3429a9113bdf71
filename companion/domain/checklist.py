"""Preparation checklists: default templates per route, deadlines, and clinic protocol files.

The defaults follow the common instructions in reference/clinical.md. Clinics differ, so every
item defers to the clinic ("as your clinic instructs") and every number is editable. Where the
reference gives no common number for a route (food and liquids for IM, lozenge, other), the item
has no deadline rather than an invented one; the clinic's number can be filled in.

The app never tells anyone to change a medication: the medication item only says to ask the
prescriber.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any, TypeVar

from companion.domain.routes import Route

MAX_OFFSET_MINUTES = 7 * 24 * 60
MAX_TEXT_CHARS = 500
MAX_DETAIL_CHARS = 2000
MAX_NAME_CHARS = 200
MAX_KEY_CHARS = 64
MAX_ITEMS = 100
MAX_PROTOCOL_BYTES = 256 * 1024
PROTOCOL_FORMAT = "companion-protocol"
PROTOCOL_VERSION = 1

T = TypeVar("T")


class Category(StrEnum):
    FOOD_DRINK = "food_drink"
    MEDICINES = "medicines"
    SAFETY = "safety"
    HEALTH = "health"
    MIND = "mind"
    COMFORT = "comfort"
    HOME = "home"
    CLINIC = "clinic"


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to get ready; offset_minutes is how long before the appointment it is due."""

    key: str
    text: str
    detail: str = ""
    offset_minutes: int | None = None
    category: Category = Category.CLINIC

    def __post_init__(self) -> None:
        if self.offset_minutes is not None and not _valid_offset(self.offset_minutes):
            raise ValueError(_OFFSET_RULE)


_OFFSET_RULE = (
    f"offset_minutes must be a whole number of minutes between 0 and {MAX_OFFSET_MINUTES}"
)


def _valid_offset(value: object) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_OFFSET_MINUTES
    )


# --- default templates ------------------------------------------------------------------------

_CLINIC = "as your clinic instructs"
_CLINIC_ROUTES = (Route.IV, Route.IM, Route.NASAL, Route.OTHER)


def _food(route: Route) -> ChecklistItem:
    if route is Route.IV:
        text, offset = f"No solid food or milk for 6 hours before, {_CLINIC}", 6 * 60
    elif route is Route.NASAL:
        text, offset = f"No food for 2 hours before, {_CLINIC}", 2 * 60
    else:
        text, offset = f"Food before the session, {_CLINIC}", None
    detail = "Clinics set their own times: use your clinic's."
    return ChecklistItem("food", text, detail, offset, Category.FOOD_DRINK)


def _liquids(route: Route) -> ChecklistItem:
    if route is Route.IV:
        text = f"Clear liquids or black coffee only, until 2 hours before, {_CLINIC}"
        offset: int | None = 2 * 60
    elif route is Route.NASAL:
        text, offset = f"No liquids for 30 minutes before, {_CLINIC}", 30
    else:
        text, offset = f"Drinks before the session, {_CLINIC}", None
    detail = "Clinics set their own times: use your clinic's."
    return ChecklistItem("liquids", text, detail, offset, Category.FOOD_DRINK)


def _after_session(route: Route) -> ChecklistItem:
    if route is Route.NASAL:
        text = f"Arrange a ride home: no driving until the next day after restful sleep, {_CLINIC}"
    elif route is Route.LOZENGE:
        text = f"Plan to stay in: no driving for 24 hours, {_CLINIC}"
    else:
        text = f"Arrange a ride home: no driving for 24 hours, {_CLINIC}"
    detail = "Someone else drives. No machinery and no big decisions until then either."
    return ChecklistItem("ride_home", text, detail, None, Category.SAFETY)


def default_template(route: Route) -> list[ChecklistItem]:
    """The starting checklist for a route, from the common instructions in clinical.md."""
    items = [_food(route), _liquids(route)]
    if route is Route.NASAL:
        items.append(
            ChecklistItem(
                "nasal_medicines",
                f"Nasal steroid or decongestant at least 1 hour before, if you use one, {_CLINIC}",
                "Take it in time so it does not get in the way of the nasal spray.",
                60,
                Category.MEDICINES,
            )
        )
    items += [
        ChecklistItem(
            "alcohol_cannabis",
            f"No alcohol or cannabis for 24 hours before (and after), {_CLINIC}",
            "",
            24 * 60,
            Category.FOOD_DRINK,
        ),
        _after_session(route),
        ChecklistItem(
            "medications",
            f"Go over your medications with your prescriber, {_CLINIC}",
            "Some medicines change how a session feels. Ask your prescriber about each one.",
            None,
            Category.MEDICINES,
        ),
        ChecklistItem(
            "blood_pressure",
            f"Blood pressure before the dose and about 40 minutes after, {_CLINIC}",
            "Note the readings so you can share them with your care team.",
            None,
            Category.HEALTH,
        ),
        ChecklistItem(
            "intention",
            "Write down your intention and hold it lightly",
            f"A few words are enough; share it with your therapist, {_CLINIC}.",
            None,
            Category.MIND,
        ),
        ChecklistItem(
            "comfort",
            "Comfortable clothes, blanket, eye mask, headphones, earplugs, journal",
            f"Bring what helps you settle, {_CLINIC}.",
            None,
            Category.COMFORT,
        ),
    ]
    if route is Route.LOZENGE:
        items += [
            ChecklistItem(
                "sitter",
                f"A sober, trusted sitter with you for the whole session, {_CLINIC}",
                "Agree beforehand how they can reach your care team.",
                None,
                Category.HOME,
            ),
            ChecklistItem(
                "home_supplies",
                "Blood pressure cuff, spit cup, timer, anti-nausea medicine, do-not-disturb sign",
                f"Set them out before the dose, {_CLINIC}.",
                None,
                Category.HOME,
            ),
        ]
    return items


# --- deadlines --------------------------------------------------------------------------------


def localize(appointment: datetime, tz: tzinfo | None = None) -> datetime:
    """An appointment's naive local wall time as an aware datetime.

    tz None means the system's local zone (Python applies the system's DST rules). A wall time
    that does not exist (inside a spring-forward gap) is read with the offset before the change;
    an ambiguous one (autumn) as its first occurrence.
    """
    if appointment.utcoffset() is not None:
        raise ValueError("the appointment is a naive local wall time")
    return appointment.astimezone() if tz is None else appointment.replace(tzinfo=tz)


def deadline(appointment: datetime, offset_minutes: int, tz: tzinfo | None = None) -> datetime:
    """When an item is due: offset_minutes of real time before the appointment.

    The subtraction happens in UTC, so a fast across a daylight-saving change lasts its real
    length; the result is an aware datetime in the local zone (the system's when tz is None).
    """
    instant = localize(appointment, tz).astimezone(UTC) - timedelta(minutes=offset_minutes)
    return instant.astimezone(tz)


class ItemState(StrEnum):
    UPCOMING = "upcoming"
    NOW = "now"
    PASSED = "passed"


def state_at(
    deadline: datetime | None, appointment_aware: datetime, now: datetime
) -> ItemState | None:
    """Upcoming before the deadline, now until the appointment, passed once it starts.

    An item without a deadline (deadline None) has no state.
    """
    if deadline is None:
        return None
    # Compare in UTC: datetimes sharing one ZoneInfo compare by wall clock, not real time.
    now = now.astimezone(UTC)
    if now < deadline.astimezone(UTC):
        return ItemState.UPCOMING
    if now < appointment_aware.astimezone(UTC):
        return ItemState.NOW
    return ItemState.PASSED


def _duration_words(seconds: float) -> str:
    """Whole minutes under an hour, hours and minutes under a day, then days and hours (days
    alone from a week on). Rounded down, so a deadline never reads later than it is."""
    hours, minutes = divmod(int(seconds // 60), 60)
    if not hours:
        return f"{minutes} min"
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    words = f"{days} day" if days == 1 else f"{days} days"
    return f"{words} {hours} h" if hours and days < 7 else words


def countdown_text(target: datetime, now: datetime) -> str:
    """ "in 5 min", "in 2 h 15 min", "in 1 day 17 h", "in 9 days", "now" (within a minute),
    "15 min ago"."""
    # In UTC: subtracting datetimes that share one ZoneInfo ignores a DST change between them.
    seconds = (target.astimezone(UTC) - now.astimezone(UTC)).total_seconds()
    if abs(seconds) < 60:
        return "now"
    words = _duration_words(abs(seconds))
    return f"in {words}" if seconds > 0 else f"{words} ago"


def in_time_order(items: Sequence[T], offset_of: Callable[[T], int | None]) -> list[T]:
    """Items as a checklist shows them: the timed ones sorted by deadline (the longest offset
    before the appointment first), in the places timed items hold; untimed items stay where the
    patient put them. Equal deadlines keep the patient's order."""
    timed = iter(
        sorted(
            (item for item in items if offset_of(item) is not None),
            key=lambda item: -(offset_of(item) or 0),
        )
    )
    return [next(timed) if offset_of(item) is not None else item for item in items]


def progress_text(done: int, total: int) -> str:
    """ "7 of 10 ready"."""
    if not 0 <= done <= total:
        raise ValueError(f"done must lie between 0 and total, not {done} of {total}")
    return f"{done} of {total} ready"


# --- clinic protocol files --------------------------------------------------------------------


class ProtocolError(ValueError):
    """A protocol file that cannot be used; the message names the problem (and the item)."""


@dataclass(frozen=True)
class Protocol:
    name: str
    route: Route
    items: tuple[ChecklistItem, ...]


_TOP_FIELDS = {"format", "version", "name", "route", "items"}
_ITEM_FIELDS = {"key", "text", "detail", "offset_minutes", "category"}


def protocol_to_json(name: str, route: Route, items: list[ChecklistItem]) -> str:
    """A clinic protocol as JSON (see docs/protocol-format.md); refuses what it could not read."""
    data = {
        "format": PROTOCOL_FORMAT,
        "version": PROTOCOL_VERSION,
        "name": name,
        "route": route.value,
        "items": [
            {
                "key": item.key,
                "text": item.text,
                "detail": item.detail,
                "offset_minutes": item.offset_minutes,
                "category": item.category.value,
            }
            for item in items
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    _protocol_from_data(data)
    if len(text.encode()) > MAX_PROTOCOL_BYTES:
        raise ProtocolError(f"the protocol is larger than {MAX_PROTOCOL_BYTES // 1024} KB")
    return text


def protocol_from_json(text: str) -> Protocol:
    """Read a clinic protocol file; ProtocolError names the first problem found."""
    if len(text.encode()) > MAX_PROTOCOL_BYTES:
        raise ProtocolError(f"the file is larger than {MAX_PROTOCOL_BYTES // 1024} KB")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ProtocolError(f"the file is not valid JSON ({error})") from None
    return _protocol_from_data(data)


def _text_field(where: str, data: dict[str, Any], field: str, limit: int, required: bool) -> str:
    value = data.get(field, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ProtocolError(f"{where}{field} must be {'non-empty ' if required else ''}text")
    if len(value) > limit:
        raise ProtocolError(f"{where}{field} is longer than {limit} characters")
    return value


def _protocol_from_data(data: object) -> Protocol:
    if not isinstance(data, dict):
        raise ProtocolError("the file must hold a JSON object")
    if data.get("format") != PROTOCOL_FORMAT:
        raise ProtocolError(f'format must be "{PROTOCOL_FORMAT}"')
    version = data.get("version")
    if type(version) is not int or version != PROTOCOL_VERSION:
        raise ProtocolError(f"version {version!r} is not supported (expected {PROTOCOL_VERSION})")
    if unknown := sorted(set(data) - _TOP_FIELDS):
        raise ProtocolError(f"unknown field {unknown[0]!r}")
    name = _text_field("", data, "name", MAX_NAME_CHARS, required=True)
    route_value = data.get("route")
    try:
        route = Route(route_value)
    except ValueError:
        raise ProtocolError(f"unknown route {route_value!r}") from None
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not 1 <= len(raw_items) <= MAX_ITEMS:
        raise ProtocolError(f"items must be a list of 1 to {MAX_ITEMS} items")
    items: list[ChecklistItem] = []
    for number, raw in enumerate(raw_items, start=1):
        item = _item_from_data(number, raw)
        if any(other.key == item.key for other in items):
            raise ProtocolError(f"item {number}: key {item.key!r} is used twice")
        items.append(item)
    return Protocol(name, route, tuple(items))


def _item_from_data(number: int, raw: object) -> ChecklistItem:
    where = f"item {number}: "
    if not isinstance(raw, dict):
        raise ProtocolError(f"{where}must be a JSON object")
    if unknown := sorted(set(raw) - _ITEM_FIELDS):
        raise ProtocolError(f"{where}unknown field {unknown[0]!r}")
    text = _text_field(where, raw, "text", MAX_TEXT_CHARS, required=True)
    detail = _text_field(where, raw, "detail", MAX_DETAIL_CHARS, required=False)
    offset = raw.get("offset_minutes")
    if offset is not None and not _valid_offset(offset):
        raise ProtocolError(f"{where}{_OFFSET_RULE}")
    key = raw.get("key", f"item-{number}")
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY_CHARS:
        raise ProtocolError(f"{where}key must be text of 1 to {MAX_KEY_CHARS} characters")
    category_value = raw.get("category", Category.CLINIC.value)
    try:
        category = Category(category_value)
    except ValueError:
        raise ProtocolError(f"{where}unknown category {category_value!r}") from None
    return ChecklistItem(key, text, detail, offset, category)
