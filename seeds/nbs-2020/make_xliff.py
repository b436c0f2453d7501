"""seeds/nbs-2020.en.tsv -> seeds/nbs-2020.en.xlf: the sample's approved English as XLIFF 1.2.

The source is read and segmented by the project's own reader and segmenter, so the units carry
the ids a build looks up. Each TSV row is one text unit (a paragraph, list item, cell, caption …)
with its English in Markdown (`**…**`, `*…*`, `[…](…)`, `[^1]`). A row whose unit the segmenter
cuts into several sentences is split at English sentence ends when the counts agree; otherwise
`sentence` rows (zh: the sentence as segmented, en: its English) give the English per sentence.

    python seeds/nbs-2020/make_xliff.py          # writes seeds/nbs-2020.en.xlf
    python seeds/nbs-2020/make_xliff.py --check  # exit 1 if the committed file is out of date
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt

from publisher.document import Mark, MarkKind, Provenance, Segment
from publisher.read import read
from publisher.segment import segment
from publisher.stores import xliff
from publisher.text import has_han, normalise

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "nbs-2020.zh.md"
TSV = HERE.parent / "nbs-2020.en.tsv"
TARGET = HERE.parent / "nbs-2020.en.xlf"

EN_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z“\"(])")
NOTE_REF = re.compile(r"\[\^(\w+)\]")
MARKS = {"strong_open": MarkKind.BOLD, "em_open": MarkKind.ITALIC, "link_open": MarkKind.LINK}
CLOSES = {"strong_close": MarkKind.BOLD, "em_close": MarkKind.ITALIC, "link_close": MarkKind.LINK}


def plain(markdown: str) -> tuple[str, tuple[Mark, ...]]:
    """Inline Markdown -> text and marks (the same shapes the reader gives the Chinese)."""
    md = MarkdownIt("commonmark")
    parts: list[str] = []
    marks: list[Mark] = []
    open_: list[tuple[MarkKind, int, str]] = []
    pieces = NOTE_REF.split(markdown)
    for n, piece in enumerate(pieces):
        if n % 2:
            pos = sum(map(len, parts))
            marks.append(Mark(MarkKind.NOTE_REF, pos, pos, piece))
            continue
        tokens = md.parseInline(piece)
        for child in tokens[0].children if tokens else ():
            pos = sum(map(len, parts))
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type == "softbreak":
                parts.append(" ")
            elif child.type in MARKS:
                open_.append((MARKS[child.type], pos, str(child.attrs.get("href", "") or "")))
            elif child.type in CLOSES:
                kind, start, href = open_.pop()
                marks.append(Mark(kind, start, pos, href))
    return "".join(parts), tuple(sorted(marks, key=lambda m: (m.start, m.end)))


def load_tsv() -> tuple[dict[str, str], dict[str, str]]:
    """(unit Chinese -> English, sentence Chinese -> English), keyed by normalised plain text."""
    units: dict[str, str] = {}
    sentences: dict[str, str] = {}
    with TSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            zh, en = plain(row["zh"])[0], row["en"]
            if not en.strip():
                continue
            (sentences if row["kind"] == "sentence" else units)[normalise(zh)] = en
    return units, sentences


def english_for(
    segments: tuple[Segment, ...], text: str, units: dict, sentences: dict
) -> list[str] | None:
    """The Markdown English of each segment of one unit, or None where it cannot be split."""
    if all(normalise(s.zh) in sentences for s in segments):
        return [sentences[normalise(s.zh)] for s in segments]
    english = units.get(normalise(text))
    if english is None:
        return None
    if len(segments) == 1:
        return [english]
    pieces = EN_SENTENCE_END.split(english)
    return pieces if len(pieces) == len(segments) else None


def translated(doc, units: dict, sentences: dict) -> tuple[object, list[str]]:
    problems: list[str] = []

    def fill(segments: tuple[Segment, ...], text: str, where: str) -> tuple[Segment, ...]:
        if not has_han(text):
            return segments
        english = english_for(segments, text, units, sentences)
        if english is None:
            problems.append(f"{where}: {text[:40]} ({len(segments)} sentences)")
            return segments
        out = []
        for seg, en in zip(segments, english, strict=True):
            en_text, en_marks = plain(en)
            out.append(replace(seg, en=en_text, en_marks=en_marks, provenance=Provenance.APPROVED))
        return tuple(out)

    blocks = []
    for block in doc.blocks:
        table = block.table
        if table is not None:
            rows = tuple(
                tuple(replace(c, segments=fill(c.segments, c.text, "cell")) for c in row)
                for row in table.rows
            )
            table = replace(table, rows=rows)
        segs = fill(block.segments, block.text, f"line {block.line}")
        blocks.append(replace(block, segments=segs, table=table))
    return replace(doc, blocks=tuple(blocks)), problems


def main(argv: list[str]) -> int:
    doc = segment(read(SOURCE))
    units, sentences = load_tsv()
    doc, problems = translated(doc, units, sentences)
    if problems:
        print("units that need per-sentence English (`sentence` rows in the TSV):")
        print("\n".join(f"  {p}" for p in problems))
        return 1
    if "--check" in argv:
        target = TARGET.with_suffix(".check.xlf")
        xliff.write_new(doc, target, source_name=SOURCE.name)
        same = target.read_bytes() == TARGET.read_bytes()
        target.unlink()
        return 0 if same else 1
    xliff.write_new(doc, TARGET, source_name=SOURCE.name)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
