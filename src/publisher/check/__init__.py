"""check: what translators and machines got wrong, and what still needs a human look.

    report = check.run(doc, glossary, variant="tw")
    print(report.summary())

Every family of checks is a module of this package with the same signature,
`run(Context) -> (findings, totals)`, named in findings.CHECKS (which also orders the report).
Imported only when checks run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from ..document import Document
from ..terms.glossary import Glossary
from .findings import CHECKS, Finding, Report


@dataclass(frozen=True)
class Context:
    doc: Document
    glossary: Glossary
    variant: str = "tw"
    overrides: Glossary | None = None  # the glossary with the document's Traditional decisions


Family = Callable[[Context], tuple[list[Finding], dict]]


def families() -> dict[str, Family]:
    """The check families by name, in the report's order."""
    return {name: import_module(f".{name}", __name__).run for name in CHECKS}


def run(
    doc: Document, glossary: Glossary, variant: str = "tw", overrides: Glossary | None = None
) -> Report:
    """Run every family on a prepared document; no file is written."""
    context = Context(doc, glossary, variant, overrides)
    findings: list[Finding] = []
    extra: dict = {}
    for family in families().values():
        found, totals = family(context)
        findings += found
        extra.update(totals)
    extra = {**_about(doc, glossary), **extra}
    return Report.of(findings, extra)


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
