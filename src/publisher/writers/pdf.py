"""HTML -> PDF with WeasyPrint, one file per edition, atomically, with no missing glyph."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..config import Edition, LayoutConfig
from ..document import Document
from ..errors import RenderError
from ..files import atomic_path
from . import writer_for
from .glyphs import inspect
from .html import attaches_qa, chinese, templates


def pdf(
    doc: Document, edition: Edition, target: Path, layout: LayoutConfig, qa: Path | None = None
) -> Path:
    """Typeset one edition to target; a character no embedded font can draw is an error.

    The input fingerprint goes into the PDF's metadata; a PDF/A-3 edition carries the QA
    report (qa: its JSON file) as an attachment.
    """
    from weasyprint import HTML

    from . import justify, pdfua

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    justify.install(compress_punctuation=True)  # refuses any WeasyPrint it was not written for
    root = templates()
    document = HTML(
        string=writer_for(edition, layout).html(doc, edition, layout),
        base_url=str(root) + "/",
        url_fetcher=_fetcher(root, _images(doc)),
    )
    press = layout.pdf_variant == "pdf/x-4"
    accessible = layout.pdf_variant == pdfua.VARIANT
    if accessible:
        pdfua.install()  # refuses any WeasyPrint it was not written for
    try:
        with atomic_path(target) as tmp:
            document.write_pdf(
                tmp,
                pdf_variant=None if press else layout.pdf_variant,
                pdf_tags=_tagged(layout),
                custom_metadata=True,
                attachments=_attachments(layout, qa),
            )
            _check_glyphs(tmp, doc, edition)
            if accessible and (failed := pdfua.check_pdfua(tmp)):
                raise RenderError(
                    f"the {pdfua.VARIANT.upper()} file fails, so none is written: "
                    + "; ".join(failed[:12])
                    + (f"; and {len(failed) - 12} more" if len(failed) > 12 else "")
                )
            if press:
                _to_press(tmp, layout)
    except OSError as exc:
        raise RenderError(f"cannot write {target}: {exc.strerror}") from None
    return target


def _to_press(pdf_path: Path, layout: LayoutConfig) -> None:
    """The RGB PDF as checked PDF/X-4 in CMYK for the output profile, in place."""
    from .pdfx import check_pdfx4, to_pdfx4

    rgb = pdf_path.with_name(pdf_path.name + ".rgb")
    pdf_path.replace(rgb)
    try:
        to_pdfx4(rgb, pdf_path, layout.output_profile)
    finally:
        rgb.unlink(missing_ok=True)
    if failed := check_pdfx4(pdf_path):
        raise RenderError("the PDF/X-4 file fails: " + "; ".join(failed))


def _attachments(layout: LayoutConfig, qa: Path | None) -> list:
    from weasyprint import Attachment

    if qa is None or not attaches_qa(layout):
        return []
    return [
        Attachment(
            string=qa.read_text("utf-8"),
            name=qa.name,
            description="QA report of this edition's build (publisher)",
            relationship="Supplement",
        )
    ]


def _tagged(layout: LayoutConfig) -> bool:
    return bool(layout.pdf_variant and layout.pdf_variant.startswith(("pdf/a-1a", "pdf/a-2a")))


def _check_glyphs(pdf_path: Path, doc: Document, edition: Edition) -> None:
    """Fail, naming every character and its segment, where a font drew the empty .notdef box."""
    fonts = inspect(pdf_path)
    if fonts.not_embedded:
        raise RenderError(f"fonts not embedded: {', '.join(fonts.not_embedded)}")
    if not fonts.tofu:
        return
    printed = {s.id: _printed(s, edition) for s in doc.segments()}
    # All .notdef boxes of a font share one glyph, whose ToUnicode entry names only the first
    # character drawn with it: the others are the edition's characters no glyph covers.
    missing = set(fonts.tofu) | {
        c
        for text in printed.values()
        for c in text
        if c not in fonts.covered and unicodedata.category(c) not in UNDRAWN
    }
    problems = []
    for char in sorted(missing):
        where = next((sid for sid, text in printed.items() if char in text), "the page furniture")
        font = fonts.tofu.get(char, "any embedded font")
        problems.append(f"{char} (U+{ord(char):04X}) in {where}: no glyph in {font}")
    raise RenderError(
        f"{len(problems)} character(s) no installed font can draw (they would print as empty "
        "boxes):\n  "
        + "\n  ".join(problems)
        + "\nInstall a font that covers them (e.g. a CJK Extension font) or replace the characters."
    )


UNDRAWN = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # controls, format characters, spaces: no glyph


def _printed(seg, edition: Edition) -> str:
    """The segment's text as the edition prints it."""
    zh = chinese(seg, edition.script == "zh-Hant") if edition.script else ""
    return zh + ((seg.en or seg.zh) if edition.english else "")  # a draft prints the Chinese


def _images(doc: Document) -> frozenset[Path]:
    """The report's images: files the reader found inside the source's folder."""
    return frozenset(Path(b.figure.src).resolve() for b in doc.blocks if b.figure is not None)


def _fetcher(root: Path, images: frozenset[Path] = frozenset()):
    """A URL fetcher that serves the templates folder and the report's own images, nothing else."""
    from weasyprint.urls import URLFetcher

    root = root.resolve()

    class TemplatesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme != "file":
                raise ValueError(f"refused to fetch {url}: only files in {root} may be used")
            path = Path(unquote(parsed.path)).resolve()
            if not path.is_relative_to(root) and path not in images:
                raise ValueError(f"refused to fetch {path}: outside {root}")
            return super().fetch(url, headers)

    return TemplatesOnly(allowed_protocols=("file",))
