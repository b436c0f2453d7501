"""Figures, tables and inline marks: what a page needs besides the words.

- a photo caption (▲…) with no image above it: the photo is missing;
- an image whose resolution at its placed size (the full text width) is below 200 ppi is a
  warning, below 120 an error: it would print soft, then visibly pixelated;
- a table whose rows do not all span the same number of columns, or a label cell with no English;
- a bold, italic, link or note reference in the Chinese with no counterpart in the English.
"""

from __future__ import annotations

from collections import Counter

from ..document import Block, BlockKind, Document, MarkKind, Provenance, Segment
from ..text import has_han
from .findings import ERROR, WARNING, Finding

CHECK = "layout"

PLACED_WIDTH_MM = (
    174.0  # the text width of A4 (and, within 4 mm, Letter): figures are set across it
)
PPI_WARNING = 200
PPI_ERROR = 120


def run(ctx) -> tuple[list[Finding], dict]:
    return check(ctx.doc)


def check(doc: Document) -> tuple[list[Finding], dict]:
    findings: list[Finding] = []
    figures = captions = 0
    for block in doc.blocks:
        if block.kind == BlockKind.CAPTION:
            captions += 1
            findings.append(_orphan(block))
        elif block.kind == BlockKind.FIGURE:
            figures += 1
            finding = _resolution(block)
            if finding is not None:
                findings.append(finding)
        elif block.kind == BlockKind.TABLE:
            findings += _table(block)
    findings += [f for s in doc.segments() if (f := _marks(s)) is not None]
    return findings, {"figures": figures, "captions_without_image": captions}


def _first(block: Block) -> tuple[str, str, str | None]:
    seg = block.segments[0] if block.segments else None
    return (seg.id, seg.zh, seg.en) if seg else (f"line-{block.line}", block.text, None)


def _orphan(block: Block) -> Finding:
    sid, zh, en = _first(block)
    return Finding(
        CHECK,
        WARNING,
        f"line {block.line}: a photo caption with no image; add the image "
        "(![…](photo.jpg) on the line before the ▲ caption) or remove the caption",
        sid,
        zh,
        en,
    )


def ppi(width_px: int, placed_mm: float = PLACED_WIDTH_MM) -> float:
    return width_px / (placed_mm / 25.4)


def _resolution(block: Block) -> Finding | None:
    assert block.figure is not None
    value = ppi(block.figure.width)
    if value >= PPI_WARNING:
        return None
    severity = ERROR if value < PPI_ERROR else WARNING
    sid, zh, en = _first(block)
    return Finding(
        CHECK,
        severity,
        f"line {block.line}: image {block.figure.src} is {block.figure.width} px wide, "
        f"{value:.0f} ppi at {PLACED_WIDTH_MM:.0f} mm; print needs {PPI_WARNING} ppi "
        f"({PLACED_WIDTH_MM / 25.4 * PPI_WARNING:.0f} px)",
        sid,
        zh,
        en,
    )


def _table(block: Block) -> list[Finding]:
    assert block.table is not None
    rows = block.table.rows
    widths = {sum(c.colspan for c in row) for row in rows}
    spanned = any(c.rowspan > 1 for row in rows for c in row)  # later rows hold fewer cells
    findings = []
    if len(widths) > 1 and not spanned:
        findings.append(
            Finding(
                CHECK,
                ERROR,
                f"line {block.line}: table rows span {sorted(widths)} columns; every row "
                "must span the same number in both languages",
                f"line-{block.line}",
                "",
                None,
            )
        )
    for row in rows:
        for cell in row:
            if has_han(cell.text) and not all(s.en for s in cell.segments):
                sid = cell.segments[0].id if cell.segments else f"line-{block.line}"
                findings.append(
                    Finding(
                        CHECK,
                        ERROR,
                        f"line {block.line}: table cell {cell.text} has no English",
                        sid,
                        cell.text,
                        None,
                    )
                )
    return findings


MARK_NAMES = {
    MarkKind.BOLD: "bold",
    MarkKind.ITALIC: "italic",
    MarkKind.LINK: "link",
    MarkKind.NOTE_REF: "note reference",
}


def _marks(seg: Segment) -> Finding | None:
    """Marks of the Chinese that the English lacks (only where there is English)."""
    if not seg.marks or not seg.en or seg.provenance == Provenance.CARRIED:
        return None
    zh = Counter(m.kind for m in seg.marks)
    en = Counter(m.kind for m in seg.en_marks)
    lost = zh - en
    if not lost:
        return None
    what = ", ".join(f"{n} {MARK_NAMES[k]}" for k, n in sorted(lost.items()))
    spans = tuple((m.start, max(m.end, m.start + 1)) for m in seg.marks if m.kind in lost)
    return Finding(
        CHECK,
        WARNING,
        f"formatting lost in the English: {what} (the XLIFF target needs the <g>/<x/> codes "
        "of its source)",
        seg.id,
        seg.zh,
        seg.en,
        spans,
    )
