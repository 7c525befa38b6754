"""The program's entry point (`sciatica`, `python -m sciatica_cli`).

The garbage collector is paused while the program starts: importing Typer, Rich and
pydantic creates hundreds of thousands of objects, and collecting them over and over
(and once more at exit) costs more than a third of a short command's start-up. Each
command then freezes what start-up made and turns the collector back on (see
commands/common.py), so long-running commands behave normally.
"""

import gc


def run() -> None:
    gc.disable()
    from .cli import main

    main()


if __name__ == "__main__":
    run()
