"""read: a source file -> Document of blocks, whatever its format (one reader per format)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from charset_normalizer import from_bytes

from ..document import Document, SourceInfo
from ..errors import SourceError
from ..text import has_han
from . import markdown


def read(path: Path, name: str | None = None) -> Document:
    """Read a report file; an unreadable, undecodable or non-Chinese file is a SourceError.

    .docx and .odt go through pandoc (read/docx.py); anything else is read as Markdown.
    """
    raw = _bytes(path)
    name = name or path.name.split(".")[0]
    if path.suffix.lower() in (".docx", ".odt"):
        from . import docx

        doc = docx.read(path, name)
    else:
        doc = markdown.parse(decode_bytes(raw, path), name=name, base=path.resolve().parent)
    return replace(doc, source=SourceInfo(path.name, sha256=hashlib.sha256(raw).hexdigest()))


def decode(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), else the encoding charset-normalizer finds."""
    return decode_bytes(_bytes(path), path)


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror}") from None


def decode_bytes(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None or best.encoding in ("ascii",) or not has_han(str(best)):
        raise SourceError(
            f"{path} is not UTF-8 text and its encoding could not be recognised; "
            "save it as UTF-8 and try again"
        )
    return str(best)
