"""Glossary protection: terms become placeholders the model copies, then the glossary's English."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
