"""No tofu: every character of a rendered PDF must have a real glyph in an embedded font."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_CMAP_BLOCK = re.compile(r"begin(bf|cid)(char|range)(.*?)end\1\2", re.S)
_HEX = re.compile(r"<([0-9a-fA-F]+)>")


@dataclass(frozen=True)
class FontReport:
    """What the fonts of a PDF cover: characters with glyphs, characters drawn as .notdef."""

    covered: frozenset[str]
    tofu: dict[str, str]  # character -> font it fell back to .notdef in
    not_embedded: tuple[str, ...]


def inspect(pdf: Path) -> FontReport:
    """Read every font's encoding and ToUnicode CMaps; CID 0 is .notdef, the empty box.

    Read with pikepdf (qpdf): a 1,400-page report's name and outline arrays are over pypdf's
    parsing limits."""
    import pikepdf

    covered: set[str] = set()
    tofu: dict[str, str] = {}
    not_embedded: set[str] = set()
    with pikepdf.open(pdf) as document:
        for font in _fonts(document):
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            if not _embedded(font):
                not_embedded.add(name)
            to_unicode = _cmap(font, "/ToUnicode", _unicode)
            encoding = font.get("/Encoding")
            cids = _cmap(font, "/Encoding", int) if isinstance(encoding, pikepdf.Stream) else None
            for code, text in to_unicode.items():
                cid = cids.get(code, code) if cids is not None else code
                if cid == 0:
                    tofu.update((ch, name) for ch in text)
                else:
                    covered.update(text)
    return FontReport(frozenset(covered - set(tofu)), tofu, tuple(sorted(not_embedded)))


def _fonts(document):
    seen = set()
    for page in document.pages:
        resources = page.obj.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            if font.objgen not in seen or font.objgen == (0, 0):
                seen.add(font.objgen)
                yield font


def _embedded(font) -> bool:
    described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
    descriptor = described.get("/FontDescriptor")
    if descriptor is None:
        return False
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _cmap(font, key: str, value) -> dict[int, Any]:
    """A CMap stream's char and range entries as {code: value(destination)}."""
    stream = font.get(key)
    if stream is None or not hasattr(stream, "read_bytes"):
        return {}
    text = stream.read_bytes().decode("latin-1")
    table: dict[int, Any] = {}
    for _, kind, body in _CMAP_BLOCK.findall(text):
        if kind == "char":
            for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\d+)", body):
                table[int(src, 16)] = value(dst)
        else:
            for lo, hi, dst in re.findall(
                r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\d+)", body
            ):
                start = value(dst)
                for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                    table[code] = _shift(start, offset)
    return table


def _unicode(dst: str) -> str:
    """A ToUnicode destination (<hex UTF-16BE>) as text."""
    return bytes.fromhex(dst.strip("<>")).decode("utf-16-be", errors="replace")


def _shift(start, offset: int):
    if isinstance(start, int):
        return start + offset
    return start[:-1] + chr(ord(start[-1]) + offset)
