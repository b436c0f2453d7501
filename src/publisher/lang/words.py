"""Chinese words (jieba): a sentence's words with their offsets, the word around a character."""

from __future__ import annotations

from functools import cache, lru_cache

Token = tuple[str, int, int]  # word, start, end


@cache
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1 << 16)  # the convert stage and the checks read every segment in turn
def tokens(text: str) -> tuple[Token, ...]:
    """jieba's segmentation of text, with character offsets."""
    return tuple(_jieba().tokenize(text))


def word_at(text: str, index: int) -> Token:
    """The word holding the character at index."""
    for token in tokens(text):
        if token[1] <= index < token[2]:
            return token
    return (text[index : index + 1], index, index + 1)
