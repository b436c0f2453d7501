"""The curated term base as data: terms, their English forms, and longest-match lookup."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

COLUMNS = (
    "id",
    "zh-Hans",
    "zh-Hant",
    "en",
    "forbidden",
    "pos",
    "domain",
    "status",
    "note",
    "source",
)
REQUIRED = ("id", "zh-Hans", "en")
STATUSES = ("approved", "proposed", "deprecated")
# The allowed values of pos and domain (the loader accepts any; `publisher glossary lint` checks).
POS = ("noun", "proper noun", "verb", "adjective", "adverb", "phrase", "other")
DOMAINS = {  # domain -> the prefix of its terms' ids
    "automotive": "automotive",
    "aviation": "aviation",
    "economy": "economy",
    "energy": "energy",
    "environment": "environment",
    "government": "gov",
    "ict": "ict",
    "maglev": "maglev",
    "manufacturing": "manufacturing",
    "materials": "materials",
    "organisation": "org",
    "park": "park",
    "place": "place",
    "plan": "plan",
    "policy": "policy",
    "quotation": "quote",
    "rail": "rail",
    "statistics": "stat",
    "unit": "unit",
}


@dataclass(frozen=True)
class Term:
    id: str
    zh_hans: str
    en: str
    zh_hant: str = ""
    forbidden: tuple[str, ...] = ()
    pos: str = ""
    domain: str = ""
    status: str = "approved"
    note: str = ""
    source: str = ""
    file: str = ""
    line: int = 0

    @property
    def active(self) -> bool:
        return self.status != "deprecated"

    @property
    def is_unit(self) -> bool:
        """A unit of measure (亿元 = 100 million yuan): its English carries the scale, which a
        figure absorbs (150亿元 = 15 billion yuan), so a rendering holds only its unit word."""
        return self.domain == "unit"

    @property
    def rendering(self) -> str:
        """What English text must hold to render the term: its English, or a unit's last word."""
        return self.en.split()[-1] if self.is_unit and self.en.strip() else self.en

    def row(self) -> dict[str, str]:
        """The term as a TSV row keyed by COLUMNS."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        row = {col: values[col.replace("-", "_").lower()] for col in COLUMNS}
        row["forbidden"] = "|".join(self.forbidden)
        return row


def phrase_spans(
    phrase: str, text: str, *, plurals: bool = True, case: bool = False
) -> list[tuple[int, int]]:
    """Where a phrase occurs in text as whole words, case aside, and in its plural forms.

    The regex of `_pattern`, found with str.find: at each position the longest form whose
    ends are word boundaries (where the phrase's own ends are letters or digits), matches not
    overlapping, left to right. QA, coverage and lint ask this thousands of times a build, and
    compiling a pattern per term cost more than the search.
    """
    forms = _forms(phrase, plurals)
    hay = text if case else text.lower()
    needles = forms if case else tuple(f.lower() for f in forms)
    if not phrase or len(hay) != len(text) or any(map(_len_changes, forms, needles)):
        return [m.span() for m in _pattern(phrase, plurals, case).finditer(text)]
    check_start, check_end = phrase[:1].isalnum(), phrase[-1:].isalnum()
    best: dict[int, int] = {}
    for needle in needles:
        at = hay.find(needle)
        while at >= 0:
            end = at + len(needle)
            if (not check_start or at == 0 or not _word(hay[at - 1])) and (
                not check_end or end == len(hay) or not _word(hay[end])
            ):
                best[at] = max(best.get(at, 0), end)
            at = hay.find(needle, at + 1)
    spans, last = [], 0
    for start in sorted(best):
        if start >= last:
            spans.append((start, best[start]))
            last = best[start]
    return spans


def _word(char: str) -> bool:
    """What the regex \\w matches."""
    return char.isalnum() or char == "_"


def _len_changes(form: str, lowered: str) -> bool:
    return len(form) != len(lowered)


@lru_cache(maxsize=65536)
def _forms(phrase: str, plurals: bool) -> tuple[str, ...]:
    return (phrase, *(_plural_forms(phrase) if plurals else ()))


@lru_cache(maxsize=65536)
def _pattern(phrase: str, plurals: bool, case: bool) -> re.Pattern:
    """The compiled pattern of a phrase, made once per process (glossaries hold thousands)."""
    forms = _forms(phrase, plurals)
    start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() else ""
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(f"{start}(?:{alternatives}){end}", 0 if case else re.IGNORECASE)


def _plural_forms(phrase: str) -> list[str]:
    """-s, -es, and -ies for a consonant + y (pilot city: pilot cities)."""
    forms = [phrase + "s", phrase + "es"]
    if re.search(r"[^aeiou]y$", phrase, re.IGNORECASE):
        forms.append(phrase[:-1] + "ies")
    return forms


def renders(term: Term, english: str) -> bool:
    """Whether English text uses the term's English (case aside; plurals allowed)."""
    return bool(phrase_spans(term.rendering, english))


def forbidden_in(term: Term, english: str, others: Iterable[str] = ()) -> list[str]:
    """The term's forbidden variants in English text, outside the English of `others`.

    Other terms of the segment, rightly rendered, may hold a variant: 电瓷 "electrical
    porcelain" beside 陶瓷, which forbids "porcelain". Their renderings are masked first.
    """
    for phrase in sorted(others, key=len, reverse=True):
        for a, b in reversed(phrase_spans(phrase, english)):
            english = english[:a] + "\0" * (b - a) + english[b:]
    return [v for v in term.forbidden if phrase_spans(v, english)]


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: Term


class Glossary:
    """Terms from one folder, with a version that changes whenever a file does."""

    def __init__(self, terms: list[Term], version: str):
        self.terms = tuple(terms)
        self.version = version
        self._by_zh = {t.zh_hans: t for t in self.terms if t.active}
        self._longest = max((len(z) for z in self._by_zh), default=0)
        # results of pure functions of (this glossary, a text): convert and check ask the same
        self._memo: dict[tuple, Any] = {}

    def memoised(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """compute()'s result for key, computed once for this glossary."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping term occurrences, scanning left to right, longest match first."""
        matches, i = [], 0
        while i < len(text):
            for length in range(min(self._longest, len(text) - i), 0, -1):
                term = self._by_zh.get(text[i : i + length])
                if term is not None:
                    matches.append(Match(i, i + length, term))
                    i += length
                    break
            else:
                i += 1
        return matches
