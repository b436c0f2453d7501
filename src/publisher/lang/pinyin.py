"""Pinyin (pypinyin): the readings of Chinese characters, and whether an English word is a pinyin
transliteration.

Only single characters are read (all their readings), so pypinyin's large phrase dictionary is
not loaded: that takes 0.3 s and this module's callers ask about two or three characters.
"""

from __future__ import annotations

import os
import unicodedata
from functools import cache, lru_cache

os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")  # read before pypinyin's first import


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


@lru_cache(maxsize=65536)
def readings(char: str) -> frozenset[str]:
    """Every toneless reading of one Chinese character (地: de, di)."""
    from pypinyin import Style, pinyin

    return frozenset(_toneless(r).lower() for r in pinyin(char, Style.NORMAL, heteronym=True)[0])


def reads_as(text: str, syllables_: tuple[str, ...]) -> bool:
    """Whether text, character by character, can be read as these syllables (组网地: zu wang di)."""
    return len(text) == len(syllables_) and all(
        s in readings(c) for c, s in zip(text, syllables_, strict=True)
    )


def sort_key(text: str) -> tuple[str, ...]:
    """Pinyin order for Chinese words: each character's first reading with its tone number
    (the same whatever else the process has loaded: single characters only)."""
    from pypinyin import Style, pinyin

    return tuple(r[0] for r in pinyin(text, Style.TONE3, heteronym=False))
