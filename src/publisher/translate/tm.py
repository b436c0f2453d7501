"""The translation-memory provider: exact matches fill segments (Provenance.MEMORY); fuzzy ones
(rapidfuzz, 75 % and up) are offered to translators as drafts to review."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..document import Document, Provenance, Segment
from ..progress import SILENT, Progress
from ..stores.tm import Pair
from ..text import normalise

FUZZY_MIN = 75  # the lowest match a CAT tool usually shows


@dataclass(frozen=True)
class Match:
    source: str
    target: str
    score: int  # 0-100; 100 is the same sentence
    origin: str


@dataclass
class TranslationMemory:
    """Pairs by normalised source, with exact and fuzzy lookup."""

    pairs: list[Pair]
    skipped: tuple[str, ...] = ()  # damaged files left out, with the reason
    _exact: dict[str, Pair] = field(init=False, repr=False)
    _keys: list[str] = field(init=False, repr=False)
    _by_key: dict[str, Pair] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._exact = {}
        for p in self.pairs:
            self._exact.setdefault(normalise(p.zh), p)
        self._keys = list(self._exact)
        self._by_key = self._exact

    def __len__(self) -> int:
        return len(self._exact)

    def exact(self, zh: str) -> Pair | None:
        return self._exact.get(normalise(zh))

    def matches(self, zh: str, limit: int = 3, cutoff: int = FUZZY_MIN) -> list[Match]:
        """The best matches for a sentence, best first: exact (100) then fuzzy down to cutoff."""
        from rapidfuzz import fuzz, process

        key = normalise(zh)
        found = process.extract(
            key, self._keys, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
        )
        out = []
        for choice, score, _ in found:
            p = self._by_key[choice]
            exact = choice == key
            out.append(Match(p.zh, p.en, 100 if exact else min(99, int(score)), p.origin))
        return out


@dataclass(frozen=True)
class MemoryProvider:
    """Fills every missing segment whose sentence the memory holds exactly."""

    memory: TranslationMemory
    name: str = "memory"

    def fill(self, doc: Document, progress: Progress = SILENT) -> Document:
        def fill(seg: Segment) -> Segment:
            if seg.provenance != Provenance.MISSING:
                return seg
            pair = self.memory.exact(seg.zh)
            return replace(seg, en=pair.en, provenance=Provenance.MEMORY) if pair else seg

        return doc.map_segments(fill)


def band(score: int) -> str:
    """A CAT analysis band for a best match score."""
    if score >= 100:
        return "100%"
    if score >= 95:
        return "95-99%"
    if score >= 85:
        return "85-94%"
    if score >= FUZZY_MIN:
        return "75-84%"
    return "new"


BANDS = ("repetitions", "100%", "95-99%", "85-94%", "75-84%", "new")


def best(memory: TranslationMemory, texts: Iterable[str]) -> dict[str, Match | None]:
    return {t: next(iter(memory.matches(t, limit=1)), None) for t in texts}
