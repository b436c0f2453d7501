"""OpenCC, and only here (with lang.ocd2, its data reader): configurations, converters,
dictionaries, the one-to-many table.

Every other module asks this one: the converter for a --variant, the phrase dictionaries of a
configuration's stages (to know which phrase decided a character), the character table's
one-to-many entries, and script checks (a Simplified character in Traditional text). The
dictionaries are the installed OpenCC's own, read in-process: the review list follows the
OpenCC that converts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import PublisherError
from . import ocd2

# --variant -> OpenCC configuration. s2tw keeps mainland vocabulary, which suits policy prose;
# s2twp also swaps in Taiwan vocabulary (made for IT text: it turns 优化 into 最佳化).
# tw-opencc is plain s2tw: no house style, no word-boundary fallback (lang.hant.PROFILES).
CONFIGS = {"tw": "s2tw", "tw-opencc": "s2tw", "twp": "s2twp", "hk": "s2hk", "t": "s2t"}
LANG_TAGS = {
    "tw": "zh-Hant-TW",
    "tw-opencc": "zh-Hant-TW",
    "twp": "zh-Hant-TW",
    "hk": "zh-Hant-HK",
    "t": "zh-Hant",
}


def converter(variant: str):
    """OpenCC for a --variant (tw, tw-opencc, twp, hk, t)."""
    if variant not in CONFIGS:
        raise PublisherError(f"unknown variant {variant!r}; choose one of {', '.join(CONFIGS)}")
    return opencc_config(CONFIGS[variant])


@cache
def opencc_config(config: str):
    """One OpenCC converter per configuration (s2tw, t2s, ...), built once."""
    import opencc

    return opencc.OpenCC(config)


def convert(text: str, config: str = "s2tw") -> str:
    """text through one OpenCC configuration (s2tw is what the build uses by default)."""
    return opencc_config(config).convert(text)


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


def segments(text: str, phrases: Phrases) -> list[tuple[int, int]]:
    """OpenCC's segments: each phrase match, and each run of characters between them."""
    cuts, last = [], 0
    for a, b in phrases.spans(text):
        if a > last:
            cuts.append((last, a))
        cuts.append((a, b))
        last = b
    return cuts + ([(last, len(text))] if last < len(text) else [])


def matches(text: str, group: tuple[Phrases, ...]) -> list[tuple[int, int, int]]:
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
    """OpenCC's character table (STCharacters), only the characters with several candidates."""
    table = ocd2.read(ocd2.share() / "STCharacters.ocd2")
    return {char: values for char, values in table.items() if len(values) > 1}


@cache
def script_characters() -> tuple[frozenset[str], frozenset[str]]:
    """The characters only Simplified writes (OpenCC's STCharacters changes them), and those
    only Traditional writes (TSCharacters changes them)."""
    st = ocd2.read(ocd2.share() / "STCharacters.ocd2")
    ts = ocd2.read(ocd2.share() / "TSCharacters.ocd2")
    simplified = frozenset(c for c, v in st.items() if c not in v)
    traditional = frozenset(c for c, v in ts.items() if c not in v)
    return simplified, traditional


@cache
def phrase_forms() -> dict[str, tuple[str, ...]]:
    """OpenCC's phrases (STPhrases) with several Traditional forms: phrase -> the others
    (编制: 編製 beside 編制, 海里: 海裏 beside 海里). OpenCC takes the first; the data itself
    says the phrase is ambiguous."""
    table = ocd2.read(ocd2.share() / "STPhrases.ocd2")
    return {key: values[1:] for key, values in table.items() if len(values) > 1}


def phrase_table(variant: str) -> Phrases:
    """The phrase dictionaries of the variant's first OpenCC stage, as one table."""
    return stages(variant)[0][0]


@cache
def stages(variant: str) -> tuple[tuple[Phrases, ...], ...]:
    """The variant's conversion chain: per stage, its dictionaries in the order OpenCC tries them.

    A union of dictionaries (STPhrases with the generated regional phrases) is one table; the
    first file wins a shared key. Raises ocd2.DataError if OpenCC's data cannot be read.
    """
    return tuple(
        tuple(_table(files) for files in stage) for stage in ocd2.config_stages(CONFIGS[variant])
    )


def _table(files: list[Path]) -> Phrases:
    """Dictionaries matched as a union, as one table (the first file wins a shared key)."""
    values: dict[str, str] = {}
    for path in files:
        for key, candidates in ocd2.read(path).items():
            values.setdefault(key, candidates[0])
    return Phrases.of(values)


def simplified_in(text: str) -> list[str]:
    """Characters of a Traditional text that no Traditional standard writes there."""
    return _odd(text, ("s2t", "s2tw", "s2hk"), back="t2s")


def traditional_in(text: str) -> list[str]:
    """Characters of a Simplified text that Simplified Chinese writes otherwise."""
    return _odd(text, ("t2s",), back="s2t")


def _odd(text: str, configs: tuple[str, ...], back: str) -> list[str]:
    """Characters that every conversion changes and that converting back leaves alone."""
    forms = [convert(text, c) for c in configs]
    odd = []
    for i, ch in enumerate(text):
        # OpenCC maps character for character; should a form differ in length, judge ch alone.
        alternatives = {
            f[i] if len(f) == len(text) else convert(ch, c)
            for f, c in zip(forms, configs, strict=True)
        }
        if ch not in alternatives and convert(ch, back) == ch and ch not in odd:
            odd.append(ch)
    return odd
