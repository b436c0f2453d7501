"""read: a source file -> Document of blocks, whatever its format (one reader per format)."""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path

from charset_normalizer import from_bytes

from ..config import stem_of
from ..document import Document, SourceInfo, SourceWarning, WarningKind
from ..errors import SourceError
from ..text import has_han, is_control
from . import markdown


def read(path: Path, name: str | None = None, from_traditional: bool = False) -> Document:
    """Read a report file; an unreadable, undecodable or non-Chinese file is a SourceError.

    .docx and .odt go through pandoc (read/docx.py); anything else is read as Markdown.
    """
    raw = _bytes(path)
    name = name or stem_of(path)
    if path.suffix.lower() in (".docx", ".odt"):
        from . import docx

        doc = docx.read(path, name)
    else:
        text, removed = without_controls(decode_bytes(raw, path))
        text, noted = _simplified(text, path, from_traditional)
        removed += noted
        doc = markdown.parse(text, name=name, base=path.resolve().parent)
        doc = replace(doc, warnings=tuple(sorted((*removed, *doc.warnings), key=lambda w: w.line)))
    return replace(doc, source=SourceInfo(path.name, sha256=hashlib.sha256(raw).hexdigest()))


TRADITIONAL_SHARE = 0.5  # of the characters only one script writes: more is a Traditional source


def _simplified(text: str, path: Path, convert: bool) -> tuple[str, list[SourceWarning]]:
    """A source written in Simplified Chinese, as the editions assume: a mostly Traditional one
    is refused, or converted to Simplified with OpenCC (t2s) when asked."""
    trad, simp = script_counts(text)
    if trad < 10 or trad <= TRADITIONAL_SHARE * (trad + simp):
        return text, []
    if not convert:
        raise SourceError(
            f"{path} is written in Traditional Chinese ({trad} characters only Traditional "
            f"writes, {simp} only Simplified): the Simplified edition would print Traditional "
            "text. Build with --from-traditional to convert it to Simplified first."
        )
    from ..lang.opencc import convert as opencc_convert

    note = f"the source is Traditional Chinese ({trad} characters): converted to Simplified (t2s)"
    return opencc_convert(text, "t2s"), [SourceWarning(1, WarningKind.NOTE, text=note)]


def script_counts(text: str) -> tuple[int, int]:
    """(characters only Traditional writes, characters only Simplified writes) in text."""
    import hanzidentifier

    trad = simp = 0
    for char, n in Counter(text).items():
        if has_han(char):
            kind = hanzidentifier.identify(char)
            trad += n * (kind == hanzidentifier.TRADITIONAL)
            simp += n * (kind == hanzidentifier.SIMPLIFIED)
    return trad, simp


def without_controls(text: str) -> tuple[str, list[SourceWarning]]:
    """The text without control and format characters, and a warning per line naming them."""
    if not any(is_control(c) for c in text):
        return text, []
    warnings = []
    kept_lines = []
    for n, line in enumerate(text.split("\n"), start=1):
        found = Counter(c for c in line if is_control(c))
        if found:
            names = ", ".join(
                f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}"
                + (f" ×{k}" if k > 1 else "")
                for c, k in found.items()
            )
            warnings.append(SourceWarning(n, WarningKind.NOTE, text=f"removed {names}"))
            line = "".join(c for c in line if not is_control(c))
        kept_lines.append(line)
    return "\n".join(kept_lines), warnings


def decode(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), else the encoding charset-normalizer finds."""
    return decode_bytes(_bytes(path), path)


MAX_SOURCE = 20 * 1024 * 1024  # bytes: 10,000 pages of report; more is no report


def _bytes(path: Path) -> bytes:
    """The file's bytes, read in a bounded way: a device or pipe is refused, not read."""
    try:
        if not path.is_file():
            what = "a folder" if path.is_dir() else "no file" if not path.exists() else "not a file"
            raise SourceError(f"cannot read {path}: {what}")
        with path.open("rb") as f:
            raw = f.read(MAX_SOURCE + 1)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > MAX_SOURCE:
        raise SourceError(f"{path} is over {MAX_SOURCE // 2**20} MB: split the report")
    return raw


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
