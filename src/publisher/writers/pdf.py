"""HTML -> PDF with WeasyPrint, one file per edition, atomically, with no missing glyph."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
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
    doc: Document,
    edition: Edition,
    target: Path,
    layout: LayoutConfig,
    qa: Path | None = None,
    pages: dict[str, Place] | None = None,
) -> Path:
    """Typeset one edition to target; a character no embedded font can draw is an error.

    pages, when given, is filled with the place of every segment (the review desk's preview).

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
    options = {
        "pdf_variant": None if press else layout.pdf_variant,
        "pdf_tags": _tagged(layout),
        "custom_metadata": True,
        "attachments": _attachments(layout, qa),
    }
    try:
        with atomic_path(target) as tmp:
            rendered = document.render(**options)
            rendered.write_pdf(tmp, **options)
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
    if pages is not None:
        pages.update(segment_places(rendered))
    return target


@dataclass(frozen=True)
class Place:
    """Where a segment starts: its page (from 1) and the box of its text there, in fractions of
    the page's width and height (the union of its line boxes on that page)."""

    page: int
    left: float
    top: float
    right: float
    bottom: float


def segment_places(rendered) -> dict[str, Place]:
    """Segment id -> its place, read from the laid-out boxes (each segment is a span carrying
    data-id in the HTML; a table cell names its segments in data-ids)."""
    found: dict[str, Place] = {}
    for number, page in enumerate(rendered.pages, start=1):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None:
                continue
            ids = (element.get("data-id") or element.get("data-ids") or "").split()
            for sid in ids:
                if sid not in found or found[sid].page == number:
                    found[sid] = _widened(found.get(sid), _place(box, page, number))
    return found


def _place(box, page, number: int) -> Place:
    x, y = box.border_box_x(), box.border_box_y()
    return Place(
        number,
        x / page.width,
        y / page.height,
        (x + box.border_width()) / page.width,
        (y + box.border_height()) / page.height,
    )


def _widened(was: Place | None, here: Place) -> Place:
    if was is None:
        return here
    return Place(
        here.page,
        min(was.left, here.left),
        min(was.top, here.top),
        max(was.right, here.right),
        max(was.bottom, here.bottom),
    )


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
