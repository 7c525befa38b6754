"""The diary for people (a table, a chart) and for programs (CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from ..diary import DiaryEntry
from ..outcomes import (BETTER, ONE_VALUE, PAIN_RULE, PGIC_ANSWERS, PGIC_QUESTION, SBI,
                        SBI_ITEMS, SBI_MAX, SBI_QUESTION, SBI_RULE, WORSE, Change, DiaryView,
                        Progress, flagged, pgic_label)
from ..textclean import clean, field

if TYPE_CHECKING:
    from ..models import RedFlag, RedFlags, RedFlagTier
    from ..settings import Target
    from ..views.diary import CheckInsView, DiaryEntriesView

# New columns go at the end, so a spreadsheet or script reading the old ones still works.
COLUMNS = ("id", "at", "pain", "places", "numbness", "did", "note", "red_flags", "leg_pain",
           "back_pain", "side")


def as_json(entries: list[DiaryEntry]) -> str:
    from .jsonout import entry_dict

    return json.dumps([entry_dict(e) for e in entries], indent=2, ensure_ascii=False) + "\n"


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): such a cell gets a leading ' so it is shown as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def as_csv(entries: list[DiaryEntry]) -> str:
    """One row an entry; lists joined with ';' (a spreadsheet-friendly cell). Every cell
    is quoted and no text cell can start a formula, as OWASP advises."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow([e.id, e.at, e.pain] + [spreadsheet_text(cell) for cell in (
            ";".join(e.places), "yes" if e.numbness else "no", ";".join(e.did), e.note,
            ";".join(e.red_flags))] + [_blank(e.leg_pain), _blank(e.back_pain), e.side or ""])
    return out.getvalue()


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def saved(entry_id: int, pain: int, at: str, leg_pain: int | None = None,
          back_pain: int | None = None) -> None:
    parts = [f"{name} {value}" for name, value in (("leg", leg_pain), ("back", back_pain))
             if value is not None]
    detail = f" ({', '.join(parts)})" if parts else ""
    sys.stdout.write(f"Saved entry {entry_id}: pain {pain}/10{detail} at {at}.\n")


def deleted(entry_id: int) -> None:
    sys.stdout.write(f"Deleted entry {entry_id}.\n")


def red_flag_advice(found: list[tuple[RedFlagTier, RedFlag]], flags: RedFlags,
                    to: Target, local: Collection[str] = ()) -> None:
    """The advice for the most urgent tier reported, on `stream`: the person's terminal
    (or stderr when there is none), so it shows even when the output goes to a file."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import make_console, tier_block

    order = [t.id for t in flags.tiers]
    tier = min((t for t, _ in found), key=lambda t: order.index(t.id))
    console = make_console(to)
    console.print(Group(*tier_block(tier, [sign for _, sign in found], local_signs=local)))
    console.print(Text("Your entry was saved. See `sciatica redflags` for every sign.",
                       style="italic"))


def plain_list(view: DiaryEntriesView, target: Target) -> None:
    for e in view.entries:
        target.stream.write("\t".join(field(str(v)) for v in (
            e.id, e.at, e.pain, ",".join(e.places), "numb" if e.numbness else "",
            ",".join(e.did), e.note, ",".join(e.red_flags), _blank(e.leg_pain),
            _blank(e.back_pain), e.side or "")) + "\n")


def table(view: DiaryEntriesView, target: Target) -> None:
    """Entries for a terminal; a red-flag sign saved with one is named in the guide's words
    (`view.words`, from outcomes.sign_words), first in the note."""
    from rich.table import Table
    from rich.text import Text

    from .terminal import Hanging, make_console, narrow

    entries, words = view.entries, view.words
    console = make_console(target, wide=True)
    if not entries:
        console.print("No entries yet. Add one with `sciatica diary add PAIN`.")
        return
    if narrow(console):
        for e in entries:
            console.print(Text(f"{e.id}  ", style="bold") + Text(e.when.strftime("%a %d %b %H:%M"))
                          + Text(f"  {e.pain}/10", style=_pain_style(e.pain)))
            for sign in flagged(e.red_flags, words):
                console.print(Hanging("", Text("red flag: " + clean(sign.text), style="bold red")))
            for label, value in (("where", ", ".join(e.places)),
                                 ("numb", "yes" if e.numbness else ""),
                                 ("did", ", ".join(e.did)), ("note", e.note)):
                if value:
                    console.print(Hanging("", Text(f"{label}: ", style="dim") + Text(clean(value)),
                                          ))
        return
    grid = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("id", "when", "pain", "leg", "back", "where", "numb", "did", "note"):
        grid.add_column(column, overflow="fold")
    for e in entries:
        note = Text(clean(e.note))
        if e.red_flags:  # a sign reported once stays in sight, first in the note column
            signs = Text("\n").join(Text("red flag: " + clean(sign.text), style="bold red")
                                    for sign in flagged(e.red_flags, words))
            note = signs + (Text("\n") + note if e.note else Text(""))
        where = ", ".join(e.places) + (f" ({e.side})" if e.side else "")
        grid.add_row(str(e.id), e.when.strftime("%a %d %b %H:%M"),
                     Text(f"{e.pain}/10", style=_pain_style(e.pain)), _score(e.leg_pain),
                     _score(e.back_pain), where, "yes" if e.numbness else "",
                     ", ".join(e.did), note)
    console.print(grid)


def _score(value: int | None) -> Any:
    from rich.text import Text

    return Text("") if value is None else Text(str(value), style=_pain_style(value))


def _pain_style(pain: int) -> str:
    return "green" if pain <= 3 else "yellow" if pain <= 6 else "red"


def chart(view: DiaryView, target: Target) -> None:
    """One line a day: the average pain as a bar and what was done that day, then any
    red-flag sign reported that day in words; this week's average against last week's; the
    change."""
    from rich.text import Text

    from .terminal import Hanging, make_console, reminder_line

    console = make_console(target)
    if not view.days and view.this_week is None and view.last_week is None:
        console.print("No entries in this period. Add one with `sciatica diary add PAIN`.")
        return
    if view.days:
        console.print(Text("Pain by day (average, 0 to 10)", style="bold"))
    else:
        console.print("No entries in this period.")
    for day in view.days:
        average = day.average_pain
        line = Text(datetime.fromisoformat(day.date).strftime("%a %d %b  "))
        line.append("█" * round(average * 2), style=_pain_style(round(average)))
        line.append("·" * (20 - round(average * 2)), style="dim")
        line.append(f" {average:4.1f}")
        if day.did:
            line.append("  " + ", ".join(day.did), style="cyan")
        console.print(line)
        for sign in day.red_flags:  # in the guide's words, on lines of their own
            console.print(Hanging("red flag:", Text(clean(sign.text), style="bold red"),
                                  mark_style="bold red", indent=1))
    console.print()
    console.print(Text(_week_line(view.this_week, view.last_week), style="bold"))
    for line in progress_lines(view.progress):
        console.print(line)
    console.print(reminder_line())


def _week_line(this: float | None, last: float | None) -> str:
    if this is None:
        return "No entries in the last 7 days."
    text = f"This week: average pain {this:.1f}"
    if last is None:
        return text + " (no entries the week before)."
    change = this - last
    trend = "lower" if change < 0 else "higher" if change > 0 else "the same"
    return (f"{text}; last week {last:.1f}"
            + (f" ({abs(change):.1f} {trend})." if change else " (the same)."))


def checkin_lines(view: CheckInsView, target: Target) -> None:
    """One check-in a line, tab-separated: id, at, SBI total, the four items, PGIC, note."""
    found = view.checkins
    if not found and target.terminal:
        target.stream.write("No check-ins yet. Start one with `sciatica diary checkin`.\n")
    for c in found:
        target.stream.write("\t".join(field(str(v)) for v in (
            c.id, c.at, f"{c.sbi_total}/{SBI_MAX}", *c.sbi,
            "" if c.pgic is None else pgic_label(c.pgic), c.note)) + "\n")


def ask_checkin(stream: TextIO, ask_change: bool, days_since_last: int | None
                ) -> tuple[tuple[int, ...], int | None]:
    """Ask the check-in's questions on the person's terminal (`stream`), one at a time until
    each answer fits, and read the answers from stdin: `checkin > file` still shows them."""
    from ..errors import Stopped

    def read(prompt: str) -> str:
        stream.write(prompt)
        stream.flush()
        try:
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            line = ""
        if not line:  # Ctrl-D, Ctrl-C or the end of the input
            stream.write("\n")
            stream.flush()
            raise Stopped("stopped before every question was answered; the check-in was "
                          "not saved.")
        return line.strip()

    def ask(text: str, low: int, high: int) -> int:
        while True:
            answer = read(f"{text} ({low}-{high}): ")
            if answer.isdigit() and low <= int(answer) <= high:
                return int(answer)
            stream.write(f"Please give a whole number from {low} to {high}.\n")

    if days_since_last is not None and days_since_last < 7:
        days = days_since_last
        stream.write(f"Your last check-in was {days} day{'s' if days != 1 else ''} ago. "
                     "It is meant to be weekly, but you can go on.\n")
    stream.write("Weekly check-in: the Sciatica Bothersomeness Index.\n" + SBI_QUESTION + "\n\n")
    scores = tuple(ask(item.text, 0, 6) for item in SBI_ITEMS)
    pgic = None
    if ask_change:
        stream.write("\n" + PGIC_QUESTION + "\n")
        for number, answer in enumerate(PGIC_ANSWERS, 1):
            stream.write(f"  {number}  {answer}\n")
        pgic = ask("Your answer", 1, 7)
    return scores, pgic


def checked_in(checkin_id: int, at: str, scores: tuple[int, ...], pgic: int | None,
               first: bool, stream: TextIO | None = None) -> None:
    """What was saved, on stdout (or on `stream`, the terminal the questions were asked on)."""
    parts = ", ".join(f"{item.short} {value}" for item, value in zip(SBI_ITEMS, scores))
    text = (f"Saved check-in {checkin_id} at {at}: Sciatica Bothersomeness Index "
            f"{sum(scores)}/{SBI_MAX} ({parts}).")
    if pgic is not None:
        text += f" Since your first check-in: {pgic_label(pgic)}."
    if first:
        text += " This is your starting point; check in again in a week."
    (stream or sys.stdout).write(text + "\n")


def _day(at: str) -> str:
    return datetime.fromisoformat(at).strftime("%a %d %b")


def change_line(c: Change) -> str:
    """One measure in words: its first value, its latest, the change and what it means."""
    top = f"/{c.measure.top}" if c.measure is SBI else ""
    name = c.measure.name[0].upper() + c.measure.name[1:]
    if c.verdict == ONE_VALUE:
        return f"{name}: {c.baseline}{top} on {_day(c.baseline_at)} (one value so far)."
    moved = abs(c.change)
    how = ("no change" if not moved else
           f"{moved} point{'s' if moved != 1 else ''} {'lower' if c.change < 0 else 'higher'}"
           + (f", {abs(c.percent):.0f}%" if c.percent is not None and c.measure is not SBI
              else ""))
    verdict = {BETTER: "better, a change that matters",
               WORSE: "worse, a change that matters"}.get(c.verdict, "no clear change yet")
    return (f"{name}: {c.baseline}{top} on {_day(c.baseline_at)}, now {c.latest}{top} "
            f"({how}): {verdict}.")


def progress_lines(p: Progress) -> list[Any]:
    from rich.text import Text

    lines: list[Any] = []
    if p.changes:
        lines += [Text(""), Text("Since your first value (the baseline)", style="bold")]
        for c in p.changes:
            style = {BETTER: "green", WORSE: "bold red"}.get(c.verdict, "")
            lines.append(Text("  " + change_line(c), style=style))
        rules = [f"on a 0 to 10 scale, {PAIN_RULE}"]
        if any(c.measure is SBI for c in p.changes):
            rules.append(f"for the SBI, {SBI_RULE}")
        lines.append(Text("A change that matters: " + "; ".join(rules) + ".", style="dim"))
    if p.last_pgic is not None:
        lines.append(Text(f"At your last check-in you said: {pgic_label(p.last_pgic)} since "
                          "the first."))
    for advice in p.advice:
        lines.append(Text(f'See a doctor. {advice.text} "{advice.quote}" ({advice.where}).',
                          style="bold"))
    if p.checkin_due:
        lines.append(Text("Your weekly check-in is due: `sciatica diary checkin`."))
    return lines
