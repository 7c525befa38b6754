"""`sciatica plan`: a personal plan after the red-flag questions."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from .. import settings as settings_module
from ..errors import UsageError
from .common import ColorOption, JsonOption, settings


class Stage(str, Enum):
    ACUTE = "acute"
    CHRONIC = "chronic"


def plan(
    ctx: typer.Context,
    stage: Annotated[Stage | None, typer.Option(
        "--stage", case_sensitive=False, show_default=False,
        help="acute (under 6 weeks) or chronic (longer).")] = None,
    condition: Annotated[list[str] | None, typer.Option(
        "--condition", metavar="NAME", show_default=False,
        help="A condition that applies to you (see the list in the README); repeat for "
        "more.")] = None,
    no_red_flags: Annotated[bool, typer.Option(
        "--no-red-flags", help="You confirm that none of the signs in `sciatica redflags` "
        "apply to you.")] = False,
    as_json: JsonOption = False,
    color: ColorOption = None,
) -> None:
    """A plan for you: what to start today, what to ask a massage therapist about, and the
    cautions that apply to you.

    On a terminal it first asks the red-flag questions one at a time; a yes to an emergency
    sign shows the emergency advice and stops. Then it asks how long the pain has lasted
    and which conditions apply, unless --stage and --condition say so. In a script, confirm
    with --no-red-flags that no red flag applies, and give --stage.

    Examples:

      sciatica plan

      sciatica plan --no-red-flags --stage acute --condition pregnancy

      sciatica plan --no-red-flags --stage chronic --condition blood-thinners --json
    """
    from ..plan import Emergency, build_plan, interview, resolve_condition

    s = settings(ctx, color)
    catalog = s.catalog
    on_terminal = settings_module.stdin_is_terminal()
    if not on_terminal and not no_red_flags:
        raise UsageError("plan asks the red-flag questions on a terminal. In a script, first "
                         "check `sciatica redflags`, then confirm with --no-red-flags.")
    if not on_terminal and stage is None:
        raise UsageError("give --stage acute or --stage chronic when not on a terminal.")
    conditions = tuple(dict.fromkeys(resolve_condition(catalog, c) for c in condition or ()))
    from ..render import plan as render

    answers = interview(
        catalog, render.ask_yes_no, stage.value if stage else None,
        conditions if (condition or not on_terminal) else None, red_flags_checked=no_red_flags)
    if isinstance(answers, Emergency):
        render.emergency(answers, s.color, as_json)
        return
    result = build_plan(catalog, answers.stage, answers.conditions, answers.urgent)
    render.plan(result, catalog, s.color, as_json)
