"""Routes of administration, the key every other part of the app uses for them."""

from enum import StrEnum


class Route(StrEnum):
    IV = "iv"
    IM = "im"
    NASAL = "nasal"
    LOZENGE = "lozenge"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> "Route":
        """Accept a key ("iv") or a label ("IV infusion"), case and spaces ignored."""
        wanted = text.strip().casefold()
        for route in cls:
            if wanted in (route.value, route.label.casefold()):
                return route
        raise ValueError(f"unknown route {text!r}")


_LABELS = {
    Route.IV: "IV infusion",
    Route.IM: "IM injection",
    Route.NASAL: "Esketamine nasal spray",
    Route.LOZENGE: "Sublingual/oral lozenge",
    Route.OTHER: "Other",
}
