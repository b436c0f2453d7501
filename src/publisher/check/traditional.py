"""Traditional review list: the one-to-many characters a reviewer of the zh-Hant edition checks.

A simplified character with several Traditional forms (发: 發 髮, 后: 後 后) is converted by
OpenCC either inside a phrase of its phrase dictionary (发展 -> 發展: decided) or alone, by the
character table's default (undecided: the reviewer must look). A glossary zh-Hant override
decides it too and counts as reviewed (left out of the list, counted in the totals).

To know which phrase decided an occurrence we redo OpenCC's segmentation: at each position the
longest key of the phrase dictionaries of the configuration's first conversion stage (STPhrases
and the phrases generated from regional ones), else one character. lang.opencc reads those
dictionaries from the OpenCC that converts.

With --variant twp the Taiwan vocabulary substitutions (優化 -> 最佳化) are listed as well.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..document import Document, Segment
from ..lang.opencc import CONFIGS, Phrases, matches, one_to_many, phrase_table
from ..lang.opencc import segments as opencc_segments
from ..lang.opencc import stages as opencc_stages
from ..lang.words import word_at
from ..terms.glossary import Glossary
from ..terms.usage import at_overrides, to_traditional
from .findings import WARNING, Finding

CHECK = "traditional"
CONTEXT = 8  # characters shown on each side
PHRASE, DEFAULT, OVERRIDE, VOCABULARY = "phrase", "default", "override", "vocabulary"
ORDER = {DEFAULT: 0, VOCABULARY: 1, PHRASE: 2, OVERRIDE: 3}


@dataclass(frozen=True)
class Occurrence:
    """One one-to-many character in one segment, and what decided its Traditional form."""

    segment: Segment
    index: int
    candidates: tuple[str, ...]
    hant: str
    decided_by: str
    by: str = ""  # the phrase or glossary term that decided it
    hant_text: str | None = None  # the segment in Traditional, when aligned with the Simplified

    @property
    def char(self) -> str:
        return self.segment.zh[self.index]


def run(ctx) -> tuple[list[Finding], dict]:
    return check(ctx.doc, ctx.glossary, ctx.variant)


def check(doc: Document, glossary: Glossary, variant: str = "tw") -> tuple[list[Finding], dict]:
    """The review list (undecided first, then vocabulary swaps, then phrases) and its totals."""
    table = one_to_many()
    phrases = phrase_table(variant)
    occurrences = [
        o for s in doc.segments() for o in _occurrences(s, glossary, variant, table, phrases)
    ]
    findings = [_finding(o) for o in occurrences if o.decided_by != OVERRIDE]
    if variant == "twp":
        findings += [f for seg in doc.segments() for f in substitutions(seg, glossary)]
    findings.sort(key=lambda f: ORDER[f.detail["decided_by"]])
    return findings, {"traditional": totals(occurrences, findings, variant)}


def totals(occurrences: list[Occurrence], findings: list[Finding], variant: str) -> dict:
    """The figures a reviewer needs: how many occurrences, and what decided them."""
    count = Counter(o.decided_by for o in occurrences)
    return {
        "variant": variant,
        "opencc": CONFIGS[variant],
        "occurrences": len(occurrences),
        "characters": len({o.char for o in occurrences}),
        "undecided": count[DEFAULT],
        "phrase": count[PHRASE],
        "override": count[OVERRIDE],
        "substitutions": sum(1 for f in findings if f.detail["decided_by"] == VOCABULARY),
        "method": "opencc phrase dictionaries",
    }


def _occurrences(
    seg: Segment,
    glossary: Glossary,
    variant: str,
    table: dict[str, tuple[str, ...]],
    phrases: Phrases,
) -> list[Occurrence]:
    """Every one-to-many character of a segment, with what decided it."""
    zh = seg.zh
    hant = _aligned(seg, glossary, variant)
    decided = _decisions(zh, glossary, phrases)
    found = []
    for i, char in enumerate(zh):
        if char in table:
            by, what = decided.get(i, (DEFAULT, ""))
            shown = hant[i] if hant else table[char][0]
            found.append(Occurrence(seg, i, table[char], shown, by, what, hant))
    return found


def _decisions(zh: str, glossary: Glossary, phrases: Phrases) -> dict[int, tuple[str, str]]:
    """index -> (decided_by, phrase or term) for each character a phrase or override decided."""
    decided: dict[int, tuple[str, str]] = {}
    for pos, piece, term in at_overrides(glossary, zh):
        if term is not None:
            decided.update((pos + i, (OVERRIDE, term.zh_hans)) for i in range(len(piece)))
            continue
        for a, b in phrases.spans(piece):
            decided.update((pos + i, (PHRASE, piece[a:b])) for i in range(a, b))
    return decided


def _aligned(seg: Segment, glossary: Glossary, variant: str) -> str | None:
    """The segment's Traditional text, character for character with the Simplified, if it is."""
    for text in (
        seg.zh_hant,
        to_traditional(seg.zh, glossary, "tw" if variant == "twp" else variant),
    ):
        if text and len(text) == len(seg.zh):
            return text
    return None


def _finding(o: Occurrence) -> Finding:
    """A review-list entry: the character, its candidates, its word and context."""
    seg, i, hant = o.segment, o.index, o.hant_text
    word, a, b = word_at(seg.zh, i)
    lo, hi = max(0, i - CONTEXT), i + CONTEXT + 1
    if o.decided_by == PHRASE:
        how = f"decided by the OpenCC phrase {o.by}"
    else:
        how = "no phrase decided it: OpenCC's default"
    reason = f"{o.char} → {o.hant} (of {' '.join(o.candidates)}) in {word}: {how}"
    detail = {
        "decided_by": o.decided_by,
        "char": o.char,
        "candidates": list(o.candidates),
        "hant": o.hant,
        "phrase": o.by,
        "word_zh": word,
        "word_hant": hant[a:b] if hant else o.hant,
        "context_zh": seg.zh[lo:hi],
        "context_hant": hant[lo:hi] if hant else "",
        "context_at": i - lo,
    }
    return Finding(CHECK, WARNING, reason, seg.id, seg.zh, seg.en, ((i, i + 1),), (), detail)


def substitutions(seg: Segment, glossary: Glossary) -> list[Finding]:
    """Words s2twp words differently from s2tw (优化: 優化 -> 最佳化), as warnings.

    OpenCC's second s2twp stage converts each segment of the first stage's output on its own,
    the Taiwan phrase dictionary first: a match there is a vocabulary substitution.
    """
    (phrases, chars), taiwan = opencc_stages("twp")[:2]
    tw = to_traditional(seg.zh, glossary, "tw")
    findings = []
    for pos, piece, term in at_overrides(glossary, seg.zh):
        if term is not None:
            continue
        for a, b in opencc_segments(piece, phrases):
            text = piece[a:b]
            first = phrases.values.get(text) or "".join(chars.values.get(c, c) for c in text)
            for p, q, k in matches(first, taiwan):
                # the Taiwan phrases (TWPhrases, tried first), not variant characters; some
                # entries keep a word as it is (大數據) to stop a shorter one matching inside it
                if k == 0 and taiwan[0].values[first[p:q]] != first[p:q]:
                    span = (pos + a + p, pos + a + q) if len(first) == len(text) else None
                    shown = tw[span[0] : span[1]] if span and len(tw) == len(seg.zh) else first[p:q]
                    findings.append(_substitution(seg, shown, taiwan[0].values[first[p:q]], span))
    return findings


def _substitution(seg: Segment, tw: str, twp: str, span: tuple[int, int] | None) -> Finding:
    """A vocabulary substitution as a review-list entry."""
    zh_word = seg.zh[span[0] : span[1]] if span else ""
    reason = f"Taiwan vocabulary: {tw} → {twp}" + (f" ({zh_word})" if zh_word else "")
    lo, hi = (max(0, span[0] - CONTEXT), span[1] + CONTEXT) if span else (0, 0)
    detail = {
        "decided_by": VOCABULARY,
        "word_zh": zh_word,
        "word_hant": twp,
        "word_tw": tw,
        "context_zh": seg.zh[lo:hi],
        "context_at": span[0] - lo if span else 0,
        "context_len": span[1] - span[0] if span else 0,
    }
    spans = (span,) if span else ()
    return Finding(CHECK, WARNING, reason, seg.id, seg.zh, seg.en, spans, (), detail)
