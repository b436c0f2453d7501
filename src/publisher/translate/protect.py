"""Glossary protection: terms become placeholders the model copies, then the glossary's English."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..document import Mark, MarkKind
from ..terms.glossary import Glossary, Term
from ..terms.usage import solid

# The model sees [T1], [T2]...; detokenisation may add spaces inside, so restoring is lenient.
PLACEHOLDER = "[T{}]"
PLACEHOLDER_RE = re.compile(r"\[\s*T\s*(\d+)\s*\]")


@dataclass(frozen=True)
class Protected:
    """A segment's text with its glossary terms replaced by numbered placeholders."""

    text: str
    terms: tuple[Term, ...]


def protect(text: str, glossary: Glossary) -> Protected:
    out, pos, terms = [], 0, []
    for match in solid(glossary, text):
        if match.term.is_unit:
            continue  # the engine converts the figure and its unit together (150亿元)
        out.append(text[pos : match.start])
        terms.append(match.term)
        out.append(PLACEHOLDER.format(len(terms)))
        pos = match.end
    out.append(text[pos:])
    return Protected("".join(out), tuple(terms))


def restore(translation: str, protected: Protected) -> str | None:
    """The translation with placeholders replaced by English terms; None if any was lost or doubled."""
    found = [int(n) for n in PLACEHOLDER_RE.findall(translation)]
    if sorted(found) != list(range(1, len(protected.terms) + 1)):
        return None

    def english(match: re.Match) -> str:
        en = protected.terms[int(match.group(1)) - 1].en
        return en[:1].upper() + en[1:] if match.start() == 0 else en

    return PLACEHOLDER_RE.sub(english, translation)


# Inline marks (bold, italic, links, note references) go to the engine as numbered tags around
# their text ([M1]…[/M1]; a note reference is a lone [M1]) and come back as marks on the English.
MARK_TAG_RE = re.compile(r"\[\s*(/?)\s*M\s*(\d+)\s*\]")


def tag_marks(text: str, marks: tuple[Mark, ...]) -> str:
    """The text with each mark's start and end as a tag the model copies like a placeholder."""
    if not marks:
        return text
    inserts: list[tuple[int, int, str]] = []
    for n, m in enumerate(marks, start=1):
        if m.kind == MarkKind.NOTE_REF:
            inserts.append((m.start, 1, f"[M{n}]"))
        else:
            inserts.append((m.start, 2, f"[M{n}]"))
            inserts.append((m.end, 0, f"[/M{n}]"))
    out, pos = [], 0
    for at, _, tag in sorted(inserts):
        out.append(text[pos:at])
        out.append(tag)
        pos = at
    out.append(text[pos:])
    return "".join(out)


def untag_marks(english: str, marks: tuple[Mark, ...]) -> tuple[str, tuple[Mark, ...]]:
    """English without the tags, and the marks whose tags came back (an open before its close).

    A tag the model spaced off its word ("up [M1] 2.3 percent [/M1]") takes one space with it.
    """
    text = ""
    opened: dict[int, int] = {}
    found: list[Mark] = []
    pos = 0
    for match in MARK_TAG_RE.finditer(english):
        text += english[pos : match.start()]
        pos = match.end()
        closing = bool(match.group(1))
        if closing and text.endswith(" "):
            text = text[:-1]
        elif not closing and (not text or text.endswith(" ")) and english[pos : pos + 1] == " ":
            pos += 1
        n = int(match.group(2))
        if not 1 <= n <= len(marks):
            continue
        mark, at = marks[n - 1], len(text)
        if mark.kind == MarkKind.NOTE_REF:
            found.append(replace(mark, start=at, end=at))
        elif not closing:
            opened[n] = at
        elif n in opened and at > opened[n]:
            found.append(replace(mark, start=opened.pop(n), end=at))
    text += english[pos:]
    return text, tuple(sorted(found, key=lambda m: (m.start, m.end)))
