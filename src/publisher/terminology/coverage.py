"""Which glossary terms a document uses, and whether its English renders them as the glossary says."""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Document
from ..glossary import Glossary, Match, Term, forbidden_in, renders
from ..words import cut_across


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
    start: int = 0  # where the term is in zh
    end: int = 0

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
        if cut := cut_across(self.zh, self.start, self.end):
            parts.append(f"but the match cuts across the words {cut}: probably not this term")
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
        for seg in block.segments:
            segments += 1
            matches = glossary.find(seg.zh)
            for match in matches:
                occurrences.append(_judge(match, matches, seg.id, block.line, seg.zh, seg.en))
    return Coverage(tuple(occurrences), len(glossary), segments)


def _judge(
    match: Match, matches: list[Match], segment: str, line: int, zh: str, en: str | None
) -> Occurrence:
    term, where = match.term, {"start": match.start, "end": match.end}
    if not en:
        return Occurrence(term, segment, line, zh, en, rendered=False, **where)
    others = [m.term.en for m in matches if m.term.zh_hans != term.zh_hans]
    forbidden = tuple(forbidden_in(term, en, others))
    return Occurrence(term, segment, line, zh, en, renders(term, en), forbidden, **where)


def used_terms(doc: Document, glossary: Glossary) -> list[Term]:
    """Terms occurring in the document, each once, sorted by English (case aside)."""
    found: dict[str, Term] = {}
    for seg in doc.segments():
        for match in glossary.find(seg.zh):
            found.setdefault(match.term.id, match.term)
    return sorted(found.values(), key=lambda t: (t.en.casefold(), t.zh_hans, t.id))
