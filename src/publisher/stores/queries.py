"""The answers to a report's author queries, in a TSV file beside the source.

`<stem>.queries.tsv`: id, status (open, answered, accepted), answer, and the kind, segment and
question for a reader of the file. A rebuild reads the statuses back; `publisher queries`
writes them, keeping every row it does not change.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..document import Query, QueryStatus
from ..errors import SourceError
from ..files import write_atomic

COLUMNS = ("id", "status", "answer", "kind", "segment", "line", "question")


def path_for(source: Path, stem: str) -> Path:
    return source.with_name(f"{stem}.queries.tsv")


def load(path: Path) -> dict[str, tuple[QueryStatus, str]]:
    """id -> (status, answer); a missing file is no answers yet."""
    if not path.exists():
        return {}
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8")), delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(f"{path}: cannot read the query answers ({exc})") from None
    answers = {}
    for n, row in enumerate(rows, start=2):
        try:
            answers[row["id"]] = (QueryStatus(row["status"]), row.get("answer") or "")
        except (KeyError, ValueError):
            statuses = ", ".join(s.value for s in QueryStatus)
            raise SourceError(f"{path}:{n}: need an id and a status ({statuses})") from None
    return answers


def save(path: Path, queries: list[Query], previous: dict[str, tuple[QueryStatus, str]]) -> None:
    """Every current query with its status, and the answers of queries no longer raised."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    current = {q.id for q in queries}
    for q in queries:
        writer.writerow([q.id, q.status, q.answer, q.kind, q.segment_id, q.line, q.question])
    for qid, (status, answer) in previous.items():
        if qid not in current:
            writer.writerow([qid, status, answer, "", "", "", "(no longer raised)"])
    write_atomic(path, out.getvalue())
