"""The one judgement of whether a glossary term really occurs in a Chinese text.

The glossary matches the longest term from the left, which can take characters from two words:
储能 (energy storage) inside 存储能力 (storage capacity), 人民 inside 中华人民共和国. A match is
*doubtful* when both of its ends fall inside words of the sentence (jieba): it is probably no
term at all. A match that starts or ends at a word boundary (储能 in 储能电站) is solid.

QA, coverage, lint, the appendix, protection for machine translation and the Traditional
overrides all ask this module, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..lang import hant
from ..lang.words import tokens
from .glossary import Glossary, Match, Term


@dataclass(frozen=True)
class Use:
    """One glossary match in a text, with the words around it."""

    match: Match
    words: tuple[str, ...]  # the jieba words the match overlaps
    doubtful: bool  # both ends inside words: probably no term here

    @property
    def term(self) -> Term:
        return self.match.term

    @property
    def start(self) -> int:
        return self.match.start

    @property
    def end(self) -> int:
        return self.match.end

    @property
    def cut(self) -> str:
        """The words the match cuts into, as text ('' for a solid match)."""
        return "".join(self.words) if self.doubtful else ""


def uses(glossary: Glossary, text: str) -> tuple[Use, ...]:
    """Every glossary match in text, judged (once per text and glossary)."""
    return glossary.memoised(
        ("uses", text), lambda: tuple(judge(text, m) for m in glossary.find(text))
    )


def solid(glossary: Glossary, text: str) -> list[Match]:
    """The matches that really are the term."""
    return [u.match for u in uses(glossary, text) if not u.doubtful]


def judge(text: str, match: Match) -> Use:
    """Whether match is the term or a cut across words."""
    words = [(w, a, b) for w, a, b in tokens(text) if a < match.end and b > match.start]
    starts_inside = any(a < match.start < b for _, a, b in words)
    ends_inside = any(a < match.end < b for _, a, b in words)
    return Use(match, tuple(w for w, _, _ in words), starts_inside and ends_inside)


def at_overrides(glossary: Glossary, text: str) -> list[tuple[int, str, Term | None]]:
    """text cut into (offset, piece, override term): solid terms with a zh-Hant override stand
    alone, carrying their term; the stretches between them carry None."""
    pieces: list[tuple[int, str, Term | None]] = []
    pos = 0
    for m in _override_matches(glossary, text):
        if m.start > pos:
            pieces.append((pos, text[pos : m.start], None))
        pieces.append((m.start, text[m.start : m.end], m.term))
        pos = m.end
    if pos < len(text) or not pieces:
        pieces.append((pos, text[pos:], None))
    return pieces


def _override_matches(glossary: Glossary, text: str) -> Iterable[Match]:
    for u in uses(glossary, text):
        if u.term.zh_hant and not u.doubtful:
            yield u.match


def used_terms(glossary: Glossary, texts: Iterable[str]) -> list[Term]:
    """Terms occurring (solidly) in the texts, each once, sorted by English (case aside)."""
    found: dict[str, Term] = {}
    for text in texts:
        for match in solid(glossary, text):
            found.setdefault(match.term.id, match.term)
    return sorted(found.values(), key=lambda t: (t.en.casefold(), t.zh_hans, t.id))


def to_traditional(text: str, glossary: Glossary, variant: str = "tw") -> str:
    """text in Traditional for a --variant; solid terms with a zh-Hant override take it."""
    return traditional(text, glossary, variant).text


@dataclass(frozen=True)
class Traditional:
    """A text in Traditional, the conversion's notes (offsets in the text), and the overrides."""

    text: str
    notes: tuple[hant.Note, ...]
    overrides: tuple[Match, ...]  # solid terms with a zh-Hant override, as placed
    aligned: bool  # offsets of the Simplified text are offsets of this one


def traditional(text: str, glossary: Glossary, variant: str = "tw") -> Traditional:
    """text in Traditional through lang.hant, glossary overrides first, regional punctuation
    (once per text, variant and glossary: the convert stage and the review list both ask)."""
    return glossary.memoised(
        ("traditional", text, variant), lambda: _traditional(text, glossary, variant)
    )


def _traditional(text: str, glossary: Glossary, variant: str) -> Traditional:
    pieces, notes, overrides = [], [], []
    for pos, piece, term in at_overrides(glossary, text):
        if term is not None:
            pieces.append(term.zh_hant)
            overrides.append(Match(pos, pos + len(piece), term))
            continue
        done = hant.convert(piece, variant)
        pieces.append(done.text)
        notes += [replace(n, start=n.start + pos, end=n.end + pos) for n in done.notes]
    out = "".join(pieces)
    return Traditional(
        hant.punctuate(out, variant), tuple(notes), tuple(overrides), len(out) == len(text)
    )
