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


def han_only(text: str) -> str:
    """The Han characters of text, in order (what survives any layout or extraction)."""
    return "".join(HAN_RE.findall(text))


# Format characters Chinese text and emoji need; every other control (Cc) and format (Cf)
# character is removed from a source and reported (NUL, bidi overrides and embeddings, …).
KEPT_FORMAT = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner


def is_control(char: str) -> bool:
    """A control or format character a report must not carry (tab and line ends aside)."""
    import unicodedata

    category = unicodedata.category(char)
    if category == "Cc":
        return char not in "\t\n\r"
    return category == "Cf" and char not in KEPT_FORMAT


def printable(text: str) -> str:
    """text safe for a terminal: control and format characters shown as \\uXXXX, never sent."""
    if not any(is_control(c) or c == "\x1b" for c in text):
        return text
    return "".join(f"\\u{ord(c):04x}" if is_control(c) else c for c in text)
