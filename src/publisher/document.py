"""The document model that flows through the pipeline: blocks of segments."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

# Block kinds, in the order a report usually presents them.
TITLE = "title"
SECTION_TITLE = "section_title"
SUBTITLE = "subtitle"
BYLINE = "byline"
HEADING = "heading"
PARAGRAPH = "paragraph"
CAPTION = "caption"

# Where an English segment came from.
APPROVED = "approved"
MACHINE = "machine"
MACHINE_TERMS = "machine+terms"
MISSING = "missing"


@dataclass(frozen=True)
class SourceWarning:
    """Something the reader repaired or a stage noticed, tied to a source line."""

    line: int
    message: str
    kind: str = "note"

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class Segment:
    """One sentence: its stable id, its Chinese, and what later stages add."""

    id: str
    zh: str
    en: str | None = None
    provenance: str = MISSING
    zh_hant: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """A title, heading, paragraph or caption: the unit a row of the PDF shows."""

    kind: str
    text: str
    line: int
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class Document:
    """The whole report; each stage returns a new one with more filled in."""

    name: str
    blocks: tuple[Block, ...]
    warnings: tuple[SourceWarning, ...] = ()
    meta: dict = field(default_factory=dict)

    def segments(self) -> Iterator[Segment]:
        for block in self.blocks:
            yield from block.segments

    def map_segments(self, fn: Callable[[Segment], Segment]) -> Document:
        """A copy with every segment replaced by fn(segment)."""
        blocks = tuple(replace(b, segments=tuple(fn(s) for s in b.segments)) for b in self.blocks)
        return replace(self, blocks=blocks)

    def provenance(self) -> Counter[str]:
        """How many segments got their English from where (approved, machine, ...)."""
        return Counter(s.provenance for s in self.segments())

    def first(self, kind: str) -> Block | None:
        return next((b for b in self.blocks if b.kind == kind), None)
