"""The document model that flows through the pipeline: blocks of segments, and what each stage adds.

Every closed set of values is an enum; every fact a stage adds is a typed field, None until that
stage has run, so a writer can tell "not computed" from "empty" and refuse the former.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block is; the reader decides, the writers style it."""

    TITLE = "title"
    SECTION_TITLE = "section_title"
    SUBTITLE = "subtitle"
    BYLINE = "byline"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    NOTE = "note"
    TABLE = "table"
    FIGURE = "figure"  # an image; its text is its caption (the ▲ line after it)
    TABLE_CAPTION = "table_caption"  # 表1 … before a table
    TABLE_NOTE = "table_note"  # 注：… after a table
    TABLE_SOURCE = "table_source"  # 资料来源：… after a table
    FRONT = "front"  # a front-matter field (title, author, …): the cover and colophon, not the body


HEADINGS = (BlockKind.TITLE, BlockKind.SECTION_TITLE, BlockKind.HEADING)


class Provenance(StrEnum):
    """Where a segment's English came from."""

    APPROVED = "approved"
    MEMORY = "memory"
    MACHINE = "machine"
    MACHINE_TERMS = "machine+terms"
    CARRIED = "carried"  # no Han characters (figures, units, dashes): the English is the source
    MISSING = "missing"


class Flag(StrEnum):
    """Something a reviewer must know about one segment."""

    TERMS_LOST = "terms-lost"  # a glossary placeholder was lost: translated unprotected


class WarningKind(StrEnum):
    """What the reader repaired or noticed."""

    JOIN = "join"  # a paragraph broken mid-sentence was joined to the next
    PUNCTUATION = "punctuation"  # half-width marks between Chinese made full-width
    NOTE = "note"  # anything else, said in `text`


class MarkKind(StrEnum):
    """Inline formatting inside a segment."""

    BOLD = "bold"
    ITALIC = "italic"
    LINK = "link"
    NOTE_REF = "note_ref"  # a footnote reference: empty span at its place, href = its number


class Stage(StrEnum):
    """The pipeline's stages, in order; timings are keyed by them."""

    READ = "read"
    SEGMENT = "segment"
    TRANSLATE = "translate"
    CONVERT = "convert"
    CHECK = "check"
    RENDER = "render"


@dataclass(frozen=True)
class SourceWarning:
    """A repair or remark tied to a source line, with its data; the edge words the message."""

    line: int
    kind: WarningKind
    count: int = 0  # PUNCTUATION: marks fixed on the line
    before: str = ""  # JOIN: the end of the broken paragraph
    after: str = ""  # JOIN: the start of the paragraph joined to it
    other_line: int = 0  # JOIN: where that paragraph started
    text: str = ""  # NOTE: what to say

    def message(self) -> str:
        if self.kind is WarningKind.JOIN:
            return (
                f"paragraph ends mid-sentence (…{self.before}); "
                f"joined to the paragraph at line {self.other_line} ({self.after}…)"
            )
        if self.kind is WarningKind.PUNCTUATION:
            marks = "mark" if self.count == 1 else "marks"
            return f"{self.count} half-width punctuation {marks} made full-width"
        return self.text

    def __str__(self) -> str:
        return f"line {self.line}: {self.message()}"


@dataclass(frozen=True)
class Mark:
    """Bold, italic or a link over [start, end) of a segment's Chinese (or English) text."""

    kind: MarkKind
    start: int
    end: int
    href: str = ""


@dataclass(frozen=True)
class Note:
    """A note a translator or editor left on a segment's unit: who (XLIFF `from`) and what."""

    origin: str
    text: str


@dataclass(frozen=True)
class Segment:
    """One sentence: its stable id, its Chinese, and what later stages add."""

    id: str
    zh: str
    en: str | None = None
    provenance: Provenance = Provenance.MISSING
    zh_hant: str | None = None
    flags: tuple[Flag, ...] = ()
    marks: tuple[Mark, ...] = ()  # over zh
    en_marks: tuple[Mark, ...] = ()  # over en (from the XLIFF's inline codes)
    notes: tuple[Note, ...] = ()  # from the translation file's unit of this id


@dataclass(frozen=True)
class Cell:
    """A table cell: its text as segments; header cells and spans as the source has them."""

    text: str
    segments: tuple[Segment, ...] = ()
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    align: str = ""  # "right", "center", "left" as the source gives it, or ""


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Figure:
    """An image (a path inside the source's folder) and its text alternative."""

    src: str  # absolute path, checked by the reader to lie inside the source's folder
    alt: str = ""
    width: int = 0  # pixels
    height: int = 0


@dataclass(frozen=True)
class Block:
    """A title, heading, paragraph, caption, list item, table or figure: one row of the PDF."""

    kind: BlockKind
    text: str
    line: int
    segments: tuple[Segment, ...] = ()
    table: Table | None = None
    figure: Figure | None = None
    depth: int = 0  # nesting of list items and quotes
    marks: tuple[Mark, ...] = ()  # over text; the segmenter hands them to the segments
    marker: str = ""  # a list item's "1." or "•", a note's number
    role: str = ""  # FRONT: the field (title, subtitle, author, …)

    def all_segments(self) -> Iterator[Segment]:
        yield from self.segments
        if self.table is not None:
            for row in self.table.rows:
                for cell in row:
                    yield from cell.segments

    def map_segments(self, fn: Callable[[Segment], Segment]) -> Block:
        table = self.table
        if table is not None:
            rows = tuple(
                tuple(replace(c, segments=tuple(fn(s) for s in c.segments)) for c in row)
                for row in table.rows
            )
            table = Table(rows)
        return replace(self, segments=tuple(fn(s) for s in self.segments), table=table)


class QueryKind(StrEnum):
    """What an author query is about (check/queries.py raises them)."""

    DUPLICATE = "duplicate"
    REPAIR = "repair"
    DEPARTURE = "departure"
    QUESTION = "question"
    NAME = "name"  # a name the English transliterates and the glossary does not know
    FIGURE = "figure"  # the same measure given two values in one report


class QueryStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    ACCEPTED = "accepted"  # accepted as is


@dataclass(frozen=True)
class Query:
    """A question for the author about the source, with its status and answer."""

    id: str
    kind: QueryKind
    segment_id: str
    line: int
    question: str
    blocking: bool
    status: QueryStatus = QueryStatus.OPEN
    answer: str = ""

    @property
    def blocks(self) -> bool:
        """Whether it stops a --strict build: blocking and still open."""
        return self.blocking and self.status is QueryStatus.OPEN


@dataclass(frozen=True)
class SourceInfo:
    """The file a document was read from, its content hash, and when the build ran (ISO date);
    the translation file's hash once the translate stage has read it."""

    name: str
    built: str = ""
    sha256: str = ""
    translation_sha256: str = ""  # "" when there is no translation file

    def inputs(self, glossary_version: str) -> dict[str, str]:
        """The fingerprint of what a build was made from: QA report, colophon and metadata."""
        return {
            "source": self.sha256,
            "translation": self.translation_sha256 or "none",
            "glossary": glossary_version,
        }


@dataclass(frozen=True)
class GlossaryInfo:
    terms: int
    version: str


@dataclass(frozen=True)
class MachineStats:
    """What the machine stage did, for the summary, the QA report and the colophon."""

    engine: str
    translated: int = 0
    cached: int = 0
    protected_terms: int = 0
    protection_failures: int = 0


@dataclass(frozen=True)
class Conversion:
    """How the Traditional text was made: the --variant, its OpenCC config and language tag."""

    variant: str
    opencc: str
    lang: str


@dataclass(frozen=True)
class TermUse:
    """A glossary term the report uses, in both scripts (the appendix)."""

    zh_hans: str
    zh_hant: str
    en: str


@dataclass(frozen=True)
class Orphan:
    """A translated unit of the translation file that no segment of the source has any more."""

    id: str
    source: str
    target: str


@dataclass(frozen=True)
class Previous:
    """An earlier translation a changed sentence can start from (needs review), with its score."""

    segment_id: str
    source: str
    target: str
    score: int


@dataclass(frozen=True)
class Document:
    """The whole report; each stage returns a new one with more filled in."""

    name: str
    blocks: tuple[Block, ...]
    warnings: tuple[SourceWarning, ...] = ()
    source: SourceInfo | None = None
    glossary: GlossaryInfo | None = None
    machine: MachineStats | None = None  # None: no machine translation ran
    conversion: Conversion | None = None  # None: not converted to Traditional yet
    terms_used: tuple[TermUse, ...] | None = None
    orphans: tuple[Orphan, ...] = ()  # translated units no segment has any more
    previous: tuple[Previous, ...] = ()  # earlier translations of changed sentences
    issued: str = ""  # front matter `date` (ISO), carried over untranslated
    timings: dict[Stage, float] = field(default_factory=dict, compare=False)

    def segments(self) -> Iterator[Segment]:
        for block in self.blocks:
            yield from block.all_segments()

    def map_segments(self, fn: Callable[[Segment], Segment]) -> Document:
        """A copy with every segment replaced by fn(segment)."""
        return replace(self, blocks=tuple(b.map_segments(fn) for b in self.blocks))

    def provenance(self) -> Counter[Provenance]:
        """How many segments got their English from where (approved, machine, ...)."""
        return Counter(s.provenance for s in self.segments())

    def line_of(self) -> dict[str, int]:
        """Segment id -> the source line of its block."""
        return {s.id: b.line for b in self.blocks for s in b.all_segments()}

    def first(self, kind: BlockKind) -> Block | None:
        return next((b for b in self.blocks if b.kind == kind), None)

    def front(self) -> dict[str, Block]:
        """The front-matter fields by name (title, subtitle, author, publication_date, …)."""
        return {b.role: b for b in self.blocks if b.kind == BlockKind.FRONT}
