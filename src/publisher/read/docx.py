"""Word (.docx) and OpenDocument (.odt) -> Document: pandoc turns the file into GitHub Markdown,
the Markdown reader does the rest.

Pandoc (pypandoc-binary) rather than python-docx: pandoc already reads what a report holds
(heading styles, Word numbering as nested lists, footnotes, bold/italic/links, merged cells,
embedded images) and writes it as Markdown the one reader understands, so Word input meets the
same model, checks and repairs as Markdown. python-docx would need footnotes, numbering and
merged cells written by hand from the XML. Pandoc's GFM keeps a table with merged cells, and an
image with a size, as raw HTML: the Markdown reader takes those two HTML forms for DOCX input.

The embedded images are extracted into a private temporary folder (removed at exit) that serves
as the source folder: images can only come from inside the file itself.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import zipfile
from pathlib import Path

from ..document import Document
from ..errors import SourceError
from . import markdown

# suffix -> (pandoc's reader, the part every such file holds, what to call it)
FORMATS = {
    ".docx": ("docx", "word/document.xml", "a Word document"),
    ".odt": ("odt", "content.xml", "an OpenDocument text"),
}


def read(path: Path, name: str) -> Document:
    """A .docx or .odt file -> Document; a file that is not what its suffix says is a SourceError."""
    fmt, part, what = FORMATS[path.suffix.lower()]
    if not path.is_file():
        raise SourceError(f"cannot read {path}: no such file")
    if not zipfile.is_zipfile(path):
        raise SourceError(f"{path} is not {what} (such files are zip archives; this is not)")
    with zipfile.ZipFile(path) as archive:
        if part not in archive.namelist():
            raise SourceError(f"{path} is a zip archive but not {what} (no {part})")
    media = Path(tempfile.mkdtemp(prefix="publisher-docx-"))
    atexit.register(shutil.rmtree, media, ignore_errors=True)
    text = to_markdown(path, media, fmt)
    return markdown.parse(text, name=name, base=media, html=True)


def to_markdown(path: Path, media: Path, fmt: str = "docx") -> str:
    import pypandoc

    try:
        return pypandoc.convert_file(
            str(path),
            "gfm",
            format=fmt,
            extra_args=[f"--extract-media={media}", "--wrap=none"],
        )
    except (RuntimeError, OSError) as exc:
        raise SourceError(f"{path}: pandoc cannot read it as {fmt} ({exc})") from None
