"""Pages, lists, tables and red flags for people, through Rich.

Data is always wrapped in `Text` (never parsed as markup) and cleaned of control
characters, so a stray `[bold]` or escape sequence in a content file prints as it is.
Lists piped to another program are plain, one item a line, tab-separated.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from ..models import Headline, RedFlag, RedFlagTier
from ..page_references import Reference, short_citation
from ..settings import STACK_BELOW, TEXT_WIDTH
from ..textclean import clean
from ..views import page as sections
from ..views.page import KIND_LABEL, PageView

if TYPE_CHECKING:

    from ..search import Hit
    from ..settings import Target
    from ..suitability import Verdict
    from ..views.compare import CompareView
    from ..views.entries import EntryListView, EntryPage
    from ..views.intro import IntroView
    from ..views.paths import PathsView
    from ..views.redflags import RedFlagsView
    from ..views.search import SearchView


EVIDENCE_STYLE = {
    "high": "bold green",
    "moderate": "green",
    "low": "yellow",
    "very-low": "red",
    "guideline-advice": "dim",
    "not-graded": "dim",
    "no-good-evidence": "dim",
}


class _TrimmedLines:
    """A file that drops the spaces Rich pads table cells with at the end of each line."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        *done, self._pending = (self._pending + text).split("\n")
        if done:
            self._stream.write("".join(line.rstrip(" ") + "\n" for line in done))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._pending.rstrip(" "))
            self._pending = ""
        self._stream.flush()

    def isatty(self) -> bool:
        return False


class _UncroppedConsole(Console):
    """A console that leaves over-long lines whole instead of cutting them at the edge.

    Everything we print wraps itself to the width; the only longer lines are web
    addresses (see Hanging), which must stay whole to be copied or clicked. The terminal
    wraps them on screen, and a file or pipe gets them on one line.
    """

    def print(
            self, *objects: object, crop: bool = False, **kwargs: object) -> None:
        super().print(*objects, crop=crop, **kwargs)  # type: ignore[arg-type]

    can_page = False  # a person reads it on a terminal and can work a pager

    def on_broken_pipe(self) -> None:
        # Rich exits 1 when the reader goes away; every command exits 0 (see streams.py).
        raise BrokenPipeError


def make_console(target: Target, wide: bool = False) -> Console:
    """A console for `target` (Settings.out for stdout, Settings.advice for the person's
    terminal). Running text stops at TEXT_WIDTH columns however wide the terminal is;
    `wide` lets a table use the whole width."""
    stream = target.stream
    width = target.width if wide else min(target.width, TEXT_WIDTH)
    if not target.terminal:
        # Not a terminal: a fixed width keeps piped and tested output stable, and no line
        # ends in padding.
        stream = _TrimmedLines(stream)  # type: ignore[assignment]
    console = _UncroppedConsole(
        file=stream,
        force_terminal=target.color,
        no_color=not target.color,
        color_system="standard" if target.color else None,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )
    console.can_page = target.pager
    return console


def t(value: str, style: str = "") -> Text:
    """Data as text: never markup, never control characters."""
    return Text(clean(value), style=style)


def evidence_text(best: Headline, stacked: bool = False) -> Text:
    """A headline grade, coloured by its grade; evidence from other people is never green.

    `stacked` puts "from back pain" on a line of its own, so a table's evidence column stays
    narrow and a grade is never split mid-phrase."""
    style = EVIDENCE_STYLE.get(best.grade or "", "dim")
    if best.grade is not None and not best.from_sciatica:
        style = "yellow" if "green" in style else style
    label = best.label.replace(", from ", ",\nfrom ") if stacked else best.label
    return Text(label, style=style)


def print_long(console: Console, renderable: RenderableType, use_pager: bool) -> None:
    """Long pages go through $PAGER, but only on a terminal."""
    if use_pager and getattr(console, "can_page", False):
        lines = console.render_lines(renderable, pad=False)
        if len(lines) > console.size.height:
            # As git does, unless the reader has set LESS: show colours rather than escape
            # codes (R), and leave the page on screen after quitting (X).
            os.environ.setdefault("LESS", "FRX")
            with console.pager(styles=console.color_system is not None):
                console.print(renderable)
            return
    console.print(renderable)


# ---------------------------------------------------------------------------- intro


def intro(view: IntroView, target: Target) -> None:
    console = make_console(target)
    lines: list[RenderableType] = [
        Text("sciatica", style="bold") + Text(" — an evidence-graded self-care guide, offline."),
        Text("Plain-language pages on massage and self-care for sciatica, with how strong the "
             "evidence is and where every claim comes from."),
        Text(""),
        Text("Start here", style="bold"),
        command_table(console, list(view.start)),
        Text(""),
        Text("For you", style="bold"),
        command_table(console, list(view.personal)),
        Text(""),
        reminder_line(),
    ]
    console.print(Group(*lines))


def command_table(console: Console, commands: list[tuple[str, str]]) -> RenderableType:
    """Commands beside what they do; stacked when the terminal is too narrow for both."""
    if narrow(console):
        return Group(*(Group(Text("  " + command, style="cyan"), Hanging("", Text(what),
                                                                          indent=2))
                       for command, what in commands))
    from rich.table import Table

    table = Table.grid(padding=(0, 2))
    for command, what in commands:
        table.add_row(Text(command, style="cyan"), Text(what))
    return indent(table, 2)


def reminder_line() -> Text:
    from ..wording import NOT_A_DIAGNOSIS

    return Text(NOT_A_DIAGNOSIS, style="italic")


# ---------------------------------------------------------------------------- lists


def narrow(console: Console) -> bool:
    """Too narrow for columns: a list stacks each entry's fields instead of cutting names."""
    return console.width < STACK_BELOW


def entry_list(view: EntryListView, target: Target) -> None:
    from rich.table import Table  # only tables need it; a page does not

    console = make_console(target, wide=True)
    lines, command = view.items, view.command

    if narrow(console):
        for line in lines:
            name = t(line.name, "bold")
            if line.local:
                name.append(" (local)", style="magenta")
            console.print(name)
            console.print(Hanging("", t(line.id, "cyan")))
            console.print(Hanging("", Text("evidence: ", style="dim")
                                  + evidence_text(line.best_evidence)))
            console.print(Hanging("", t(line.summary)))
            console.print()
        if lines:
            console.print(Text(f"Open a page: sciatica {command} {lines[0].id}", style="dim"))
        return
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("id", style="cyan", no_wrap=True)
    # Wide enough for the longest word of any name, so no name is cut mid-word.
    table.add_column("name", min_width=max((len(w) for line in lines
                                            for w in line.name.split()), default=4))
    table.add_column("evidence", no_wrap=True)
    table.add_column("summary")
    for line in lines:
        name = t(line.name)
        if line.local:
            name.append(" (local)", style="magenta")
        table.add_row(t(line.id), name, evidence_text(line.best_evidence, stacked=True),
                      t(line.summary))
    console.print(table)
    console.print(Text("\nEvidence is the best grade among a page's claims of benefit in "
                       "sciatica; \"from back pain\" means there are none, so the grade comes "
                       "from studies of back pain. ", style="dim")
                  + Text(f"Open a page with its id, e.g. `sciatica {command} {lines[0].id}`."
                         if lines else "", style="dim"))


# ---------------------------------------------------------------------------- a page


def page(view: EntryPage, target: Target) -> None:
    console = make_console(target)
    print_long(console, page_renderable(view.page), use_pager=True)


def page_renderable(view: PageView) -> RenderableType:
    """The page's sections in the one order (views.page.SECTIONS)."""
    parts: list[RenderableType] = []
    for section in sections.SECTIONS:
        parts += _PAGE_SECTIONS[section.id](view)
    return Group(*parts)


def _title(view: PageView) -> list[RenderableType]:
    title = Text(clean(view.name), style="bold")
    title.append(f"  ({view.kind_label}", style="dim")
    if view.graded:
        title.append(" · best evidence: ", style="dim")
        title.append_text(evidence_text(view.best))
    title.append(")", style="dim")
    if view.local:
        title.append("  local", style="magenta")
    return [title]


def _summary(view: PageView) -> list[RenderableType]:
    return [t(view.summary, "italic"), Text("")]


def _body(view: PageView) -> list[RenderableType]:
    return [line for paragraph in view.paragraphs for line in (t(paragraph), Text(""))]


def _cautions(view: PageView) -> list[RenderableType]:
    return [heading(sections.CAUTIONS.heading or ""),
            *(bullet("!", t(c.text) + refs_text(c.refs), "bold red") for c in view.cautions),
            Text("")]


def _evidence(view: PageView) -> list[RenderableType]:
    if not view.claims:
        return []
    parts: list[RenderableType] = [heading(sections.EVIDENCE.heading or "")]
    for claim in view.claims:
        line = t(claim.text) + Text("  ") + Text("[", style="dim")
        line.append_text(evidence_text(claim.grade))
        line.append("]", style="dim")
        line.append_text(refs_text(claim.refs))
        parts.append(bullet("•", line))
    return [*parts, Text("")]


def _stretches(view: PageView) -> list[RenderableType]:
    if not view.stretches:
        return []
    parts: list[RenderableType] = [heading(sections.STRETCHES.heading or "")]
    if any(x.stretch.pose is not None for x in view.stretches):
        parts.append(Text("For one stretch and its drawing: sciatica stretch ID --figure "
                          "-o FILE.svg", style="dim"))
    for i, line in enumerate(view.stretches, start=1):
        stretch = line.stretch
        parts.append(Text(f"{i}. ", style="bold") + t(stretch.name, "bold")
                     + refs_text(line.refs) + Text("  id: ", style="dim")
                     + t(stretch.id, "cyan"))
        for step_no, step in enumerate(stretch.steps, start=1):
            parts.append(Hanging(f"{step_no})", t(step), indent=2))
        parts.append(indent(Text(line.dose, style="cyan"), 3))
        parts.append(indent(Text("Stop if: ", style="bold red") + t(stretch.stop_if), 3))
        parts.append(Text(""))
    return parts


def _at_a_glance(view: PageView) -> list[RenderableType]:
    if not view.attributes:
        return []
    parts: list[RenderableType] = [heading(sections.AT_A_GLANCE.heading or "")]
    width = max(len(key) for key, _ in view.attributes)
    for key, value in view.attributes:
        label = clean(key.replace("-", " ")).ljust(width + 1)
        parts.append(Hanging(label, t(value), "dim", indent=1))
    return [*parts, Text("")]


def _see_also(view: PageView) -> list[RenderableType]:
    if not view.see_also:
        return []
    see = Text(f"{sections.SEE_ALSO.heading}: ", style="bold")
    see.append(", ".join(clean(s) for s in view.see_also), style="cyan")
    return [see, Text("")]


def _sources(view: PageView) -> list[RenderableType]:
    if not view.references:
        return []
    return [heading(sections.SOURCES.heading or ""),
            *reference_lines(list(view.references), view.local_sources), Text("")]


def _reminder(view: PageView) -> list[RenderableType]:
    return [Rule(style="dim"), reminder_line()]


# Every section of views.page.SECTIONS, drawn for the terminal.
_PAGE_SECTIONS: dict[str, Callable[[PageView], list[RenderableType]]] = {
    sections.TITLE.id: _title, sections.SUMMARY.id: _summary, sections.BODY.id: _body,
    sections.CAUTIONS.id: _cautions, sections.EVIDENCE.id: _evidence,
    sections.STRETCHES.id: _stretches, sections.AT_A_GLANCE.id: _at_a_glance,
    sections.SEE_ALSO.id: _see_also, sections.SOURCES.id: _sources,
    sections.REMINDER.id: _reminder}


def heading(text: str) -> Text:
    return Text(text, style="bold underline")


class Hanging:
    """A mark, then text wrapped beside it with a hanging indent.

    Much cheaper than a two-column table for the dozens of bullets on a page, and a web
    address longer than the line stays whole.
    """

    def __init__(self, mark: str, body: Text, mark_style: str = "", mark_width: int = 0,
                 indent: int = 0) -> None:
        # The style goes on a span, not the Text, so it does not spread to the body.
        self.mark = Text(" " * indent)
        self.mark.append(mark.rjust(max(mark_width, len(mark)) + 1), style=mark_style)
        self.mark.append(" ")
        self.body = body

    def __rich_console__(self, console: Console, options):  # Rich's protocol
        hang = len(self.mark)
        pad = Text(" " * hang)
        for i, line in enumerate(self._lines(console, max(options.max_width - hang, 20))):
            out = (self.mark if i == 0 else pad) + line
            out.no_wrap, out.overflow = line.no_wrap, line.overflow
            yield out

    def _lines(self, console: Console, width: int) -> list[Text]:
        """The body wrapped to `width`, except that a word too long for any line (a web
        address) gets a line of its own, whole: folded, it could not be copied or clicked."""
        plain, at = self.body.plain, 0
        lines: list[Text] = []
        for long in re.finditer(rf"\S{{{width + 1},}}", plain):
            if plain[at:long.start()].strip():
                lines += self.body[at:long.start()].wrap(console, width, overflow="fold")
            whole = self.body[long.start():long.end()]
            whole.no_wrap, whole.overflow = True, "ignore"
            lines.append(whole)
            at = len(plain) - len(plain[long.end():].lstrip())
        if plain[at:].strip() or not lines:
            lines += self.body[at:].wrap(console, width, overflow="fold")
        return lines


def bullet(mark: str, body: Text, mark_style: str = "", mark_width: int = 0) -> Hanging:
    return Hanging(mark, body, mark_style, mark_width)


def indent(renderable: RenderableType, by: int) -> RenderableType:
    if isinstance(renderable, Text):
        return Hanging("", renderable, indent=by - 2)
    # expand=False: no trailing spaces in piped output.
    return Padding(renderable, (0, 0, 0, by), expand=False)


def cite(keys: Iterable[str], number: dict[str, int]) -> Text:
    return refs_text([number[k] for k in keys if k in number])


def refs_text(numbers: Sequence[int]) -> Text:
    """Reference numbers after a line, as " [1, 3]"."""
    if not numbers:
        return Text("")
    return Text(" [" + ", ".join(str(n) for n in numbers) + "]", style="dim")


def reference_lines(refs: list[Reference], local: Collection[str] = ()) -> list[RenderableType]:
    """Numbered references; one from a user's own sources.yaml (`local`) says so."""
    width = len(f"[{refs[-1].number}]") if refs else 0
    return [bullet(f"[{r.number}]", t(short_citation(r.source)) + local_mark(r.key in local),
                   mark_width=width) for r in refs]


def local_mark(local: bool) -> Text:
    """The mark on anything from a user's own folder rather than from this guide."""
    return Text(" (local)", style="magenta") if local else Text("")


# ---------------------------------------------------------------------------- compare


# Below this many characters a column folds words in the middle ("massag / e"), so a
# compare too wide for the terminal stacks each entry's rows under its name instead.
COMPARE_COLUMN_MIN = 16
COMPARE_LABEL_WIDTH = 14  # "main cautions" and the table's borders


def compare(view: CompareView, target: Target) -> None:
    """Entries side by side, or one after another when the terminal is too narrow for them
    all. For a reader with conditions a first row says whether each is for them; an entry
    that is not for them reads "Not for you" with the reason, and nothing else."""
    from rich.table import Table  # only tables need it; a page does not

    console = make_console(target, wide=True)
    columns = view.columns
    rows: list[tuple[Text, list[RenderableType]]] = [
        (Text("kind", style="bold"), [Text(KIND_LABEL[c.item.kind]) for c in columns])]
    if view.checked:
        rows.append((Text("for you?", style="bold red"),
                     [_for_you_cell(c.for_you) if c.for_you is not None else Text("")
                      for c in columns]))

    def row(label: Text, cells: list[RenderableType]) -> None:
        rows.append((label, [Text("—", style="dim") if c.for_you and c.for_you.out else cell
                             for c, cell in zip(columns, cells, strict=True)]))

    row(Text("what it is", style="bold"), [t(c.item.summary) for c in columns])
    for key in view.attributes:
        row(Text(key.replace("-", " "), style="bold"),
            [t(c.attributes.get(key, "—")) for c in columns])
    row(Text("best evidence", style="bold"),
        [evidence_text(c.item.best_evidence, stacked=True) for c in columns])
    row(Text("main cautions", style="bold red"),
        [t("\n".join(f"• {text}" for text in c.main_cautions)) for c in columns])

    side_by_side = (COMPARE_LABEL_WIDTH + len(columns) * (COMPARE_COLUMN_MIN + 3)
                    <= console.width)
    if side_by_side:
        table = Table(show_lines=True, header_style="bold", expand=False)
        table.add_column("")
        for c in columns:
            table.add_column(t(c.item.name), overflow="fold")
        for label, cells in rows:
            table.add_row(label, *cells)
        console.print(table)
    else:
        for index, c in enumerate(columns):
            block = Table(box=None, show_header=False, pad_edge=False, expand=False)
            block.add_column(no_wrap=True)
            block.add_column()
            for label, cells in rows:
                block.add_row(label, cells[index])
            console.print(t(c.item.name, style="bold underline"))
            console.print(block)
            console.print()
    console.print(Text("Open a page for every caution and its sources: sciatica techniques ID "
                       "or sciatica selfcare ID.", style="dim"))
    console.print(reminder_line())


def _for_you_cell(verdict: Verdict) -> Text:
    if verdict.status == "out":
        return Text("Not for you: ", style="bold red") + t(
            " ".join(r.text for r in verdict.reasons))
    if verdict.status == "adapted":
        return Text("Yes, with a change: ", style="bold") + t(
            " ".join(r.text for r in verdict.reasons))
    return Text("Yes")


# ---------------------------------------------------------------------------- red flags

# A tier's title as a badge (redflags, plan) ...
TIER_BADGE = {"emergency": "bold white on red", "urgent": "bold black on yellow",
              "routine": "bold black on cyan"}
# ... and as coloured words in running text (a search hit, a plan step's heading).
TIER_STYLE = {"emergency": "bold red", "urgent": "bold yellow", "routine": "bold"}


def tier_block(tier: RedFlagTier, signs: Iterable[RedFlag] | None = None, *,
               local_tier: bool = False, local_signs: Collection[str] = (),
               number: dict[str, int] | None = None, note: str = "",
               lead: str = "") -> list[RenderableType]:
    """A red-flag tier as the terminal draws it everywhere: its title as a badge, what to
    do, then its signs (or only `signs`, those a person reported), each marked if it is
    the reader's own and cited when `number` numbers the sources."""
    badge = Text(f" {clean(tier.title)} ", style=TIER_BADGE.get(tier.id, "bold"))
    badge.append_text(local_mark(local_tier))
    if note:
        badge.append(f"  {note}", style="dim")
    parts: list[RenderableType] = [badge, t(tier.action, "bold")]
    if lead:
        parts.append(Text(lead, style="bold"))
    for sign in tier.signs if signs is None else signs:
        parts.append(bullet("•", t(sign.text) + local_mark(sign.id in local_signs)
                            + cite(sign.sources, number or {})))
    return parts


def redflags(view: RedFlagsView, target: Target) -> None:
    console = make_console(target)
    flags, marks, refs = view.flags, view.marks, list(view.references)
    number = {r.key: r.number for r in refs}
    parts: list[RenderableType] = [Text("When to get help", style="bold")]
    if marks.replaced_by:
        parts.append(Text("These red flags are your own: ", style="bold magenta")
                     + t(f"{marks.replaced_by} replaces the guide's (replace_bundled: true).",
                         "magenta"))
    elif marks.files:
        parts.append(Text("Marked (local): from your own red flags, ", style="magenta")
                     + t(", ".join(marks.files), "magenta"))
    parts += [t(flags.summary) + local_mark(marks.summary), Text("")]
    for tier in flags.tiers:
        parts += tier_block(tier, local_tier=tier.id in marks.tiers, local_signs=marks.signs,
                            number=number)
        parts.append(Text(""))
    parts.append(heading("Sources"))
    parts.extend(reference_lines(refs, view.local_sources))
    parts += [Text(""), Rule(style="dim"),
              Text("When in doubt, get help: it is never wrong to ask.", style="italic"),
              reminder_line()]
    print_long(console, Group(*parts), use_pager=True)


# ---------------------------------------------------------------------------- search



def _hit_label(h: Hit) -> str:
    """What a hit is, and the command that shows the whole of it."""
    if h.kind == "redflag":
        return "red flag: `sciatica redflags`"
    if h.kind == "redflags":
        return "see `sciatica redflags`"
    if h.kind == "condition":
        return f"a condition the plan asks about: `sciatica plan --condition {h.id}`"
    return f"{KIND_LABEL[h.kind]}, in {h.field}"


def hits(view: SearchView, target: Target) -> None:
    from ..search import highlight_words

    console = make_console(target)
    words, local_signs = highlight_words(view.query), view.local_signs
    for h in view.hits:
        head = Text(clean(h.id), style="bold cyan")
        head.append(f"  {clean(h.name)}", style=TIER_STYLE.get(h.tier or "", "bold"))
        head.append_text(local_mark(h.kind == "redflag" and h.id in local_signs))
        head.append(f"  ({_hit_label(h)})", style="dim")
        snippet = t(h.passage)
        snippet.highlight_words(words, style="bold yellow", case_sensitive=False)
        console.print(head)
        console.print(Padding(snippet, (0, 0, 1, 2), expand=False))


# ---------------------------------------------------------------------------- paths


def paths(view: PathsView, target: Target) -> None:
    console = make_console(target, wide=True)
    console.print(heading("Folders read, in order (a later folder wins)"))
    for folder in view.folders:
        line = Text("  bundled " if folder.bundled else "  yours   ", style="dim") + t(folder.path)
        if not folder.exists:
            line.append("  (not a folder: skipped)", style="red")
        else:
            count = len(folder.entries)
            line.append(f"  {count} entr{'y' if count == 1 else 'ies'}", style="dim")
        console.print(line)
    console.print(Text(""))
    console.print(heading("Entries"))
    _origin_rows(console, [(o.name, o.local, o.path) for o in view.entries])
    if view.redflag_files:
        console.print(Text(""))
        console.print(heading("Your red flags (merged with the guide's by sign id)"))
        if view.redflags_replaced_by:
            console.print(t(f"  {view.redflags_replaced_by} replaces the guide's red flags whole "
                            "(replace_bundled: true).", "magenta"))
        rows = [(f"{o.name} tier", True, o.path) for o in view.redflag_tiers]
        rows += [(o.name, True, o.path) for o in view.redflag_signs]
        _origin_rows(console, rows)
    if view.sources:
        console.print(Text(""))
        console.print(heading("Your sources"))
        _origin_rows(console, [(o.name, True, o.path) for o in view.sources])


def _origin_rows(console: Console, rows: list[tuple[str, bool, str]]) -> None:
    """What came from where: a name, local or bundled, and the file; stacked when narrow."""
    if narrow(console):
        for name, local, path in rows:
            console.print(t(name, "cyan") + Text("  local" if local else "  bundled",
                                                 style="magenta" if local else "dim"))
            console.print(Hanging("", t(path)))
        return
    from rich.table import Table  # only tables need it; a page does not

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")  # a long path folds onto the next line, never cut
    for name, local, path in rows:
        grid.add_row(t(name, "cyan"), Text("local" if local else "bundled",
                                           style="magenta" if local else "dim"), t(path))
    console.print(indent(grid, 2))
