"""Completeness: every segment has English, in English, of a plausible length.

The length check predicts a segment's English length from its Chinese length and the document's
usual ratio: the median of len(English) / len(Chinese) over segments long enough to say something
(MIN_CHARS Chinese characters or more). A much shorter English usually means a dropped clause.
"""

from __future__ import annotations

import re
from statistics import median

from ..document import Document, Provenance, Segment
from ..text import HAN
from .findings import ERROR, WARNING, Finding

CHECK = "completeness"

MIN_CHARS = 10  # shorter Chinese segments (headings, "高位发动。") vary too much to judge
TRUNCATED = 0.5  # English shorter than this share of the predicted length: an error
SHORT = 0.67  # shorter than this share: a warning
LONG = 2.0  # longer than this multiple: a warning (added text, or a merged segment)
DEFAULT_RATIO = 2.8  # English characters per Chinese character when a document has too few
MIN_SAMPLE = 5  # segments needed to trust the document's own ratio

HAN_RUN = re.compile(f"[{HAN}]+")


def run(ctx) -> tuple[list[Finding], dict]:
    return check(ctx.doc)


def check(doc: Document) -> tuple[list[Finding], dict]:
    """Findings, and the ratio used (for the report's extra information)."""
    ratio, sample = usual_ratio(doc)
    findings = []
    for seg in doc.segments():
        finding = check_segment(seg, ratio)
        if finding is not None:
            findings.append(finding)
    return findings, {"length_ratio": round(ratio, 2), "ratio_sample": sample}


def check_segment(seg: Segment, ratio: float) -> Finding | None:
    """The worst completeness problem of one segment, if any."""
    english = seg.en or ""
    en, zh = english.strip(), seg.zh.strip()
    if seg.provenance == Provenance.CARRIED:
        return None  # figures, units, dashes: the English is the source by design
    if not en:
        what = "no English" if seg.en is None else "empty English"
        return _finding(ERROR, f"{what} (provenance: {seg.provenance})", seg)
    if en == zh:
        return _finding(ERROR, "the English is a copy of the Chinese", seg, en=[(0, len(english))])
    han = [m.span() for m in HAN_RUN.finditer(english)]
    if han:
        left = "".join(english[a:b] for a, b in han)
        return _finding(ERROR, f"Chinese left in the English: {left}", seg, en=han)
    return _length(seg, ratio)


def _length(seg: Segment, ratio: float) -> Finding | None:
    zh_len, en_len = _chars(seg.zh), len((seg.en or "").strip())
    if zh_len < MIN_CHARS:
        return None
    predicted = ratio * zh_len
    share = en_len / predicted
    said = f"English {en_len} characters, about {predicted:.0f} expected ({share:.0%})"
    if share < TRUNCATED:
        return _finding(ERROR, f"{said}: a clause or sentence may be missing", seg)
    if share < SHORT:
        return _finding(WARNING, f"{said}: shorter than usual", seg)
    if share > LONG:
        return _finding(WARNING, f"{said}: longer than usual", seg)
    return None


def usual_ratio(doc: Document) -> tuple[float, int]:
    """Median English/Chinese length ratio over translated segments of MIN_CHARS or more."""
    ratios = [
        len(s.en.strip()) / _chars(s.zh)
        for s in doc.segments()
        if s.en and s.en.strip() and _chars(s.zh) >= MIN_CHARS and not HAN_RUN.search(s.en)
    ]
    if len(ratios) < MIN_SAMPLE:
        return DEFAULT_RATIO, len(ratios)
    return median(ratios), len(ratios)


def _chars(text: str) -> int:
    """Length without whitespace."""
    return len(re.sub(r"\s+", "", text))


def _finding(severity: str, reason: str, seg: Segment, en: list | None = None) -> Finding:
    return Finding(CHECK, severity, reason, seg.id, seg.zh, seg.en, (), tuple(en or ()))
