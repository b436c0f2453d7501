"""Which glossary terms a document uses, and whether its English renders them as the glossary says."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Document
from .glossary import Glossary, Term, forbidden_in, renders
from .usage import Use, uses


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a term in a segment, judged against the segment's English."""

    term: Term
    segment: str
    line: int
    zh: str
    en: str | None
    rendered: bool  # the English uses the term's English
    forbidden: tuple[str, ...] = ()  # forbidden variants the English uses
    cut: str = ""  # the words the match cuts into: probably not this term

    @property
    def translated(self) -> bool:
        return bool(self.en)

    @property
    def compliant(self) -> bool:
        return self.translated and self.rendered and not self.forbidden

    def reason(self) -> str:
        """Why the occurrence is not compliant (empty when it is)."""
        if not self.translated or self.compliant:
            return ""
        parts = [] if self.rendered else [f"English lacks {self.term.en!r}"]
        parts += [f"uses forbidden {v!r}" for v in self.forbidden]
        if self.cut:
            parts.append(f"but the match cuts across the words {self.cut}: probably not this term")
        return "; ".join(parts)


@dataclass(frozen=True)
class TermUse:
    term: Term
    count: int
    translated: int
    compliant: int


@dataclass(frozen=True)
class Coverage:
    """Every term occurrence of a document; compliance counts occurrences that have English."""

    occurrences: tuple[Occurrence, ...]
    glossary_size: int
    segments: int

    @property
    def translated(self) -> int:
        return sum(1 for o in self.occurrences if o.translated)

    @property
    def compliant(self) -> int:
        return sum(1 for o in self.occurrences if o.compliant)

    @property
    def percent(self) -> float | None:
        """Compliant occurrences among those with English; None when none has English."""
        return 100.0 * self.compliant / self.translated if self.translated else None

    def uses(self) -> list[TermUse]:
        """One row per term used, most frequent first."""
        by_id: dict[str, list[Occurrence]] = {}
        for occ in self.occurrences:
            by_id.setdefault(occ.term.id, []).append(occ)
        rows = [
            TermUse(
                occs[0].term,
                len(occs),
                sum(1 for o in occs if o.translated),
                sum(1 for o in occs if o.compliant),
            )
            for occs in by_id.values()
        ]
        return sorted(rows, key=lambda r: (-r.count, r.term.en.casefold(), r.term.zh_hans))

    def problems(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.translated and not o.compliant]


def coverage(doc: Document, glossary: Glossary) -> Coverage:
    """Find every term occurrence in the document and judge it against its segment's English."""
    occurrences = []
    segments = 0
    for block in doc.blocks:
        for seg in block.all_segments():
            segments += 1
            found = uses(glossary, seg.zh)
            for use in found:
                occurrences.append(_judge(use, found, seg.id, block.line, seg.zh, seg.en))
    return Coverage(tuple(occurrences), len(glossary), segments)


def _judge(
    use: Use, found: Sequence[Use], segment: str, line: int, zh: str, en: str | None
) -> Occurrence:
    term = use.term
    if not en:
        return Occurrence(term, segment, line, zh, en, rendered=False, cut=use.cut)
    others = [u.term.rendering for u in found if u.term.zh_hans != term.zh_hans]
    forbidden = tuple(forbidden_in(term, en, others))
    return Occurrence(term, segment, line, zh, en, renders(term, en), forbidden, use.cut)
