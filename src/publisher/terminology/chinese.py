"""Script checks on Chinese terms with OpenCC: wrong-script characters, the default conversion."""

from __future__ import annotations

from functools import cache


@cache
def _cc(config: str):
    import opencc

    return opencc.OpenCC(config)


def convert(text: str, config: str = "s2tw") -> str:
    """text through one OpenCC configuration (s2tw is what the build uses by default)."""
    return _cc(config).convert(text)


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


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    return jieba.Tokenizer()  # its own dictionary: glossary words are not added to it


def cut_across(text: str, start: int, end: int) -> str:
    """The words of text a match [start, end) cuts into at both ends ('' when it does not).

    Such a match is probably false: 储能 (energy storage) inside 存储能力 (storage capacity).
    """
    words, pos = [], 0
    for word in _jieba().cut(text):
        words.append((pos, pos + len(word)))
        pos += len(word)
    first = next((w for w in words if w[0] < start < w[1]), None)
    last = next((w for w in words if w[0] < end < w[1]), None)
    return text[first[0] : last[1]] if first and last else ""
