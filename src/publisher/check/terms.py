"""Glossary compliance: every glossary term in the Chinese is rendered with its English.

- error: the term's English is missing from the segment, or a forbidden variant is used;
  for a term still "proposed" in the glossary these are warnings (not yet a decision), and so
  is a match that begins inside one word and ends inside the next (存[储能]力 is 存储 + 能力).
- warning: a term rendered differently across segments. Two signs, kept simple: the term is
  rendered in some segments and not in others (one warning per term, listing both), or its
  English, for a name written with capitals, is written in more than one way ("Hi-tech" in
  one segment, "High-Tech" in another, or "Sany" where the glossary writes "SANY").
- warning: a machine translation that lost glossary placeholders (flag "terms-lost").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..document import Document, Flag, Segment
from ..terms.glossary import Glossary, Term, forbidden_in, phrase_spans, renders
from ..terms.usage import Use as TermUse
from ..terms.usage import uses as find_uses
from .findings import ERROR, WARNING, Finding, Span

CHECK = "terms"


@dataclass(frozen=True)
class Use:
    """One occurrence of a term in a segment, and how the English treats it."""

    term: Term
    segment: Segment
    zh_span: Span
    rendered: bool
    surface: tuple[str, ...]  # how the English writes the term, exactly
    solid: bool = True  # False: every match straddles two words, perhaps no term at all


def run(ctx) -> tuple[list[Finding], dict]:
    return _check(ctx), {}


def check(doc: Document, glossary: Glossary) -> list[Finding]:
    """Missing or forbidden renderings (errors), then inconsistent ones (warnings)."""
    from . import Context

    return _check(Context(doc, glossary))


def _check(ctx) -> list[Finding]:
    findings: list[Finding] = []
    uses: dict[str, list[Use]] = defaultdict(list)
    terms = {t.id: t for t in ctx.glossary.terms}
    parts = ctx.each(CHECK, lambda seg: _segment(seg, ctx.glossary))
    for seg, (found, used) in zip(ctx.doc.segments(), parts, strict=True):
        findings += map(Finding.from_json, found)
        for term_id, span, rendered, surface, solid in used:
            use = Use(terms[term_id], seg, tuple(span), rendered, tuple(surface), solid)
            uses[term_id].append(use)
    for term_uses in uses.values():
        findings.extend(_inconsistent(term_uses))
    return findings


def _segment(seg: Segment, glossary: Glossary) -> tuple[list[dict], list[list]]:
    """One segment's own findings, and its uses of terms (JSON) for the consistency check."""
    if not (seg.en and seg.en.strip()):
        return [], []
    findings = [_lost(seg)] if Flag.TERMS_LOST in seg.flags else []
    by_term: dict[str, list[TermUse]] = defaultdict(list)
    for u in find_uses(glossary, seg.zh):
        by_term[u.term.id].append(u)
    used = []
    for matches in by_term.values():
        use = _use(seg, matches)
        used.append([use.term.id, list(use.zh_span), use.rendered, list(use.surface), use.solid])
        others = [m.term.rendering for ms in by_term.values() if ms is not matches for m in ms]
        finding = _violation(use, matches, others)
        if finding is not None:
            findings.append(finding)
    return [f.to_json() for f in findings], used


def _use(seg: Segment, matches: list[TermUse]) -> Use:
    term, en = matches[0].term, seg.en or ""
    span = (matches[0].start, matches[0].end)
    solid = not all(m.doubtful for m in matches)
    return Use(term, seg, span, renders(term, en), _surface(term, en), solid)


def _violation(use: Use, matches: list[TermUse], others: list[str]) -> Finding | None:
    """A missing or forbidden rendering of one term in one segment."""
    term, seg, en = use.term, use.segment, use.segment.en or ""
    used = forbidden_in(term, en, others)
    if use.rendered and not used:
        return None
    spans = [s for v in used for s in phrase_spans(v, en)]
    zh_spans = [(m.start, m.end) for m in matches]
    if used:
        listed = ", ".join(f"“{v}”" for v in used)
        reason = f"{term.zh_hans}: forbidden {listed}; the glossary has “{term.en}”"
    else:
        reason = f"{term.zh_hans}: the English lacks “{term.rendering}”"
    severity = ERROR if term.status == "approved" else WARNING
    if not used and not use.solid:
        severity = WARNING
        reason += f" (perhaps no term here: the text reads {'|'.join(matches[0].words)})"
    elif severity == WARNING:
        reason += f" (term {term.status} in the glossary)"
    return _finding(severity, reason, seg, zh_spans, spans, term)


def _inconsistent(uses: list[Use]) -> list[Finding]:
    """Warnings for a term rendered in more than one way across segments."""
    term = uses[0].term
    segments = {u.segment.id: u for u in uses if u.solid}
    rendered = [u for u in segments.values() if u.rendered]
    missing = [u for u in segments.values() if not u.rendered]
    findings = []
    if rendered and missing:
        first = missing[0]
        reason = (
            f"{term.zh_hans} rendered “{term.en}” in {len(rendered)} segment(s) "
            f"but not in {len(missing)}: {', '.join(u.segment.id for u in missing)}"
        )
        findings.append(_finding(WARNING, reason, first.segment, [first.zh_span], [], term))
    forms = _forms(rendered)
    if _is_proper(term) and (len(forms) > 1 or (forms and term.en not in forms)):
        odd = next((u for u in rendered if _odd(u, term)), rendered[0])
        written = ", ".join(f"“{f}” ({n})" for f, n in forms.items())
        reason = f"{term.zh_hans} written {written}; the glossary has “{term.en}”"
        spans = [
            s
            for f in odd.surface
            for s in phrase_spans(f, odd.segment.en or "", plurals=False, case=True)
        ]
        findings.append(_finding(WARNING, reason, odd.segment, [odd.zh_span], spans, term))
    return findings


def _surface(term: Term, english: str) -> tuple[str, ...]:
    """The exact text the English uses for the term (singular part, as written)."""
    return tuple(english[a:b] for a, b in phrase_spans(term.en, english, plurals=False))


def _forms(uses: list[Use]) -> dict[str, int]:
    """Distinct written forms of a term, with how often each occurs."""
    forms: dict[str, int] = defaultdict(int)
    for use in uses:
        for form in use.surface:
            forms[form] += 1
    return dict(forms)


def _odd(use: Use, term: Term) -> bool:
    return any(f != term.en for f in use.surface)


def _is_proper(term: Term) -> bool:
    """Names written with capitals ("SANY Group"): there, case is part of the rendering."""
    return term.en[:1].isupper()


def _lost(seg: Segment) -> Finding:
    reason = "machine translation lost glossary placeholders: terms may be rendered freely"
    return Finding(CHECK, WARNING, reason, seg.id, seg.zh, seg.en)


def _finding(
    severity: str, reason: str, seg: Segment, zh: list[Span], en: list[Span], term: Term
) -> Finding:
    detail = {"term_id": term.id, "term_en": term.en}
    return Finding(CHECK, severity, reason, seg.id, seg.zh, seg.en, tuple(zh), tuple(en), detail)
