"""Character classes and normalisation shared by the reader, segmenter and checks."""

import re
import unicodedata

# Han ideographs (URO, Ext A, compatibility) and the supplementary planes' Extensions B-I.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# CJK punctuation, full-width forms and curly quotes count as Chinese context.
CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026\u2014"
HAN_RE = re.compile(f"[{HAN}]")
CJK_RE = re.compile(f"[{HAN}{CJK_PUNCT}]")

SENTENCE_END = "。！？；"
CLOSERS = "”’」』）)》〉】"


def normalise(text: str) -> str:
    """The form segment ids are computed from: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def has_han(text: str) -> bool:
    return HAN_RE.search(text) is not None
