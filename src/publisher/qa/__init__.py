"""check: what translators and machines got wrong, and what still needs a human look.

    from publisher import qa
    report = qa.check(doc, glossary, variant="tw")
    print(report.summary())
    qa.report.write(report, doc, Path("out"), doc.name)   # out/<name>.qa.html and .qa.json

Imported only when checks run: it pulls in cn2an, jieba and opencc.
"""

from __future__ import annotations

from ..document import Document
from ..glossary import Glossary
from . import completeness, numbers, source, terms, traditional
from .findings import CHECKS, ERROR, WARNING, Finding, Report

__all__ = ["CHECKS", "ERROR", "WARNING", "Finding", "Report", "check"]


def check(doc: Document, glossary: Glossary, variant: str = "tw") -> Report:
    """Run every family of checks on a prepared document; no file is written."""
    complete, length = completeness.check(doc)
    review, trad = traditional.check(doc, glossary, variant)
    findings = [
        *numbers.check(doc, glossary),
        *terms.check(doc, glossary),
        *complete,
        *source.check(doc),
        *review,
    ]
    extra = {
        "document": doc.name,
        "source_name": doc.meta.get("source_name", doc.name),
        "built": doc.meta.get("built", ""),
        "segments": sum(1 for _ in doc.segments()),
        "glossary_version": glossary.version,
        **length,
        **trad,
        **_machine(doc),
    }
    return Report.of(findings, extra)


def _machine(doc: Document) -> dict:
    """What the machine-translation stage reported, if it ran."""
    stats = doc.meta.get("mt")
    if stats is None:
        return {}
    return {
        "machine": {
            "engine": str(doc.meta.get("engine", "")),
            "protected_terms": getattr(stats, "protected_terms", 0),
            "protection_failures": getattr(stats, "protection_failures", 0),
        }
    }
