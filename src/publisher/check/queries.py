"""Author queries: what the source gets wrong, as questions for its author, apart from the
translation findings.

Collected from the checks' findings and the translators' notes:
- DUPLICATE: a block that repeats most of an earlier one (a copied paragraph) — blocking;
- REPAIR: a paragraph the reader joined (blocking when the join doubles a character, 共性|性);
- DEPARTURE: a translator's `Departure:` note, where the English departs from the Chinese on a
  name or a figure — blocking, since the two columns disagree;
- QUESTION: a translator's or editor's `Query:` note.

Each query has a stable id (kind, segment, and its place among that segment's queries of the
kind), and a status kept in a file beside the source
(stores/queries.py), so a rebuild remembers the answers. Under --strict, open blocking queries
fail the build.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from ..document import Document, Query, QueryKind, QueryStatus
from .findings import Report

DUPLICATE_SHARE = 0.5  # a repeat of at least this share of a block is a copied paragraph


def collect(doc: Document, report: Report) -> list[Query]:
    """Every author query of the document, in source order."""
    lines = doc.line_of()
    found = [*_from_findings(report, lines), *_from_notes(doc, lines)]
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


def _query(kind: QueryKind, segment_id: str, line: int, question: str, blocking: bool) -> Query:
    return Query("", kind, segment_id, line, question, blocking)  # collect() numbers it
