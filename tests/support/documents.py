"""Documents built by hand, given what the stages before the checks and writers fill in.

The checks and writers refuse a document a stage has skipped (no source information, no
glossary information, no terms used, no Traditional text for a Traditional edition), so a test
that makes its own Document passes it through `prepared` first.
"""

from __future__ import annotations

from dataclasses import replace

from publisher.convert import convert
from publisher.document import Document, GlossaryInfo, SourceInfo, TermUse
from publisher.terms.glossary import Glossary
from publisher.terms.usage import to_traditional, used_terms

NO_TERMS = Glossary([], "none")


def prepared(doc: Document, glossary: Glossary = NO_TERMS, variant: str = "tw") -> Document:
    """doc as prepare() leaves it: source and glossary information, Traditional, terms used."""
    doc = convert(doc, glossary, variant)
    used = tuple(
        TermUse(t.zh_hans, to_traditional(t.zh_hans, glossary, variant), t.en)
        for t in used_terms(glossary, (s.zh for s in doc.segments()))
    )
    return replace(
        doc,
        source=doc.source or SourceInfo(f"{doc.name}.zh.md", "2026-01-01"),
        glossary=GlossaryInfo(len(glossary), glossary.version),
        terms_used=used,
    )
