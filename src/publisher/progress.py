"""Progress bars (rich) for the slow stages; silent when output is not a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[int], None]


class Progress:
    """Hands out one bar per stage; with `enabled=False` every bar is a no-op."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    @contextmanager
    def task(self, description: str, total: int) -> Iterator[Advance]:
        if not self.enabled:
            yield _nothing
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        with Bar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),  # stdout carries the build summary
            transient=True,
        ) as bar:
            task = bar.add_task(description, total=total)

            def advance(n: int = 1) -> None:
                bar.advance(task, n)

            yield advance


def _nothing(n: int = 1) -> None:
    pass


SILENT = Progress(False)
