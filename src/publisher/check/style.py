"""English style for investor documents: the rules of docs/style-guide.md a machine can check.

Every finding is a warning that cites the guide's rule ID; the word lists are data in
publisher/data/style/ so a reviewer can extend them. What needs judgement (which actor, where
to split, whether a name is a title) stays with the reviewer.

- US-SPELLING: UK forms (the list, -ise/-isation, -yse), outside the exception phrases.
- FIRST-PERSON: we, our, us, let's outside quotation marks.
- UNIT-FORMAT: a unit glued to its number (5400T, 300PB), a hyphen between years, a figure of
  five or more digits without separators, "Yuan" after a figure, RMB where the Chinese has no 人民币.
- LOCAL-UNIT: the document's first mu not glossed in a parenthesis.
- SENTENCE-LENGTH: an English sentence over MAX_WORDS words.
- CALQUE: phrases from the calque list.
- QUOTATION: a passage in “…” of a sentence naming a Party or State body or document that holds
  no entry of the glossary's quotation list (domain `quotation`); the glossary check then makes
  the English use the listed official wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

from ..document import Document, Segment
from ..terms.glossary import Glossary, phrase_spans
from ..text import has_han
from .findings import WARNING, Finding, Span

CHECK = "style"
MAX_WORDS = 60

# US English words that end like UK -ise/-yse forms but are right as they are.
ISE_WORDS = frozenset(
    """advertise advise apprise arise chastise circumcise comprise compromise concise demise
    despise devise disguise enterprise excise exercise expertise franchise improvise incise
    merchandise noise otherwise paradise poise praise precise premise promise raise reprise
    revise rise supervise surmise surprise televise treatise wise likewise clockwise cruise
    bruise anise mortise sunrise appraise""".split()
)
ISE_RE = re.compile(r"\b([A-Za-z]+?)(is(?:e|es|ed|ing|ation|ations)|ys(?:e|es|ed|ing))\b")
FIRST_PERSON_RE = re.compile(r"\b(?:we|We|our|Our|ours|us|ourselves|Ourselves|[Ll]et's)\b")
QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")
GLUED_RE = re.compile(r"(?<![\w.,])\d[\d,.]*(?:PB|TB|GB|MB|km|kg|kW|MW|GW|kWh|T)\b")
YEAR_HYPHEN_RE = re.compile(r"\b(?:1[89]|20)\d{2}-(?:(?:1[89]|20)\d{2}|\d{2})\b")
NO_SEPARATOR_RE = re.compile(r"(?<![\w.,])\d{5,}(?![\d,]|\.\d)")
YUAN_RE = re.compile(r"\d(?:\s+(?:thousand|million|billion|trillion))?\s+Yuan\b")
RMB_RE = re.compile(r"\bRMB\b")
MU_RE = re.compile(r"\b(?:per-)?mu\b")
MU_GLOSS_RE = re.compile(r"\([^)]*(?:hectare|unit of land)[^)]*\)")
SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+[”\"’)]*|$)")
ZH_QUOTE_RE = re.compile(r"“([^”]+)”")
MIN_QUOTE = 8  # shorter quoted words (“135”工程, “五好”园区) are names and slogans, not quotations
QUOTATION_DOMAIN = "quotation"
NO_GLOSSARY = Glossary([], "")


def run(ctx) -> tuple[list[Finding], dict]:
    findings = _check(ctx)
    rules: dict[str, int] = {}
    for f in findings:
        rules[f.detail["rule"]] = rules.get(f.detail["rule"], 0) + 1
    return findings, {"style": rules}


def check(doc: Document, glossary: Glossary = NO_GLOSSARY) -> list[Finding]:
    """Every style warning of the document's English, rule by rule, in document order."""
    from . import Context

    return _check(Context(doc, glossary))


def _check(ctx) -> list[Finding]:
    findings: list[Finding] = []
    glossed = False
    parts = ctx.findings(CHECK, lambda seg: _segment(seg, ctx.glossary))
    for seg, part in zip(ctx.doc.segments(), parts, strict=True):
        findings += part
        en = seg.en or ""
        if not en.strip() or not has_han(seg.zh):
            continue
        if not glossed and (mu := MU_RE.search(en)):
            glossed = True
            if not MU_GLOSS_RE.search(en):
                reason = "the first mu is not glossed, e.g. “1,000 mu (about 67 hectares)”"
                findings.append(_finding(seg, "LOCAL-UNIT", reason, [mu.span()]))
    return findings


def _segment(seg: Segment, glossary: Glossary) -> list[Finding]:
    """The warnings one segment's English earns alone (the first mu is the document's)."""
    en = seg.en or ""
    if not en.strip() or not has_han(seg.zh):
        return []  # no English, or figures carried over as the source prints them
    found = [_finding(seg, rule, reason, spans) for rule, reason, spans in _segment_rules(seg, en)]
    for quoted in unlisted_quotations(seg.zh, glossary):
        reason = f"“{quoted}” quotes a Party or State text: add its official English to the glossary's quotation list"
        found.append(_finding(seg, "QUOTATION", reason, []))
    return found


def _segment_rules(seg: Segment, en: str) -> Iterator[tuple[str, str, list[Span]]]:
    if spans := uk_spellings(en):
        words = ", ".join(dict.fromkeys(en[a:b] for a, b in spans))
        yield "US-SPELLING", f"UK spelling: {words}", spans
    if spans := _outside_quotes(en, FIRST_PERSON_RE):
        words = ", ".join(dict.fromkeys(en[a:b] for a, b in spans))
        yield "FIRST-PERSON", f"first person: {words}", spans
    for reason, spans in _unit_problems(seg.zh, en):
        yield "UNIT-FORMAT", reason, spans
    for sentence, span in _long_sentences(en):
        yield "SENTENCE-LENGTH", f"a sentence of {sentence} words (over {MAX_WORDS})", [span]
    for phrase, write in calques().items():
        if spans := phrase_spans(phrase, en):
            yield "CALQUE", f"“{phrase}”: write {write}", spans


def unlisted_quotations(zh: str, glossary: Glossary) -> list[str]:
    """The quoted passages of a Party or State text that hold no quotation-list entry."""
    if not any(word in zh for word in party_state()):
        return []
    listed = [t.zh_hans for t in glossary.terms if t.domain == QUOTATION_DOMAIN and t.active]
    return [
        m.group(1)
        for m in ZH_QUOTE_RE.finditer(zh)
        if len(m.group(1)) >= MIN_QUOTE and not any(q in m.group(1) for q in listed)
    ]


def uk_spellings(en: str) -> list[Span]:
    """Where the English uses a UK form (exception phrases left out)."""
    masked = en
    for phrase in exceptions():
        masked = masked.replace(phrase, "\0" * len(phrase))
    spans = [s for word in uk_words() for s in phrase_spans(word, masked)]
    spans += [
        m.span()
        for m in ISE_RE.finditer(masked)
        if len(m.group(1)) > 2 and _stem(m).lower() not in ISE_WORDS
    ]
    return sorted(spans)


def _stem(m: re.Match) -> str:
    """The -ise word's base form: organis|ation -> organise, analys|ing -> analyse."""
    return m.group(1) + m.group(2)[:2] + "e"


def _outside_quotes(en: str, pattern: re.Pattern) -> list[Span]:
    quoted = [m.span() for m in QUOTED_RE.finditer(en)]
    return [
        m.span() for m in pattern.finditer(en) if not any(a <= m.start() < b for a, b in quoted)
    ]


def _unit_problems(zh: str, en: str) -> Iterator[tuple[str, list[Span]]]:
    glued = [m.span() for m in GLUED_RE.finditer(en)]
    if glued:
        yield "a unit glued to its number: write “300 PB”, “5,400-tonne”", glued
    if spans := [m.span() for m in YEAR_HYPHEN_RE.finditer(en)]:
        yield "a hyphen between years: write an en dash (2018–2020)", spans
    unseparated = [
        m.span()
        for m in NO_SEPARATOR_RE.finditer(en)
        if not any(a <= m.start() < b for a, b in glued)
    ]
    if unseparated:
        yield "a figure without thousands separators", unseparated
    if spans := [m.span() for m in YUAN_RE.finditer(en)]:
        yield "“yuan” is written lower case", spans
    if "人民币" not in zh and (spans := [m.span() for m in RMB_RE.finditer(en)]):
        yield "RMB where the Chinese says 元: write “yuan”", spans


def _long_sentences(en: str) -> Iterator[tuple[int, Span]]:
    for m in SENTENCE_RE.finditer(en):
        words = len(m.group().split())
        if words > MAX_WORDS:
            yield words, m.span()


def _finding(seg: Segment, rule: str, reason: str, spans: list[Span]) -> Finding:
    detail = {"rule": rule}
    return Finding(
        CHECK, WARNING, f"{rule}: {reason}", seg.id, seg.zh, seg.en, (), tuple(spans), detail
    )


@cache
def uk_words() -> tuple[str, ...]:
    return tuple(row[0] for row in _tsv("uk-spelling.tsv"))


@cache
def calques() -> dict[str, str]:
    return {row[0]: row[1] for row in _tsv("calques.tsv")}


@cache
def exceptions() -> tuple[str, ...]:
    return _lines("uk-exceptions.txt")


@cache
def party_state() -> tuple[str, ...]:
    return _lines("party-state.txt")


def _lines(name: str) -> tuple[str, ...]:
    text = _data(name)
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _tsv(name: str) -> list[list[str]]:
    rows = [line.split("\t") for line in _data(name).splitlines()[1:] if line.strip()]
    return [row + [""] * (3 - len(row)) for row in rows]


def _data(name: str) -> str:
    return resources.files("publisher").joinpath(f"data/style/{name}").read_text("utf-8")
