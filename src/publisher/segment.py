"""segment: blocks -> sentences with ids that survive edits elsewhere in the report."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import replace

from .document import Block, Document, Mark, MarkKind, Segment, SourceWarning, Table, WarningKind
from .text import CLOSERS, SENTENCE_END, normalise

# A sentence runs to 。！？； or a run of … (plus any closing quotes/brackets), or to the end.
SENTENCE_RE = re.compile(
    rf"[^{SENTENCE_END}…]*(?:[{SENTENCE_END}]+|…+)[{re.escape(CLOSERS)}]*|.+$", re.S
)


def segment(doc: Document) -> Document:
    """Split every block into sentences and give each a stable id."""
    seen: Counter[str] = Counter()

    def sentences(text: str, marks: tuple[Mark, ...] = ()) -> tuple[Segment, ...]:
        segments = []
        start = 0
        for sentence in split_sentences(text):
            key = normalise(sentence)
            seen[key] += 1
            own = clip_marks(marks, start, start + len(sentence))
            segments.append(Segment(id=segment_id(key, seen[key]), zh=sentence, marks=own))
            start += len(sentence)
        return tuple(segments)

    warnings = [
        SourceWarning(
            b.line,
            WarningKind.NOTE,
            text=f"{n} sentence(s) over {MAX_SENTENCE} characters cut at a comma or the limit",
        )
        for b in doc.blocks
        if (n := too_long(b.text))
    ]
    blocks = tuple(_segmented(b, sentences) for b in doc.blocks)
    return replace(doc, blocks=blocks, warnings=(*doc.warnings, *warnings))


def _segmented(block: Block, sentences) -> Block:
    """The block with its text (and each table cell's text) cut into segments."""
    table = block.table
    if table is not None:
        table = Table(
            tuple(tuple(replace(c, segments=sentences(c.text)) for c in row) for row in table.rows)
        )
    return replace(block, segments=sentences(block.text, block.marks), table=table)


def clip_marks(marks: tuple[Mark, ...], start: int, end: int) -> tuple[Mark, ...]:
    """The marks over [start, end), cut to it and counted from its start.

    A mark across a sentence end is split in two; a note reference at a sentence boundary goes
    with the sentence it follows.
    """
    out = []
    for m in marks:
        if m.kind == MarkKind.NOTE_REF:
            if start < m.start <= end or (m.start == start == 0):
                out.append(replace(m, start=m.start - start, end=m.start - start))
            continue
        a, b = max(m.start, start), min(m.end, end)
        if b > a:
            out.append(replace(m, start=a - start, end=b - start))
    return tuple(out)


MAX_SENTENCE = 1000  # characters: longer is no sentence (a pasted table, a lost full stop)
SAFE_BREAKS = "，、：,;:"


def split_sentences(text: str) -> list[str]:
    """Sentences whose concatenation is exactly `text`; whitespace-only pieces join the previous.

    A sentence over MAX_SENTENCE characters is cut after its last comma (or other pause) before
    the limit, else at the limit, so no later stage meets an unbounded sentence.
    """
    return [part for piece in _sentences(text) for part in _bounded(piece)]


def _bounded(piece: str) -> list[str]:
    parts = []
    while len(piece) > MAX_SENTENCE:
        window = piece[:MAX_SENTENCE]
        cut = max(window.rfind(c) for c in SAFE_BREAKS) + 1 or MAX_SENTENCE
        parts.append(piece[:cut])
        piece = piece[cut:]
    return [*parts, piece] if piece else parts


def too_long(text: str) -> int:
    """How many sentences of text are over MAX_SENTENCE characters (and are cut)."""
    return sum(len(p) > MAX_SENTENCE for p in _sentences(text))


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    for match in SENTENCE_RE.finditer(text):
        piece = match.group()
        if not piece:
            continue
        if pieces and not piece.strip():
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def segment_id(normalised: str, occurrence: int) -> str:
    """Hash of the normalised text, plus the occurrence number for repeats."""
    digest = hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:10]
    return f"s{digest}" if occurrence == 1 else f"s{digest}-{occurrence}"
