"""check: what translators and machines got wrong, and what still needs a human look.

    report = check.run(doc, glossary, variant="tw")
    print(report.summary())

Every family of checks is a module of this package with the same signature,
`run(Context) -> (findings, totals)`, named in findings.CHECKS (which also orders the report).
Imported only when checks run.

What a family finds in one segment alone goes through `Context.each`: with a memo, the part
is kept between runs, keyed by the segment's content and all else it depends on (glossary,
decisions, variant, the program's files), so a rebuild after an edit checks only the changed
segments; what compares segments (repeats, consistency, the length ratio) runs over them all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from importlib import import_module
from pathlib import Path
from typing import Any

from ..document import Document, Segment
from ..memo import LIBRARIES, Memo, version
from ..terms.glossary import Glossary
from . import queries
from .findings import CHECKS, Finding, Report


@dataclass(frozen=True)
class Context:
    doc: Document
    glossary: Glossary
    variant: str = "tw"
    overrides: Glossary | None = None  # the glossary with the document's Traditional decisions
    memo: Memo | None = None  # per-segment parts kept between runs
    checked: set[str] = field(default_factory=set)  # segments some part was computed for

    def each(self, family: str, part: Callable[[Segment], Any]) -> list[Any]:
        """part(segment) for every segment, in order: JSON values, from the memo if there."""
        out = []
        for seg in self.doc.segments():
            if self.memo is None:
                out.append(self._computed(seg, part))
                continue
            key = hashlib.sha256(f"{family}\0{self._key}\0{seg!r}".encode()).hexdigest()
            out.append(self.memo.get(family, key, partial(self._computed, seg, part)))
        return out

    def findings(
        self, family: str, part: Callable[[Segment], list[Finding]]
    ) -> list[list[Finding]]:
        """each() for a part that is the segment's findings (kept as their JSON)."""
        kept = self.each(family, lambda seg: [f.to_json() for f in part(seg)])
        return [[Finding.from_json(f) for f in found] for found in kept]

    def _computed(self, seg: Segment, part: Callable[[Segment], Any]) -> Any:
        self.checked.add(seg.id)
        return part(seg)

    @cached_property
    def _key(self) -> str:
        overrides = self.overrides.version if self.overrides else ""
        return f"{self.glossary.version}\0{overrides}\0{self.variant}"


_memos: dict[Path, Memo] = {}


def memo_at(path: Path) -> Memo:
    """The memo of the checks' per-segment parts in path (one per file in a process), valid
    for this program's and LIBRARIES' files as they are."""
    if path not in _memos:
        _memos[path] = Memo(lambda: path, lambda: f"checks {version(*LIBRARIES)}")
    return _memos[path]


Family = Callable[[Context], tuple[list[Finding], dict]]


def families() -> dict[str, Family]:
    """The check families by name, in the report's order."""
    return {name: import_module(f".{name}", __name__).run for name in CHECKS}


def run(
    doc: Document,
    glossary: Glossary,
    variant: str = "tw",
    overrides: Glossary | None = None,
    memo: Memo | None = None,
) -> Report:
    """Run every family on a prepared document, and collect the author queries (open: their
    answers are the caller's to add); no file is written."""
    context = Context(doc, glossary, variant, overrides, memo)
    findings: list[Finding] = []
    extra: dict = {}
    for family in families().values():
        found, totals = family(context)
        findings += found
        extra.update(totals)
    extra = {**_about(doc, glossary), **extra}
    report = Report.of(findings, extra)
    asked = tuple(queries.of(context, report))
    return replace(report, queries=asked, checked=len(context.checked))


def _about(doc: Document, glossary: Glossary) -> dict:
    """What the report describes: the document, its source, and the machine stage if it ran."""
    if doc.source is None:
        raise ValueError("the document lacks its source information: it was not read")
    about = {
        "document": doc.name,
        "source_name": doc.source.name,
        "built": doc.source.built,
        "segments": sum(1 for _ in doc.segments()),
        "glossary_version": glossary.version,
        "inputs": doc.source.inputs(glossary.version),
    }
    if doc.machine is not None:
        about["machine"] = {
            "engine": doc.machine.engine,
            "protected_terms": doc.machine.protected_terms,
            "protection_failures": doc.machine.protection_failures,
        }
    return about
