"""Traditional review list: one row per distinct word a reviewer of the zh-Hant edition checks.

The conversion (terms.usage.traditional over lang.hant) leaves notes; this module groups them
by word (Simplified word, its Traditional form) with a count and the segment ids, in tiers:

1. likely errors (QA errors, so --strict stops on them): zhconv-rs disagrees with OpenCC, an
   OpenCC phrase straddles a word (or is a word only narrowly) and was overruled, a hazard
   character (data/traditional/hazard-chars.txt) decided by no phrase or read otherwise by a
   dictionary word overlapping its own (源头|发力 against 头发), the same Simplified word
   written two ways in the document, a glossary term with a hazard character and no zh-Hant;
2. house-style decisions (tw-moe.tsv, hk.tsv) and, for twp, Taiwan vocabulary (warnings);
3. the rest: one-to-many characters a trusted phrase or the character table decided; folded
   away in the totals (extra["traditional"]["folded"]), not counted as warnings.

A glossary zh-Hant override, or a row of the document's decisions file (<stem>.zh-Hant.tsv,
merged into the glossary by the pipeline), settles a word: it is converted as written there
and leaves the list.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..document import Document
from ..lang import hant
from ..lang.opencc import CONFIGS, matches, one_to_many
from ..lang.opencc import segments as opencc_segments
from ..lang.opencc import stages as opencc_stages
from ..lang.words import tokens, word_at
from ..terms.glossary import Glossary
from ..terms.usage import at_overrides, solid, to_traditional, traditional
from .findings import ERROR, WARNING, Finding

CHECK = "traditional"
CONTEXT = 8  # characters shown on each side
INCONSISTENT, GLOSSARY, VOCABULARY, PHRASE, DEFAULT = (
    "inconsistent",
    "glossary",
    "vocabulary",
    "phrase",
    "default",
)
TIERS = {
    hant.ENGINES: 1,
    hant.STRADDLE: 1,
    hant.WEAK: 1,
    hant.HAZARD: 1,
    hant.FORMS: 1,
    hant.LENGTH: 1,
    hant.OVERLAP: 1,
    INCONSISTENT: 1,
    GLOSSARY: 1,
    hant.HOUSE: 2,
    VOCABULARY: 2,
    PHRASE: 3,
    DEFAULT: 3,
}
WHY = {
    hant.ENGINES: "zhconv-rs writes {other}",
    hant.STRADDLE: "the OpenCC phrase {by} straddles a word; the other reading {other}",
    hant.WEAK: "the OpenCC phrase {by} is a word only narrowly (it wrote {other}): the default",
    hant.HAZARD: "hazard character decided by no OpenCC phrase",
    hant.FORMS: "OpenCC's phrase {by} has other Traditional forms: {other}",
    hant.LENGTH: "the conversion changed the length: word checks skipped",
    hant.OVERLAP: "the word {by} overlaps another, which writes {other}",
    INCONSISTENT: "written {other} elsewhere in the document",
    GLOSSARY: "glossary term with a hazard character and no zh-Hant override",
    hant.HOUSE: "house style: {other} → {to} ({by})",
    VOCABULARY: "Taiwan vocabulary: {other} → {to}",
    PHRASE: "decided by the OpenCC phrase {by}",
    DEFAULT: "OpenCC's character default",
}


@dataclass
class Row:
    """One distinct word of the review list, and where it occurs."""

    word_zh: str
    word_hant: str
    kinds: dict[str, dict] = field(default_factory=dict)  # kind -> {other, by}
    segments: list[str] = field(default_factory=list)
    places: set[tuple[str, int]] = field(default_factory=set)  # (segment id, word start)
    first: tuple = ()  # (segment, start, end) of the first occurrence

    @property
    def tier(self) -> int:
        return min(TIERS[k] for k in self.kinds)

    def add(
        self, kind: str, seg, start: int, end: int, other: str = "", by: str = "", to: str = ""
    ) -> None:
        self.kinds.setdefault(kind, {"other": other, "by": by, "to": to or self.word_hant})
        if (seg.id, start) in self.places:
            return
        self.places.add((seg.id, start))
        self.segments.append(seg.id)
        if not self.first:
            self.first = (seg, start, end)


def run(ctx) -> tuple[list[Finding], dict]:
    return _check(ctx)


def check(doc: Document, glossary: Glossary, variant: str = "tw") -> tuple[list[Finding], dict]:
    """The review list, tier 1 first, and its totals (tier 3 folded into them)."""
    from . import Context

    return _check(Context(doc, glossary, variant))


def _check(ctx) -> tuple[list[Finding], dict]:
    doc, glossary, variant = ctx.doc, ctx.overrides or ctx.glossary, ctx.variant
    rows: dict[tuple[str, str], Row] = {}
    table = one_to_many()
    renderings: dict[str, Counter] = {}
    overridden = occurrences = 0

    def row(zh: str, tw: str) -> Row:
        return rows.setdefault((zh, tw), Row(zh, tw))

    parts = ctx.each(CHECK, lambda seg: _segment(seg, glossary, variant))
    for seg, part in zip(doc.segments(), parts, strict=True):
        for zh, shown, kind, a, b, other, by, to in part["rows"]:
            row(zh, shown).add(kind, seg, a, b, other, by, to)
        for word, form in part["words"]:
            renderings.setdefault(word, Counter())[form] += 1
        occurrences += part["occurrences"]
        overridden += part["overridden"]
    for word, forms in renderings.items():
        if len(forms) > 1:
            for form in forms:
                other = " / ".join(f for f in forms if f != form)
                for r in [r for (zh, tw), r in rows.items() if zh == word and tw == form]:
                    r.kinds.setdefault(INCONSISTENT, {"other": other, "by": "", "to": form})
    _glossary_rows(doc, glossary, variant, row)
    if variant == "twp":
        for seg in doc.segments():
            for zh, tw, twp, span in substitutions(seg, glossary):
                row(zh, twp).add(VOCABULARY, seg, *(span or (0, 0)), other=tw)
    ordered = sorted(rows.values(), key=lambda r: (r.tier, -len(r.segments), r.word_zh))
    findings = [_finding(r) for r in ordered if r.tier < 3]
    folded = [_plain_row(r) for r in ordered if r.tier == 3]
    tiers = Counter(r.tier for r in ordered)
    totals = {
        "variant": variant,
        "opencc": CONFIGS[variant],
        "house_style": hant.profile(variant).house or "none",
        "occurrences": occurrences,
        "characters": len({c for r in ordered for c in r.word_zh if c in table}),
        "rows": len(ordered),
        "tier1": tiers[1],
        "tier2": tiers[2],
        "tier3": tiers[3],
        "override": overridden,  # overrides (glossary or decisions) with an ambiguous character
        "substitutions": sum(1 for r in ordered if VOCABULARY in r.kinds),
        "folded": folded,
        "method": "opencc phrases checked against jieba words and zhconv-rs",
    }
    return findings, {"traditional": totals}


def _segment(seg, glossary: Glossary, variant: str) -> dict:
    """One segment's part of the list (JSON): its rows (word, form, kind, span, other, by,
    to), each word with a one-to-many character as printed, and the counts."""
    table = one_to_many()
    rows: list[list] = []
    words: list[list[str]] = []
    occurrences = 0
    done = traditional(seg.zh, glossary, variant)
    # what the edition prints (the convert stage's), else this conversion, when aligned
    printed = [t for t in (seg.zh_hant, done.text if done.aligned else None) if t]
    text = next((t for t in printed if len(t) == len(seg.zh)), None)
    noted: set[int] = set()
    for n in done.notes:
        a, b = _word_span(seg.zh, n)
        shown = text[a:b] if text else n.hant
        rows.append([seg.zh[a:b], shown, n.kind, a, b, n.other, n.by, n.hant])
        noted.update(range(n.start, n.end))
    inside = {i for m in done.overrides for i in range(m.start, m.end)}
    overridden = sum(1 for m in done.overrides if _ambiguous(seg.zh[m.start : m.end]))
    if text is not None:
        phrases = {i: (a, b) for a, b in _trusted(seg.zh, glossary, variant) for i in range(a, b)}
        for word, a, b in tokens(seg.zh):
            if not any(seg.zh[i] in table for i in range(a, b)) or inside & set(range(a, b)):
                continue
            words.append([word, text[a:b]])
            occurrences += sum(1 for i in range(a, b) if seg.zh[i] in table)
            if noted & set(range(a, b)):
                continue
            i = next(i for i in range(a, b) if seg.zh[i] in table)
            if i in phrases:
                p, q = phrases[i]
                rows.append([word, text[a:b], PHRASE, a, b, "", seg.zh[p:q], ""])
            else:
                rows.append([word, text[a:b], DEFAULT, a, b, "", "", ""])
    counts = {"occurrences": occurrences, "overridden": overridden}
    return {"rows": rows, "words": words, **counts}


def _ambiguous(word: str) -> bool:
    return any(c in one_to_many() or c in hant.hazards() for c in word)


def _word_span(zh: str, note: hant.Note) -> tuple[int, int]:
    """The jieba words a note's span lies in, as one span."""
    a, b = note.start, note.end
    for _, s, e in tokens(zh):
        if s < b and e > a:
            a, b = min(a, s), max(b, e)
    return a, b


def _trusted(zh: str, glossary: Glossary, variant: str) -> list[tuple[int, int]]:
    """OpenCC phrase spans (in zh) of the stretches no override covers."""
    (phrases, *_), *_ = opencc_stages(variant)
    spans = []
    for pos, piece, term in at_overrides(glossary, zh):
        if term is None:
            spans += [(pos + a, pos + b) for a, b in phrases.spans(piece) if b - a > 1]
    return spans


def _glossary_rows(doc: Document, glossary: Glossary, variant: str, row) -> None:
    """Terms used in the document that hold a hazard character no OpenCC phrase of the term
    decides (converted alone, it leaves a tier-1 note) and have no zh-Hant override."""
    lexicon = hant.hazards()
    for seg in doc.segments():
        for m in solid(glossary, seg.zh):
            term = m.term
            if term.zh_hant or not any(c in lexicon for c in term.zh_hans):
                continue
            alone = hant.convert(term.zh_hans, variant)
            if any(TIERS[n.kind] == 1 for n in alone.notes):
                row(term.zh_hans, alone.text).add(GLOSSARY, seg, m.start, m.end, by=term.id)


def _reason(r: Row) -> str:
    parts = [WHY[k].format(**v) for k, v in sorted(r.kinds.items(), key=_tier)]
    return f"{r.word_zh} → {r.word_hant} ×{len(r.segments)}: " + "; ".join(parts)


def _tier(item) -> tuple[int, str]:
    return TIERS[item[0]], item[0]


def _plain_row(r: Row) -> dict:
    seg, a, b = r.first
    lo, hi = max(0, a - CONTEXT), b + CONTEXT
    kinds = sorted(r.kinds, key=lambda k: (TIERS[k], k))
    return {
        "tier": r.tier,
        "kinds": kinds,
        "decided_by": kinds[0],
        "word_zh": r.word_zh,
        "word_hant": r.word_hant,
        "other": next((r.kinds[k]["other"] for k in kinds if r.kinds[k]["other"]), ""),
        "phrase": next((r.kinds[k]["by"] for k in kinds if r.kinds[k]["by"]), ""),
        "count": len(r.segments),
        "segments": list(dict.fromkeys(r.segments)),
        "context_zh": seg.zh[lo:hi],
        "context_at": a - lo,
        "context_len": b - a,
        "reason": _reason(r),
    }


def _finding(r: Row) -> Finding:
    """A review-list row as a finding: tier 1 an error, tier 2 a warning."""
    seg, a, b = r.first
    detail = _plain_row(r)
    severity = ERROR if r.tier == 1 else WARNING
    spans = ((a, b),) if b > a else ()
    return Finding(CHECK, severity, detail["reason"], seg.id, seg.zh, seg.en, spans, (), detail)


def substitutions(seg, glossary: Glossary) -> list[tuple[str, str, str, tuple[int, int] | None]]:
    """Words s2twp words differently from s2tw (优化: 優化 -> 最佳化): (zh, tw, twp, span).

    OpenCC's second s2twp stage converts each segment of the first stage's output on its own,
    the Taiwan phrase dictionary first: a match there is a vocabulary substitution.
    """
    (phrases, chars), taiwan = opencc_stages("twp")[:2]
    tw = to_traditional(seg.zh, glossary, "tw")
    twp = to_traditional(seg.zh, glossary, "twp")
    found = []
    for pos, piece, term in at_overrides(glossary, seg.zh):
        if term is not None:
            continue
        for a, b in opencc_segments(piece, phrases):
            text = piece[a:b]
            first = phrases.values.get(text) or "".join(chars.values.get(c, c) for c in text)
            for p, q, k in matches(first, taiwan):
                # the Taiwan phrases (TWPhrases, tried first), not variant characters; some
                # entries keep a word as it is (大數據) to stop a shorter one matching inside it
                value = taiwan[0].values.get(first[p:q], "")
                # the house style may have written the word otherwise first (發佈 -> 發布)
                if k == 0 and value != first[p:q] and value in twp:
                    span = (pos + a + p, pos + a + q) if len(first) == len(text) else None
                    shown = tw[span[0] : span[1]] if span and len(tw) == len(seg.zh) else first[p:q]
                    zh = seg.zh[span[0] : span[1]] if span else ""
                    found.append((zh, shown, taiwan[0].values[first[p:q]], span))
    return found


__all__ = ["check", "run", "substitutions", "word_at"]
