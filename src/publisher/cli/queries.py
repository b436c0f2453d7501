"""`publisher queries SOURCE`: the author queries, as text or CSV to mail, and their answers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import PublisherError
from . import COMMANDS


def add_commands(sub) -> None:
    from .build import _inputs

    q = sub.add_parser("queries", help=COMMANDS["queries"][1])
    q.add_argument("source", type=Path)
    _inputs(q)
    q.add_argument("--csv", type=Path, metavar="FILE", help="also write them as CSV (to mail)")
    q.add_argument("--answer", nargs=2, metavar=("ID", "TEXT"), help="record the author's answer")
    q.add_argument(
        "--as-printed", metavar="ID", help="accept the text as it is printed (with --note: why)"
    )
    q.add_argument("--reopen", metavar="ID", help="open a query again")
    q.add_argument("--note", default="", help="the reason, with --as-printed")
    q.set_defaults(run=run_queries)


def run_queries(args) -> int:
    from ..check.queries import with_statuses
    from ..document import QueryStatus
    from ..files import locked, write_atomic
    from ..pipeline import check, glossary_for, prepare
    from ..stores import queries as answers
    from .build import config_from

    config = config_from(args)
    terms, _ = glossary_for(config)
    report, _ = check(prepare(config, terms=terms).doc, terms, config)
    path = answers.path_for(config.source, config.stem)
    with locked(path):  # the review desk records answers too
        previous = answers.load(path)
        statuses = dict(previous)
        for qid, status, text in _changes(args):
            if qid not in {q.id for q in report.queries}:
                raise PublisherError(
                    f"no query {qid} for {config.source}; `publisher queries` lists them"
                )
            statuses[qid] = (QueryStatus(status), text)
        queries = with_statuses(list(report.queries), statuses)
        answers.save(path, queries, previous)
    for q in queries:
        mark = "BLOCKING " if q.blocks else ""
        print(f"{q.id}  {mark}{q.status}  {q.kind}  line {q.line}  {q.segment_id}")
        print(f"    {q.question}")
        if q.answer:
            print(f"    answer: {q.answer}")
    blocking = sum(q.blocks for q in queries)
    print(
        f"{len(queries)} queries, {sum(q.status == 'open' for q in queries)} open, {blocking} blocking; answers in {path}"
    )
    if args.csv:
        write_atomic(args.csv, _csv(queries))
        print(f"wrote {args.csv}")
    return 0


def _changes(args):
    if args.answer:
        yield args.answer[0], "answered", args.answer[1]
    if args.as_printed:
        yield args.as_printed, "accepted", args.note
    if args.reopen:
        yield args.reopen, "open", ""


def _csv(queries) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "kind", "blocking", "status", "line", "segment", "question", "answer"])
    for q in queries:
        row = [q.id, q.kind, "yes" if q.blocking else "no", q.status, q.line, q.segment_id]
        writer.writerow([*row, q.question, q.answer])
    return out.getvalue()
