"""Author queries: what the source gets wrong, as questions for its author, apart from the
translation findings.

Collected from the checks' findings and the translators' notes:
- DUPLICATE: a block that repeats most of an earlier one (a copied paragraph) — blocking;
- REPAIR: a paragraph the reader joined (blocking when the join doubles a character, 共性|性);
- DEPARTURE: a translator's `Departure:` note, where the English departs from the Chinese on a
  name or a figure — blocking, since the two columns disagree;
- QUESTION: a translator's or editor's `Query:` note;
- FIGURE: one measure, named by the same run of Han characters before its figure (at least
  LABEL of them: 规模工业增加值增长), given different values in two places;
- NAME: a name the English transliterates (a pinyin word, read from the Chinese beside it) that
  the glossary does not know: is there an English name? (湖南组网地 → "Hunan Zuwangdi").

Each query has a stable id (kind, segment, and its place among that segment's queries of the
kind), and a status kept in a file beside the source
(stores/queries.py), so a rebuild remembers the answers. Under --strict, open blocking queries
fail the build.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from ..document import Document, Query, QueryKind, QueryStatus, Segment
from ..lang import pinyin
from ..terms.glossary import Glossary
from ..text import HAN
from .findings import Report

DUPLICATE_SHARE = 0.5  # a repeat of at least this share of a block is a copied paragraph
NAME_WORD = re.compile(r"\b(?:([A-Z][a-z]+) )?([A-Z][a-z]{3,})\b")  # (surname) name
MIN_SYLLABLES = 2  # Gao, Tan, Li: too short to tell a transliteration from a word
LABEL = 6  # Han characters naming a figure; shorter labels (设计时速) name many things
LABEL_RE = re.compile(rf"[{HAN}]{{{LABEL},}}$")


def collect(doc: Document, report: Report, glossary: Glossary) -> list[Query]:
    """Every author query of the document, in source order."""
    from . import Context

    return of(Context(doc, glossary), report)


def of(ctx, report: Report) -> list[Query]:
    """collect() in the checks' context (check.run), its per-segment parts memoised."""
    doc, lines = ctx.doc, ctx.doc.line_of()
    found = [*_from_findings(report, lines), *_from_notes(doc, lines)]
    found += _transliterations(ctx, lines) + _figures(ctx, lines)
    seen: dict[tuple[QueryKind, str], int] = {}
    numbered = []
    for q in found:
        n = seen[(q.kind, q.segment_id)] = seen.get((q.kind, q.segment_id), 0) + 1
        key = f"{q.kind}|{q.segment_id}|{n}"
        numbered.append(replace(q, id="q" + hashlib.sha1(key.encode()).hexdigest()[:8]))
    return sorted(numbered, key=lambda q: (q.line, q.kind, q.id))


def with_statuses(
    queries: list[Query], statuses: dict[str, tuple[QueryStatus, str]]
) -> list[Query]:
    """The queries with the status and answer recorded for each (open when none is)."""
    return [
        replace(q, status=statuses[q.id][0], answer=statuses[q.id][1]) if q.id in statuses else q
        for q in queries
    ]


def _from_findings(report: Report, lines: dict[str, int]) -> list[Query]:
    queries = []
    for f in report.by_check("source"):
        kind = f.detail.get("kind")
        line = lines.get(f.segment_id, 0)
        if kind == "repeat" and f.detail.get("share", 0) >= DUPLICATE_SHARE:
            first, later = f.detail["lines"]
            question = (
                f"The text at line {later} repeats the paragraph at line {first}: "
                "is it copied by mistake? Please give the text meant here."
            )
            queries.append(_query(QueryKind.DUPLICATE, f.segment_id, line, question, True))
        elif kind == "join":
            doubled = f.detail.get("doubled", "")
            question = (
                f"Line {f.detail['lines'][0]} breaks off mid-sentence and was joined to line "
                f"{f.detail['lines'][1]}"
                + (f"; the join doubles “{doubled}”: which is meant?" if doubled else ": right?")
            )
            queries.append(_query(QueryKind.REPAIR, f.segment_id, line, question, bool(doubled)))
    return queries


def _from_notes(doc: Document, lines: dict[str, int]) -> list[Query]:
    queries = []
    for seg in doc.segments():
        for note in seg.notes:
            text = note.text.strip()
            if text.startswith("Departure:"):
                kind, blocking = QueryKind.DEPARTURE, True
            elif text.startswith("Query:"):
                kind, blocking = QueryKind.QUESTION, False
            else:
                continue
            question = text.partition(":")[2].strip()
            queries.append(_query(kind, seg.id, lines.get(seg.id, 0), question, blocking))
    return queries


def _figures(ctx, lines: dict[str, int]) -> list[Query]:
    """Figures with the same label and different values, in different segments."""
    seen: dict[tuple[str, bool], tuple[Segment, str]] = {}
    queries = []
    for seg, labelled in zip(ctx.doc.segments(), ctx.each("figures", _labelled), strict=True):
        for label, percent, text in labelled:
            key = (label, percent)  # the whole run: 人均国内生产总值 is not 国内生产总值
            first = seen.setdefault(key, (seg, text))
            if first[0].id != seg.id and first[1] != text:
                question = (
                    f"{label} is {first[1]} at line {lines.get(first[0].id, 0)} and {text} "
                    f"here: which is right, or do they measure different things?"
                )
                queries.append(
                    _query(QueryKind.FIGURE, seg.id, lines.get(seg.id, 0), question, False)
                )
    return queries


def _labelled(seg: Segment) -> list[list]:
    """The segment's figures named by a label: [label, percent, figure as written]."""
    from .numbers import chinese_quantities

    found = []
    for q in chinese_quantities(seg.zh)[0]:
        label = LABEL_RE.search(seg.zh[: q.start])
        after = seg.zh[label.start() - 1] if label and label.start() else ""
        if label and q.strict and after not in ("，", "、"):
            found.append([label.group(), q.percent, q.text])
        # after a comma the run lacks its subject (……增长7.1%，占……比重为15.1%)
    return found


def _transliterations(ctx, lines: dict[str, int]) -> list[Query]:
    known = {w.lower() for t in ctx.glossary.terms for w in re.findall(r"[A-Za-z]+", t.en)}
    queries = []
    names = ctx.each("names", lambda seg: _names(seg, known))
    for seg, found in zip(ctx.doc.segments(), names, strict=True):
        for word, chinese in found:
            question = (
                f"The English writes {chinese} as “{word}”, a transliteration the glossary does "
                "not know: what is its English name, if it has one?"
            )
            queries.append(_query(QueryKind.NAME, seg.id, lines.get(seg.id, 0), question, False))
    return queries


def _names(seg: Segment, known: set[str]) -> list[tuple[str, str]]:
    """(English word, the Chinese it reads) for each pinyin word of the English not in known."""
    found = []
    for before, word in dict.fromkeys(NAME_WORD.findall(seg.en or "")):
        syllables = pinyin.split(word)
        if word.lower() in known or len(syllables) < MIN_SYLLABLES:
            continue
        chinese = _read_as(seg.zh, syllables)
        if chinese and not _person(seg.zh, chinese, before):
            found.append((word, chinese))
    return found


def _person(zh: str, given: str, before: str) -> bool:
    """A person's name: a one-syllable surname before the given name in both languages (Gao
    Xiaoyan, 高晓燕). The style guide writes persons in pinyin, so there is nothing to ask."""
    at = zh.find(given)
    return bool(before) and at > 0 and before.lower() in pinyin.readings(zh[at - 1])


def _read_as(zh: str, syllables: tuple[str, ...]) -> str:
    """The stretch of zh that reads as the syllables ('' if none)."""
    n = len(syllables)
    return next(
        (
            zh[i : i + n]
            for i in range(len(zh) - n + 1)
            if pinyin.reads_as(zh[i : i + n], syllables)
        ),
        "",
    )


def _query(kind: QueryKind, segment_id: str, line: int, question: str, blocking: bool) -> Query:
    return Query("", kind, segment_id, line, question, blocking)  # collect() numbers it
