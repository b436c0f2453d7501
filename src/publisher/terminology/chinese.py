"""Script checks on Chinese terms with OpenCC: wrong-script characters, the default conversion."""

from __future__ import annotations

from ..variants import opencc_config


def convert(text: str, config: str = "s2tw") -> str:
    """text through one OpenCC configuration (s2tw is what the build uses by default)."""
    return opencc_config(config).convert(text)


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
