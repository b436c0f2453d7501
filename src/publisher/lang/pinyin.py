"""Pinyin (pypinyin): the reading of Chinese text, and whether an English word is a pinyin
transliteration."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache


@cache
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (ü written v), from pypinyin's dictionary."""
    from pypinyin.constants import PINYIN_DICT

    found: set[str] = set()
    for readings in PINYIN_DICT.values():
        found.update(_toneless(r) for r in readings.split(","))
    return frozenset(s for s in found if s.isalpha())


def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading.replace("ü", "v"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def split(word: str) -> tuple[str, ...]:
    """The word as pinyin syllables, longest first (Zuwangdi: zu wang di); () if it is none."""
    text = word.lower()
    known = syllables()

    @cache
    def rest(i: int) -> tuple[str, ...] | None:
        if i == len(text):
            return ()
        for j in range(min(len(text), i + 6), i, -1):
            if text[i:j] in known and (tail := rest(j)) is not None:
                return (text[i:j], *tail)
        return None

    return rest(0) or ()


def reading(text: str) -> str:
    """The toneless pinyin of Chinese text, run together (组网地: zuwangdi)."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).replace("ü", "v").lower()
