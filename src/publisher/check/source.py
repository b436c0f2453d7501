"""Source lint: repeated paragraphs, the reader's repairs, odd characters in the Chinese.

All warnings: the source is what the author wrote, an editor decides what to change.
- repeats: two blocks sharing identical sentences (MIN_REPEAT characters or more), reported once
  per pair of blocks, on the later one, with the share of its text that repeats.
- repairs: paragraphs the reader joined (and a character doubled at the join, 共性|性难题), and
  half-width punctuation it made full-width (one finding for the whole file).
- odd characters: full-width digits and letters, spaces between Chinese characters, half-width
  punctuation or brackets among Chinese, control and zero-width characters.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..document import Block, BlockKind, Document, Segment, SourceWarning, WarningKind
from ..text import HAN, normalise
from .findings import WARNING, Finding, Span

CHECK = "source"

MIN_REPEAT = 8  # shorter sentences ("高位发动。") may repeat on purpose

ODD = {
    "full-width digits or letters": re.compile(r"[０-９Ａ-Ｚａ-ｚ]+"),
    "space between Chinese characters": re.compile(rf"(?<=[{HAN}])[ \t\u3000\u00a0]+(?=[{HAN}])"),
    "half-width punctuation among Chinese": re.compile(
        rf"(?<=[{HAN}])[,;:?!\"]|[,;:?!\"](?=[{HAN}])"
    ),
    "half-width brackets around Chinese (use （ ）)": re.compile(rf"\([^()]*[{HAN}][^()]*\)"),
    "control or zero-width character": re.compile(
        "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]"
    ),
}


def run(ctx) -> tuple[list[Finding], dict]:
    return check(ctx.doc), {}


def check(doc: Document) -> list[Finding]:
    """Repeated blocks, then the reader's repairs, then odd characters."""
    return [*repeats(doc), *repairs(doc), *odd_characters(doc)]


def repeats(doc: Document) -> list[Finding]:
    """One warning per block that repeats sentences of earlier blocks, naming the first of them.

    Linear: an index from each normalised sentence to the block it first appears in, so a
    report with many copies gets one finding per copy, not one per pair of copies.
    """
    first_seen: dict[str, int] = {}
    findings = []
    for j, block in enumerate(doc.blocks):
        if block.kind == BlockKind.FRONT:
            continue  # the front matter's title opens the body too, by design
        keys = {normalise(s.zh) for s in block.segments if len(normalise(s.zh)) >= MIN_REPEAT}
        earlier = sorted({first_seen[k] for k in keys if k in first_seen})
        if earlier:
            shared = {k for k in keys if k in first_seen}
            others = [doc.blocks[i] for i in earlier[1:]]
            findings.append(_repeat(doc.blocks[earlier[0]], block, shared, others))
        for k in keys:
            first_seen.setdefault(k, j)
    return findings


def _repeat(first: Block, later: Block, shared: set[str], others: list[Block]) -> Finding:
    zh_spans, en_spans = [], []
    zh_pos = en_pos = 0
    repeated = [s for s in later.segments if normalise(s.zh) in shared]
    for seg in later.segments:
        en_len = len(seg.en or "")
        if seg in repeated:
            zh_spans.append((zh_pos, zh_pos + len(seg.zh)))
            en_spans.append((en_pos, en_pos + en_len))
        zh_pos += len(seg.zh)
        en_pos += en_len + 1
    share = sum(len(s.zh) for s in repeated) / max(len(later.text), 1)
    n, total = len(repeated), len(later.segments)
    but = _all_but(later, repeated)
    also = f" (and lines {', '.join(str(b.line) for b in others)})" if others else ""
    reason = (
        f"line {later.line} repeats the {first.kind} at line {first.line}{also}: "
        f"{n} of {total} sentences identical ({share:.0%} of the text){but}"
    )
    return Finding(
        CHECK,
        WARNING,
        reason,
        repeated[0].id,
        later.text,
        _english(later),
        tuple(zh_spans),
        tuple(en_spans),
        {"kind": "repeat", "lines": [first.line, later.line], "share": round(share, 2)},
    )


def _all_but(block: Block, repeated: list[Segment]) -> str:
    rest = [s for s in block.segments if s not in repeated]
    if len(rest) == 1 and len(repeated) > 1:
        return f", all but “{rest[0].zh.strip()}”"
    return ""


def _english(block: Block) -> str | None:
    parts = [s.en or "" for s in block.segments]
    return " ".join(parts) if any(parts) else None


def repairs(doc: Document) -> list[Finding]:
    """The reader's repairs: each join, and all punctuation fixes as one finding."""
    findings = [_join(doc, w) for w in doc.warnings if w.kind is WarningKind.JOIN]
    punctuation = [w for w in doc.warnings if w.kind is WarningKind.PUNCTUATION]
    if punctuation:
        findings.append(_punctuation(doc, punctuation))
    others = [w for w in doc.warnings if w.kind is WarningKind.NOTE]
    findings += [_note(doc, w) for w in others]
    return findings


def _join(doc: Document, warning: SourceWarning) -> Finding:
    block = _block_at(doc, warning.line)
    text = block.text if block else ""
    reason = f"line {warning.line}: paragraph broken mid-sentence, joined by the reader"
    spans: list[Span] = []
    doubled = ""
    at = text.find(warning.before + warning.after)
    if at >= 0:
        join = at + len(warning.before)
        spans.append((join - 1, join + 1))
        if text[join - 1] == text[join]:
            doubled = text[join]
            reason += f"; the join doubles “{doubled}” ({text[join - 2 : join + 2]}): check"
    return Finding(
        CHECK,
        WARNING,
        reason,
        _segment_id(block, spans),
        text,
        _english(block) if block else None,
        tuple(spans),
        (),
        {"kind": "join", "lines": [warning.line, warning.other_line], "doubled": doubled},
    )


def _punctuation(doc: Document, warnings: list[SourceWarning]) -> Finding:
    """Every punctuation repair in one finding: the fix belongs in the source file."""
    marks = sum(w.count for w in warnings)
    lines = ", ".join(str(w.line) for w in warnings[:12]) + (", …" if len(warnings) > 12 else "")
    reason = (
        f"{_n(marks, 'half-width punctuation mark')} made full-width in "
        f"{_n(len(warnings), 'paragraph')} (lines {lines}): fix the source"
    )
    block = _block_at(doc, warnings[0].line)
    return Finding(
        CHECK,
        WARNING,
        reason,
        _segment_id(block, []),
        "",
        None,
        detail={"lines": [w.line for w in warnings]},
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _note(doc: Document, warning: SourceWarning) -> Finding:
    """Any other note from the reader, as it came."""
    block = _block_at(doc, warning.line)
    return Finding(
        CHECK, WARNING, str(warning), _segment_id(block, []), block.text if block else "", None
    )


def odd_characters(doc: Document) -> list[Finding]:
    """One warning per segment holding odd characters, naming each kind."""
    findings = []
    for block in doc.blocks:
        for seg in block.segments:
            found: dict[str, list[Span]] = defaultdict(list)
            for name, pattern in ODD.items():
                if block.kind == BlockKind.BYLINE and name.startswith("space"):
                    continue  # "文/图 高晓燕 谭小洋": spaces between names
                found[name] += [m.span() for m in pattern.finditer(seg.zh)]
            kinds = {k: v for k, v in found.items() if v}
            if kinds:
                reason = "; ".join(f"{k} ({len(v)})" for k, v in kinds.items())
                spans = tuple(s for v in kinds.values() for s in v)
                findings.append(Finding(CHECK, WARNING, reason, seg.id, seg.zh, seg.en, spans))
    return findings


def _block_at(doc: Document, line: int) -> Block | None:
    """The block that starts at line, or else the last one starting before it."""
    before = [b for b in doc.blocks if b.line <= line]
    return before[-1] if before else (doc.blocks[0] if doc.blocks else None)


def _segment_id(block: Block | None, spans: list[Span]) -> str:
    """The id of the segment holding the first span (or the block's first segment)."""
    if block is None or not block.segments:
        return ""
    at = spans[0][0] if spans else 0
    pos = 0
    for seg in block.segments:
        pos += len(seg.zh)
        if at < pos:
            return seg.id
    return block.segments[-1].id
