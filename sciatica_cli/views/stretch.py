"""The view behind `sciatica stretch ID` (as text or JSON; its drawing is render/figure.py)."""

from __future__ import annotations

from typing import NamedTuple

from ..models import Stretch


class StretchView(NamedTuple):
    page: str  # the id of the page the stretch is on
    stretch: Stretch
