"""writers: the document and the findings -> files (editions as PDF, the QA report, previews).

An edition is typeset by the writer its layout names; a new layout (facing pages) is a new
writer module and a template, registered in WRITERS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..config import Edition, LayoutConfig
from ..document import Document


class Writer(Protocol):
    """Renders one edition of a document as HTML for the PDF engine."""

    @property
    def name(self) -> str: ...

    def html(self, doc: Document, edition: Edition, layout: LayoutConfig) -> str: ...


@dataclass(frozen=True)
class TemplateWriter:
    """A writer that is a template over the shared edition context."""

    name: str
    template: str

    def html(self, doc: Document, edition: Edition, layout: LayoutConfig) -> str:
        from . import html

        return html.render(self.template, html.context(doc, edition, layout))


def writer_for(edition: Edition, layout: LayoutConfig) -> Writer:
    """Monolingual editions have their own writer; bilingual ones follow the layout."""
    if len(edition.langs) == 1:
        return WRITERS["monolingual"]
    return WRITERS[layout.arrangement]


def _writers() -> dict[str, Writer]:
    from . import columns, monolingual, stacked

    return {w.name: w for w in (columns.WRITER, stacked.WRITER, monolingual.WRITER)}


WRITERS = _writers()
