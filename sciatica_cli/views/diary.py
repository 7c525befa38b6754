"""The views behind `sciatica diary list` and `checkins`. The chart's view (`diary show`),
with its daily averages and the change since the first value, is outcomes.DiaryView."""

from __future__ import annotations

from typing import NamedTuple

from ..diary import CheckIn, DiaryEntry


class DiaryEntriesView(NamedTuple):
    entries: tuple[DiaryEntry, ...]  # oldest first
    words: dict[str, str]  # a saved red-flag sign id -> the guide's words for it


class CheckInsView(NamedTuple):
    checkins: tuple[CheckIn, ...]  # oldest first
