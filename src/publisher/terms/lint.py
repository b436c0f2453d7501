"""Lint the glossary: schema, duplicates and conflicts, script, forbidden variants, usage."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from ..errors import GlossaryError
from ..lang import opencc
from .glossary import DOMAINS, POS, STATUSES, Glossary, Term, phrase_spans, renders
from .usage import uses

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)
CONTAINS = "contains"  # the kind of the (many) info problems: a term inside another

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RECOMMENDED = ("pos", "domain", "source")
WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    severity: str
    message: str
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


def at(term: Term, severity: str, message: str, kind: str = "") -> Problem:
    return Problem(term.file or "<new term>", term.line, severity, message, kind)


def label(term: Term) -> str:
    return f"{term.zh_hans} ({term.id})"


def from_errors(errors: list[GlossaryError]) -> list[Problem]:
    """Rows or files the reader could not take, as problems at their file and line."""
    return [Problem(e.file or "?", e.line or 1, ERROR, e.reason) for e in errors]


def lint(terms: list[Term]) -> list[Problem]:
    """Every problem of the terms, one by one and as a set, in file and line order."""
    problems = [p for t in terms for p in check_term(t)] + check_set(terms)
    return sort(problems)


def sort(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line, SEVERITIES.index(p.severity)))


def check_term(term: Term) -> list[Problem]:
    """The problems one term has on its own."""
    problems = []

    def add(severity: str, message: str) -> None:
        problems.append(at(term, severity, message))

    if term.id and not ID_RE.fullmatch(term.id):
        add(ERROR, f"id {term.id!r}: use lowercase letters, digits and single hyphens")
    for column in ("id", "zh-Hans", "en"):
        if not _value(term, column):
            add(ERROR, f"empty {column}")
    for column, allowed in (("status", STATUSES), ("pos", POS), ("domain", tuple(DOMAINS))):
        value = _value(term, column)
        if value and value not in allowed:
            add(ERROR, f"{column} {value!r} is not one of: {', '.join(allowed)}")
    for column in RECOMMENDED:
        if not _value(term, column):
            add(WARNING, f"no {column} for {label(term)}")
    prefix = DOMAINS.get(term.domain)
    if prefix and ID_RE.fullmatch(term.id) and not term.id.startswith(prefix + "-"):
        add(WARNING, f"id {term.id!r} of a {term.domain} term should start with {prefix}-")
    if len(term.zh_hans) == 1 and term.active:
        add(WARNING, f"{label(term)} is one character: it matches inside many words")
    problems += [at(term, s, m) for s, m in _forbidden_problems(term)]
    problems += [at(term, s, m) for s, m in _script_problems(term)]
    problems += [at(term, s, m) for s, m in mangled(term)]
    return problems


# What a spreadsheet makes of a text cell it took for a date: 2020-10-01, 10/1/2020, Oct-20, 44105.
DATE_RE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|[A-Z][a-z]{2}-\d{2}|\d{1,2}-[A-Z][a-z]{2}(?:-\d{2,4})?"
)


ENGLISH_WORD_RE = re.compile(r"[a-z]{3,}")


def mangled(term: Term) -> list[tuple[str, str]]:
    """Signs that a tool mangled the file: Chinese columns without Han, dates, mojibake."""
    from ..text import has_han

    out = []
    for column in ("zh-Hans", "zh-Hant"):
        value = _value(term, column)
        # IGBT, 5G are Chinese terms too; English words or other scripts in a Chinese column not
        if value and not has_han(value) and (ENGLISH_WORD_RE.search(value) or not value.isascii()):
            out.append(
                (ERROR, f"{column} {value!r} holds no Chinese character (a shifted column?)")
            )
    for column, value in term.row().items():
        if value and DATE_RE.fullmatch(value.strip()):
            out.append((ERROR, f"{column} {value!r} looks like a date a spreadsheet made of text"))
        if value and (fixed := _mojibake(value)):
            out.append(
                (
                    ERROR,
                    f"{column} {value!r} is mojibake (UTF-8 read as another encoding: {fixed!r})",
                )
            )
    return out


def _mojibake(value: str) -> str:
    """The text UTF-8 bytes would have been, when value is them decoded as cp1252 or Latin-1."""
    if "\ufffd" in value:
        return "lost characters (U+FFFD)"
    if value.isascii():
        return ""
    for encoding in ("cp1252", "latin-1"):
        try:
            fixed = value.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != value:
            return fixed
    return ""


def _value(term: Term, column: str) -> str:
    return term.row()[column]


def _forbidden_problems(term: Term) -> list[tuple[str, str]]:
    out = []
    seen: set[str] = set()
    for variant in term.forbidden:
        if variant.casefold() in seen:
            out.append((WARNING, f"forbidden variant {variant!r} is listed twice"))
        seen.add(variant.casefold())
        if variant.casefold() == term.en.casefold():
            out.append((ERROR, f"forbidden variant {variant!r} is the term's own English"))
        elif phrase_spans(variant, term.en):
            out.append(
                (
                    ERROR,
                    f"forbidden variant {variant!r} occurs in the term's own English "
                    f"{term.en!r}, so every correct rendering would be flagged",
                )
            )
    return out


def _script_problems(term: Term) -> list[tuple[str, str]]:
    out = []
    if odd := opencc.traditional_in(term.zh_hans):
        out.append((WARNING, f"zh-Hans {term.zh_hans} holds Traditional {''.join(odd)}"))
    if not term.zh_hant:
        return out
    if odd := opencc.simplified_in(term.zh_hant):
        out.append((ERROR, f"zh-Hant {term.zh_hant} holds Simplified {''.join(odd)}"))
    elif term.zh_hant == opencc.convert(term.zh_hans, "s2tw"):
        out.append(
            (
                WARNING,
                f"zh-Hant {term.zh_hant} is what OpenCC (s2tw) gives anyway: leave the cell empty",
            )
        )
    return out


def check_set(terms: list[Term]) -> list[Problem]:
    """The problems terms have together: duplicates, conflicts, shadowing, containment."""
    return (
        _duplicate_ids(terms)
        + _duplicate_zh(terms)
        + _forbidden_elsewhere(terms)
        + _containment(terms)
    )


def _duplicate_ids(terms: list[Term]) -> list[Problem]:
    first: dict[str, Term] = {}
    problems = []
    for term in terms:
        if term.id in first:
            other = first[term.id]
            problems.append(
                at(term, ERROR, f"id {term.id!r} already used at {other.file}:{other.line}")
            )
        else:
            first[term.id] = term
    return problems


def _duplicate_zh(terms: list[Term]) -> list[Problem]:
    first: dict[str, Term] = {}
    problems = []
    for term in terms:
        other = first.setdefault(term.zh_hans, term)
        if other is term:
            continue
        where = f"{other.file}:{other.line} ({other.id})"
        if term.en.casefold() != other.en.casefold():
            message = (
                f"{term.zh_hans} is {term.en!r} here but {other.en!r} at {where}: "
                "decide on one English"
            )
        else:
            message = f"{term.zh_hans} is already a term at {where}: remove one of them"
        problems.append(at(term, ERROR, message))
    return problems


def _forbidden_elsewhere(terms: list[Term]) -> list[Problem]:
    """A forbidden variant inside another active term's English flags sentences using both.

    Linear: the active terms' English is indexed by word, so each variant is compared only with
    the terms whose English holds its first word.
    """
    by_word: dict[str, list[Term]] = defaultdict(list)
    for other in (t for t in terms if t.active):
        for word in set(WORD_RE.findall(other.en.casefold())):
            by_word[word].append(other)
    problems = []
    for term in terms:
        for variant in term.forbidden:
            words = WORD_RE.findall(variant.casefold())
            if not words:
                continue
            for other in by_word.get(words[0], ()):
                if other.zh_hans == term.zh_hans:
                    continue
                if phrase_spans(variant, other.en):
                    problems.append(
                        at(
                            term,
                            WARNING,
                            f"forbidden variant {variant!r} occurs in the English of "
                            f"{label(other)}, {other.en!r}: a sentence using both terms looks wrong",
                        )
                    )
    return problems


def _containment(terms: list[Term]) -> list[Problem]:
    """One info line per term that contains others (longest match wins, so they never match).

    Linear in the number of terms: each term's substrings are looked up, not every other term.
    """
    by_zh = {t.zh_hans: t for t in terms if t.active}
    order = {zh: i for i, zh in enumerate(by_zh)}
    problems = []
    for outer in by_zh.values():
        zh = outer.zh_hans
        found = {
            zh[a:b]: a
            for a in range(len(zh))
            for b in range(len(zh), a, -1)
            if (a, b) != (0, len(zh)) and zh[a:b] in by_zh
        }
        if not found:
            continue
        inner = sorted(
            (by_zh[k] for k in found), key=lambda t: (zh.index(t.zh_hans), order[t.zh_hans])
        )
        names = ", ".join(t.zh_hans for t in inner)
        lacking = [t.en for t in inner if not renders(t, outer.en)]
        note = f"; its English lacks {', '.join(repr(e) for e in lacking)}" if lacking else ""
        problems.append(at(outer, INFO, f"{label(outer)} contains {names}{note}", CONTAINS))
    return problems


def check_usage(terms: list[Term], doc: Document, source: Path) -> list[Problem]:
    """How the glossary fares on a document: false matches, deprecated terms still in use."""
    return _false_matches(terms, doc, source) + _deprecated_usage(terms, doc, source)


def _false_matches(terms: list[Term], doc: Document, source: Path) -> list[Problem]:
    """Matches cutting into words at both ends, like 储能 (energy storage) in 存储能力."""
    glossary = Glossary(terms, "")
    problems = []
    for block in doc.blocks:
        for seg in block.all_segments():
            for u in uses(glossary, seg.zh):
                if u.doubtful:
                    problems.append(
                        at(
                            u.term,
                            WARNING,
                            f"{label(u.term)} matches across the words {u.cut} at "
                            f"{source}:{block.line}: probably a false match",
                        )
                    )
    return problems


def _deprecated_usage(terms: list[Term], doc: Document, source: Path) -> list[Problem]:
    lines = doc.line_of()
    active_en = {t.en.casefold() for t in terms if t.active}
    problems = []
    for term in (t for t in terms if not t.active):
        zh = next((s for s in doc.segments() if term.zh_hans in s.zh), None)
        if zh is not None:
            problems.append(
                at(
                    term,
                    WARNING,
                    f"deprecated term {label(term)} occurs in {source}:{lines[zh.id]}",
                )
            )
        if term.en.casefold() in active_en:
            continue  # an active term has the same English: using it is right
        en = next((s for s in doc.segments() if s.en and renders(term, s.en)), None)
        if en is not None:
            problems.append(
                at(
                    term,
                    ERROR,
                    f"deprecated English {term.en!r} is used by the translation of "
                    f"{source}:{lines[en.id]} ({en.id})",
                )
            )
    return problems


def counts(problems: list[Problem]) -> dict[str, int]:
    return {s: sum(1 for p in problems if p.severity == s) for s in SEVERITIES}
