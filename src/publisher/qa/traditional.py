"""Traditional review list: the one-to-many characters a reviewer of the zh-Hant edition checks.

A simplified character with several Traditional forms (发: 發 髮, 后: 後 后) is converted by
OpenCC either inside a phrase of its phrase dictionary (发展 -> 發展: decided) or alone, by the
character table's default (undecided: the reviewer must look). A glossary zh-Hant override
decides it too and counts as reviewed (left out of the list, counted in the totals).

To know which phrase decided an occurrence we redo OpenCC's segmentation: at each position the
longest key of the phrase dictionaries of the configuration's first conversion stage (STPhrases
and the phrases generated from regional ones), else one character. The dictionaries are read
from the installed opencc package with its own `opencc_dict` tool (ocd2 -> text), so the list
follows the OpenCC that converts. Without that tool the list falls back to an approximation
(a phrase decided it when OpenCC's output differs from the default) and says so.

With --variant twp the Taiwan vocabulary substitutions (優化 -> 最佳化) are listed as well.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..document import Document, Segment
from ..glossary import Glossary
from ..variants import CONFIGS, converter, to_traditional
from ..words import word_at
from .findings import WARNING, Finding

CHECK = "traditional"
CONTEXT = 8  # characters shown on each side
PHRASE, DEFAULT, OVERRIDE, VOCABULARY = "phrase", "default", "override", "vocabulary"
ORDER = {DEFAULT: 0, VOCABULARY: 1, PHRASE: 2, OVERRIDE: 3}


@dataclass(frozen=True)
class Phrases:
    """OpenCC's phrase dictionaries: key -> first Traditional value, and key lengths by first char."""

    values: dict[str, str]
    lengths: dict[str, tuple[int, ...]]

    def longest(self, text: str, i: int) -> int:
        """The length of the longest key starting at text[i], or 0."""
        for n in self.lengths.get(text[i], ()):
            if i + n <= len(text) and text[i : i + n] in self.values:
                return n
        return 0

    def spans(self, text: str) -> list[tuple[int, int]]:
        """OpenCC's maximum forward matching: the spans converted as phrases."""
        spans, i = [], 0
        while i < len(text):
            n = self.longest(text, i)
            if n:
                spans.append((i, i + n))
            i += n or 1
        return spans

    @classmethod
    def of(cls, values: dict[str, str]) -> Phrases:
        """A table with its key lengths indexed by first character, longest first."""
        lengths: dict[str, set[int]] = {}
        for key in values:
            lengths.setdefault(key[0], set()).add(len(key))
        return cls(values, {c: tuple(sorted(n, reverse=True)) for c, n in lengths.items()})


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
    return findings, {"traditional": totals(occurrences, findings, variant, phrases is not None)}


def totals(
    occurrences: list[Occurrence], findings: list[Finding], variant: str, exact: bool
) -> dict:
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
        "method": "opencc phrase dictionaries" if exact else "approximate (no opencc_dict)",
    }


def _occurrences(
    seg: Segment,
    glossary: Glossary,
    variant: str,
    table: dict[str, tuple[str, ...]],
    phrases: Phrases | None,
) -> list[Occurrence]:
    """Every one-to-many character of a segment, with what decided it."""
    zh = seg.zh
    hant = _aligned(seg, glossary, variant)
    decided = _decisions(zh, glossary, variant, phrases)
    found = []
    for i, char in enumerate(zh):
        if char in table:
            by, what = decided.get(i, (DEFAULT, ""))
            shown = hant[i] if hant else table[char][0]
            found.append(Occurrence(seg, i, table[char], shown, by, what, hant))
    return found


def _decisions(
    zh: str, glossary: Glossary, variant: str, phrases: Phrases | None
) -> dict[int, tuple[str, str]]:
    """index -> (decided_by, phrase or term) for each character a phrase or override decided."""
    decided: dict[int, tuple[str, str]] = {}
    for m in glossary.find(zh):
        if m.term.zh_hant:
            decided.update((i, (OVERRIDE, m.term.zh_hans)) for i in range(m.start, m.end))
    for pos, piece in _pieces(zh, glossary):
        for a, b in _phrase_spans(piece, variant, phrases):
            decided.update((pos + i, (PHRASE, piece[a:b])) for i in range(a, b))
    return decided


def _phrase_spans(piece: str, variant: str, phrases: Phrases | None) -> list[tuple[int, int]]:
    """Spans of the piece that OpenCC converts as phrases."""
    if phrases is not None:
        return phrases.spans(piece)
    # Approximation: OpenCC's output differs from the character table's default.
    table, out = one_to_many(), converter(variant).convert(piece)
    if len(out) != len(piece):
        return []
    return [(i, i + 1) for i, c in enumerate(piece) if c in table and out[i] != table[c][0]]


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
    stages = _stages("twp")
    if stages is None:
        return []
    (phrases, chars), taiwan = stages[0], stages[1]
    tw = to_traditional(seg.zh, glossary, "tw")
    findings = []
    for pos, piece in _pieces(seg.zh, glossary):
        for a, b in _segments(piece, phrases):
            text = piece[a:b]
            first = phrases.values.get(text) or "".join(chars.values.get(c, c) for c in text)
            for p, q, k in _matches(first, taiwan):
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


def _pieces(zh: str, glossary: Glossary) -> list[tuple[int, str]]:
    """The stretches between glossary overrides, which variants.to_traditional converts apart."""
    pieces, pos = [], 0
    for m in glossary.find(zh):
        if m.term.zh_hant:
            pieces.append((pos, zh[pos : m.start]))
            pos = m.end
    return [*pieces, (pos, zh[pos:])]


def _segments(text: str, phrases: Phrases) -> list[tuple[int, int]]:
    """OpenCC's segments: each phrase match, and each run of characters between them."""
    cuts, last = [], 0
    for a, b in phrases.spans(text):
        if a > last:
            cuts.append((last, a))
        cuts.append((a, b))
        last = b
    return cuts + ([(last, len(text))] if last < len(text) else [])


def _matches(text: str, group: tuple[Phrases, ...]) -> list[tuple[int, int, int]]:
    """OpenCC's conversion through a short-circuit group: (start, end, which dictionary)."""
    found, i = [], 0
    while i < len(text):
        n = 0
        for k, table in enumerate(group):
            n = table.longest(text, i)
            if n:
                found.append((i, i + n, k))
                break
        i += n or 1
    return found


@cache
def one_to_many() -> dict[str, tuple[str, ...]]:
    """OpenCC's character table, only the characters with several Traditional candidates."""
    text = resources.files("publisher.qa").joinpath("data/STCharacters.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        char, _, values = line.partition("\t")
        candidates = tuple(values.split())
        if len(candidates) > 1:
            table[char] = candidates
    return table


def phrase_table(variant: str) -> Phrases | None:
    """The phrase dictionaries of the variant's first OpenCC stage, or None without opencc_dict."""
    stages = _stages(variant)
    return stages[0][0] if stages else None


@cache
def _stages(variant: str) -> tuple[tuple[Phrases, ...], ...] | None:
    """The variant's conversion chain: per stage, its dictionaries in the order OpenCC tries them.

    A union of dictionaries (STPhrases with the generated regional phrases) is one table.
    """
    import opencc

    root = Path(opencc.__file__).parent / "clib"
    share, tool = root / "share" / "opencc", root / "bin" / "opencc_dict"
    try:
        config = json.loads((share / f"{CONFIGS[variant]}.json").read_text("utf-8"))
        stages = []
        for stage in config["conversion_chain"]:
            spec = stage["dict"]
            members = spec["dicts"] if spec.get("match_policy") == "short_circuit" else [spec]
            stages.append(tuple(_table(tool, share, _dict_files(m)) for m in members))
    except (OSError, KeyError, ValueError, subprocess.SubprocessError):
        return None
    return tuple(stages)


def _table(tool: Path, share: Path, files: list[str]) -> Phrases:
    """Dictionaries matched as a union, as one table (the first file wins a shared key)."""
    values: dict[str, str] = {}
    for name in files:
        for key, value in _dump(tool, share / name).items():
            values.setdefault(key, value)
    return Phrases.of(values)


def _dict_files(spec: dict) -> list[str]:
    """The ocd2 files of an OpenCC dictionary spec, groups flattened."""
    if spec.get("type") == "group":
        return [f for d in spec.get("dicts", []) for f in _dict_files(d)]
    return [spec["file"]] if spec.get("type") == "ocd2" else []


def _dump(tool: Path, ocd2: Path) -> dict[str, str]:
    """An ocd2 dictionary as key -> first value, through opencc_dict (read-only)."""
    if os.path.exists("/dev/stdout"):
        text = _run(tool, ocd2, "/dev/stdout")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "dict.txt"
            _run(tool, ocd2, str(out))
            text = out.read_text("utf-8")
    table = {}
    for line in text.splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            table[key] = values.split(" ")[0]
    return table


def _run(tool: Path, ocd2: Path, out: str) -> str:
    """Run opencc_dict, converting ocd2 to text."""
    args = [str(tool), "-i", str(ocd2), "-o", out, "-f", "ocd2", "-t", "text"]
    return subprocess.run(args, capture_output=True, check=True, timeout=120).stdout.decode("utf-8")
