"""translate: a chain of providers, each filling only the segments still missing English.

    doc = translate(doc, [Approved(memory), Machine(...)])

Approved translations come first, then (as they are added) a translation memory, then the
cache and a machine engine. A provider never replaces English another one gave.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from ..document import Document, Provenance, Segment
from ..progress import SILENT, Progress
from ..text import has_han


class Provider(Protocol):
    name: str

    def fill(self, doc: Document, progress: Progress = SILENT) -> Document: ...


def translate(
    doc: Document, providers: Iterable[Provider], progress: Progress = SILENT
) -> Document:
    """Each provider in turn, while some segment has no English.

    A segment with no Han characters (a figure, a unit such as %, a dash) is carried over: its
    English is its source.
    """
    doc = doc.map_segments(carry_over)
    for provider in providers:
        if not missing_texts(doc):
            break
        doc = provider.fill(doc, progress)
    return doc


def carry_over(seg: Segment) -> Segment:
    if seg.provenance == Provenance.MISSING and not has_han(seg.zh):
        return replace(seg, en=seg.zh, provenance=Provenance.CARRIED)
    return seg


def missing_texts(doc: Document) -> set[str]:
    """The distinct Chinese sentences that have no English yet: each is translated once."""
    return {s.zh for s in doc.segments() if s.provenance == Provenance.MISSING}
