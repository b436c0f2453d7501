"""Chinese words (jieba): where a glossary match cuts into words, the word around a character."""

from __future__ import annotations

from functools import cache, lru_cache

Token = tuple[str, int, int]  # word, start, end


@cache
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[Token, ...]:
    """jieba's segmentation of text, with character offsets."""
    return tuple(_jieba().tokenize(text))


def word_at(text: str, index: int) -> Token:
    """The word holding the character at index."""
    for token in tokens(text):
        if token[1] <= index < token[2]:
            return token
    return (text[index : index + 1], index, index + 1)


def straddles(text: str, start: int, end: int) -> bool:
    """Whether [start, end) begins inside one word and ends inside another (存[储能]力)."""
    inside = [(a, b) for _, a, b in tokens(text) if a < start < b or a < end < b]
    return len(inside) == 2


def cut_across(text: str, start: int, end: int) -> str:
    """The words a match [start, end) cuts into at both ends, as text ('' when it does not).

    Such a match is probably false: 储能 (energy storage) inside 存储能力 (storage capacity).
    """
    first = next((a for _, a, b in tokens(text) if a < start < b), None)
    last = next((b for _, a, b in tokens(text) if a < end < b), None)
    return text[first:last] if first is not None and last is not None else ""
