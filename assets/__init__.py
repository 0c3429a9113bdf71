"""Stylesheets, icons and sounds, installed as the package ``companion.assets``."""

from importlib.resources import files
from importlib.resources.abc import Traversable


def asset(*parts: str) -> Traversable:
    """Return an asset by its path below ``assets/``, e.g. ``asset("styles", "light.qss")``."""
    node = files(__name__)
    for part in parts:
        node = node / part
    return node
