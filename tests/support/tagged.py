"""Reading a tagged PDF back: the structure tree with each element's text, the artifacts' text.

The text of each marked-content sequence comes from pypdf's extraction, attributed to the
innermost MCID open around it; text with no MCID around it is an artifact's (or untagged).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pypdf import PdfReader

from publisher.writers.pdfua import structure

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass
class Tagged:
    elements: list[dict[str, Any]]  # pdfua.structure(), each with its "text" (own and kids')
    artifacts: list[tuple[int, str]] = field(default_factory=list)  # (page index, text)
    untagged: list[tuple[int, str]] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter(e["type"].lstrip("/") for e in self.elements)

    def kids(self, element: dict[str, Any]) -> list[dict[str, Any]]:
        return [self.elements[i] for i in element["kids"]]


def language_of(text: str) -> str | None:
    """'zh' for text with Han and no Latin words, 'en' for Latin words and no Han, else None."""
    han, latin = bool(HAN.search(text)), bool(LATIN_WORD.search(text))
    if han and not latin:
        return "zh"
    if latin and not han:
        return "en"
    return None


def read(pdf: Path) -> Tagged:
    texts: dict[tuple[int, int], str] = {}
    tagged = Tagged([])
    for index, page in enumerate(PdfReader(pdf).pages):
        stack: list[tuple[str, int | None]] = []

        def before(op, args, cm, tm, stack=stack):
            if op in (b"BDC", b"BMC"):
                mcid = None
                if op == b"BDC" and hasattr(args[1], "get") and "/MCID" in args[1]:
                    mcid = int(args[1]["/MCID"])
                stack.append((str(args[0]), mcid))
            elif op == b"EMC" and stack:
                stack.pop()

        def text(t, cm, tm, font, size, stack=stack, index=index):
            if not t.strip():
                return
            mcids = [m for _, m in stack if m is not None]
            if mcids:
                texts[(index, mcids[-1])] = texts.get((index, mcids[-1]), "") + t
            elif any(tag == "/Artifact" for tag, _ in stack):
                tagged.artifacts.append((index, t))
            else:
                tagged.untagged.append((index, t))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    with pikepdf.open(pdf) as doc:
        elements = structure(doc)
    for e in reversed(elements):  # kids come after their parent: fill from the leaves up
        own = "".join(texts.get(m, "") for m in e["mcids"])
        e["text"] = own + "".join(elements[i]["text"] for i in e["kids"])
    tagged.elements = elements
    return tagged
