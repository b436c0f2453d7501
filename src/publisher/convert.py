"""convert: Simplified -> Traditional for the edition's variant; glossary zh-Hant overrides win."""

from __future__ import annotations

from dataclasses import replace

from .document import Conversion, Document
from .lang.opencc import CONFIGS, LANG_TAGS
from .terms.glossary import Glossary
from .terms.usage import to_traditional


def convert(doc: Document, glossary: Glossary, variant: str = "tw") -> Document:
    """Fill zh_hant on every segment and record how (glossary: with the document's decisions)."""
    doc = doc.map_segments(lambda s: replace(s, zh_hant=to_traditional(s.zh, glossary, variant)))
    return replace(doc, conversion=Conversion(variant, CONFIGS[variant], LANG_TAGS[variant]))
