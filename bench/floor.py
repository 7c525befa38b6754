"""The floor the benchmark measures against: a Typer app that prints one line with Rich.

Any Typer + Rich command pays this much before doing anything of its own.
"""

import typer
from rich.console import Console

app = typer.Typer()


@app.command()
def main() -> None:
    Console().print("sciatica")


if __name__ == "__main__":
    app()
