"""Find terms in the glossary; make and validate new ones."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..lang import opencc
from . import lint
from .glossary import DOMAINS, Term

SLUG_CHARS = 40


def find(terms: Iterable[Term], query: str) -> list[Term]:
    """Terms whose Chinese (either script), English or forbidden variants hold query, case aside."""
    needle = query.strip().casefold()
    if not needle:
        return []
    simplified = opencc.convert(needle, "t2s")
    ranked = []
    for term in terms:
        rank = _rank(term, needle, simplified)
        if rank is not None:
            ranked.append((rank, len(term.zh_hans), term.line, term))
    return [t for *_, t in sorted(ranked, key=lambda r: r[:3])]


def _rank(term: Term, needle: str, simplified: str) -> int | None:
    """0 for an exact hit, 1 for a prefix, 2 inside a value; None when nothing matches."""
    chinese_forms = {term.zh_hans, term.zh_hant, opencc.convert(term.zh_hans, "s2tw")}
    values = [v.casefold() for v in (*chinese_forms, term.en, *term.forbidden) if v]
    best = None
    for value in values:
        for query in {needle, simplified}:
            if query == value:
                return 0
            if value.startswith(query):
                best = 1
            elif query in value and best is None:
                best = 2
    return best


def describe(term: Term) -> list[str]:
    """The term as a few readable lines."""
    hant = f" / {term.zh_hant}" if term.zh_hant else ""
    facts = " · ".join(v for v in (term.domain, term.pos, term.status) if v)
    lines = [f"{term.zh_hans}{hant} → {term.en}   [{term.id}; {facts}]"]
    if term.forbidden:
        lines.append(f"    not: {' | '.join(term.forbidden)}")
    if term.note:
        lines.append(f"    note: {term.note}")
    source = f"source: {term.source}; " if term.source else ""
    lines.append(f"    {source}{term.file}:{term.line}")
    return lines


def make_id(domain: str, english: str, taken: set[str]) -> str:
    """The domain's id prefix and a slug of the English, made unique against taken."""
    prefix = DOMAINS.get(domain, "term")
    plain = unicodedata.normalize("NFKD", english).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if len(slug) > SLUG_CHARS:
        slug = slug[:SLUG_CHARS].rsplit("-", 1)[0]
    base = f"{prefix}-{slug}" if slug else prefix
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def validate_new(terms: list[Term], existing: list[Term]) -> list[lint.Problem]:
    """The problems adding terms to existing would bring (errors, warnings and infos)."""
    before = set(lint.check_set(existing))
    after = lint.check_set(existing + terms)
    own = [p for t in terms for p in lint.check_term(t)]
    return lint.sort(own + [p for p in after if p not in before])
