"""convert: Simplified -> Traditional with OpenCC; glossary zh-Hant overrides win."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from .document import Document
from .errors import PublisherError
from .glossary import Glossary

# --variant -> OpenCC configuration. s2tw keeps mainland vocabulary, which suits policy prose;
# s2twp also swaps in Taiwan vocabulary (made for IT text: it turns 优化 into 最佳化).
CONFIGS = {"tw": "s2tw", "twp": "s2twp", "hk": "s2hk", "t": "s2t"}
LANG_TAGS = {"tw": "zh-Hant-TW", "twp": "zh-Hant-TW", "hk": "zh-Hant-HK", "t": "zh-Hant"}


def converter(variant: str):
    """OpenCC for a --variant (tw, twp, hk, t)."""
    if variant not in CONFIGS:
        raise PublisherError(f"unknown variant {variant!r}; choose one of {', '.join(CONFIGS)}")
    return opencc_config(CONFIGS[variant])


@cache
def opencc_config(config: str):
    """One OpenCC converter per configuration (s2tw, t2s, ...), built once."""
    import opencc

    return opencc.OpenCC(config)


def to_traditional(text: str, glossary: Glossary, variant: str = "tw") -> str:
    """Convert text; a glossary term with a zh-Hant override is replaced by that override."""
    cc = converter(variant)
    out, pos = [], 0
    for match in glossary.find(text):
        if match.term.zh_hant:
            out.append(cc.convert(text[pos : match.start]))
            out.append(match.term.zh_hant)
            pos = match.end
    out.append(cc.convert(text[pos:]))
    return "".join(out)


def convert(doc: Document, glossary: Glossary, variant: str = "tw") -> Document:
    """Fill zh_hant on every segment."""
    doc = doc.map_segments(lambda s: replace(s, zh_hant=to_traditional(s.zh, glossary, variant)))
    meta = {"variant": variant, "opencc": CONFIGS[variant], "lang_hant": LANG_TAGS[variant]}
    return replace(doc, meta={**doc.meta, **meta})
