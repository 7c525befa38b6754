"""The view behind `sciatica` alone: the start screen, what to run first and what is
personal. It reads no content, so the guide's first screen never waits for the catalog."""

from __future__ import annotations

from typing import NamedTuple


class IntroView(NamedTuple):
    start: tuple[tuple[str, str], ...]  # (command, what it does)
    personal: tuple[tuple[str, str], ...]


def intro_view() -> IntroView:
    return IntroView(
        start=(
            ("sciatica overview", "what sciatica is, in plain words"),
            ("sciatica redflags", "when to get help now"),
            ("sciatica techniques [ID]", "massage techniques, or one page"),
            ("sciatica selfcare [ID]", "stretching, exercise, heat and cold, pain relievers"),
            ("sciatica compare ID ID…", "entries side by side"),
            ("sciatica search WORDS", "find a page"),
            ("sciatica sources", "every reference, for a reference manager"),
        ),
        personal=(
            ("sciatica plan", "a few questions, then a plan for you"),
            ("sciatica routine", "a guided stretching session with timers"),
            ("sciatica handout ID… -o FILE", "a page to print or give to a client"),
            ("sciatica diary add PAIN", "keep a private record of pain and what helped"),
            ("sciatica --help", "every command and option"),
        ),
    )
