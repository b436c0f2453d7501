"""Chinese words (jieba): a sentence's words with their offsets, the word around a character.

jieba takes about 0.9 s to load its dictionary, more than converting and checking a whole
report once it is loaded. What it said is therefore kept between runs, in a file in the user's
cache folder (keyed by jieba's and this program's files): a rebuild of a report whose
sentences were seen before never loads it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..memo import LIBRARIES, Memo, cache_dir, version

Token = tuple[str, int, int]  # word, start, end


@cache
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokens(text: str) -> tuple[Token, ...]:
    """jieba's segmentation of text, with character offsets."""
    ends = remembered("tokens", text, lambda: [end for _, _, end in _jieba().tokenize(text)])
    out, start = [], 0
    for end in ends:
        out.append((text[start:end], start, end))
        start = end
    return tuple(out)


def word_at(text: str, index: int) -> Token:
    """The word holding the character at index."""
    for token in tokens(text):
        if token[1] <= index < token[2]:
            return token
    return (text[index : index + 1], index, index + 1)


def known(word: str) -> bool:
    """Whether word is in jieba's dictionary, not a guess of its hidden Markov model."""
    return len(word) == 1 or remembered("known", word, lambda: bool(frequencies()[0].get(word)))


def frequencies() -> tuple[dict[str, int], int]:
    """jieba's dictionary: word -> frequency, and their total."""
    dt = _jieba().dt
    dt.check_initialized()
    return dt.FREQ, dt.total


# --- what jieba said, kept between runs -------------------------------------------------------


def cache_path() -> Path:
    return cache_dir() / "words.json"


# keyed by this program's and its libraries' files, like every memo: the narrow-phrase margins
# kept here are this program's own computation
MEMO = Memo(cache_path, lambda: f"jieba {version(*LIBRARIES)}")
remembered = MEMO.get
save = MEMO.save
