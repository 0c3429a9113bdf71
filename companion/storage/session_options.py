"""The patient's session choices (route, own lengths, display, sound), kept between sessions.

Stored as one JSON setting. A value that does not make sense any more (a palette that was
renamed, a length out of range, a hand-edited file) falls back to its default on its own, so a
bad setting never stands between the patient and a session.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sqlalchemy.orm import Session

from companion.domain.routes import Route
from companion.domain.session import (
    BREATH_PATTERNS,
    MAX_MINUTES,
    MIN_MINUTES,
    PALETTES,
    preset_for,
)
from companion.storage import settings

KEY = "session.options"
MAX_DIM = 85  # percent; the display never goes fully black, so the end stays visible
_ROUTES = frozenset(route.value for route in Route)


@dataclass(frozen=True)
class SessionOptions:
    route: Route = Route.OTHER
    # The patient's (or clinic's) own length per route, in minutes; missing routes use the preset.
    minutes: dict[str, int] = field(default_factory=dict)
    breathing: str = "resonance"
    palette: str = "dusk"
    numbers: bool = True
    phases: bool = False
    chimes: bool = True
    audio_only: bool = False
    dim: int = 0

    def minutes_for(self, route: Route) -> int:
        return self.minutes.get(route.value, preset_for(route).minutes)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["route"] = self.route.value
        return data

    @classmethod
    def from_json(cls, data: object) -> SessionOptions:
        """Read a stored value, keeping what is valid and defaulting the rest."""
        if not isinstance(data, dict):
            return cls()
        default = cls()
        kept: dict[str, Any] = {}
        for item in fields(cls):
            value = data.get(item.name, getattr(default, item.name))
            kept[item.name] = value if _valid(item.name, value) else getattr(default, item.name)
        kept["route"] = Route(kept["route"])
        kept["minutes"] = {
            route: minutes for route, minutes in kept["minutes"].items() if _valid_minutes(minutes)
        }
        return cls(**kept)


def _valid_minutes(value: object) -> bool:
    return type(value) is int and MIN_MINUTES <= value <= MAX_MINUTES


def _valid(name: str, value: object) -> bool:
    checks = {
        "route": lambda v: v in _ROUTES,
        "minutes": lambda v: isinstance(v, dict) and set(v) <= _ROUTES,
        "breathing": lambda v: v in BREATH_PATTERNS,
        "palette": lambda v: v in PALETTES,
        "dim": lambda v: type(v) is int and 0 <= v <= MAX_DIM,
    }
    check = checks.get(name, lambda v: isinstance(v, bool))
    return bool(check(value))


def load_options(session: Session) -> SessionOptions:
    return SessionOptions.from_json(settings.get_setting(session, KEY, {}))


def save_options(session: Session, options: SessionOptions) -> None:
    settings.set_setting(session, KEY, options.to_json())
