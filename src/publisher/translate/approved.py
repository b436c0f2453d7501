"""The approved-translation provider: English from the XLIFF file, where its unit still matches."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..document import Document, MarkKind, Provenance, Segment
from ..progress import SILENT, Progress
from ..stores.xliff import Memory


@dataclass(frozen=True)
class Approved:
    """Fills every missing segment whose unit in the translation file is approved and current."""

    memory: Memory
    name: str = "approved"

    def fill(self, doc: Document, progress: Progress = SILENT) -> Document:
        def fill(seg: Segment) -> Segment:
            if seg.provenance != Provenance.MISSING:
                return seg
            en = self.memory.approved_for(seg)
            if not en:
                return seg
            unit = self.memory.units[seg.id]
            marks = _with_hrefs(self.memory.marks_for(seg), seg)
            return replace(
                seg, en=en, provenance=Provenance.APPROVED, en_marks=marks, notes=unit.notes
            )

        return doc.map_segments(fill)


def _with_hrefs(marks, seg: Segment):
    """The English links point where the Chinese ones do, in order (XLIFF <g> has no URL)."""
    hrefs = iter([m.href for m in seg.marks if m.kind == MarkKind.LINK])
    return tuple(
        replace(m, href=next(hrefs, "")) if m.kind == MarkKind.LINK and not m.href else m
        for m in marks
    )
