"""render: Document -> HTML (Jinja2 templates) -> PDF (WeasyPrint), one file per edition."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import __version__
from .document import (
    APPROVED,
    BYLINE,
    HEADING,
    MACHINE,
    MACHINE_TERMS,
    MISSING,
    SECTION_TITLE,
    SUBTITLE,
    TITLE,
    Block,
    Document,
    Segment,
)
from .errors import RenderError
from .files import atomic_path
from .fonts import inspect
from .typography import typographic

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PROVENANCE_NAMES = {
    APPROVED: "from the approved translation",
    MACHINE: "machine-translated",
    MACHINE_TERMS: "machine-translated with glossary terms protected",
    MISSING: "untranslated",
}
PAPER = {  # size, margins (top right bottom left)
    "A4": ("A4", "22mm 18mm 24mm 18mm"),
    "Letter": ("letter", "0.85in 0.75in 0.95in 0.75in"),
    "A5": ("A5", "16mm 13mm 18mm 13mm"),
}
PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-3u", "pdf/ua-1", "pdf/x-3", "pdf/x-4")


@dataclass(frozen=True)
class Edition:
    """Which Chinese script (None: none) and whether English is in it."""

    key: str
    script: str | None
    english: bool
    label_en: str
    label_zh: str = ""


EDITIONS = {
    e.key: e
    for e in (
        Edition(
            "zh-Hans-en",
            "zh-Hans",
            True,
            "Simplified Chinese–English edition",
            "简体中文–英文对照版",
        ),
        Edition(
            "zh-Hant-en",
            "zh-Hant",
            True,
            "Traditional Chinese–English edition",
            "繁體中文–英文對照版",
        ),
        Edition("en", None, True, "English edition"),
        Edition("zh-Hans", "zh-Hans", False, "Simplified Chinese edition", "简体中文版"),
        Edition("zh-Hant", "zh-Hant", False, "Traditional Chinese edition", "繁體中文版"),
    )
}

DEFAULT_EDITIONS = ("zh-Hans-en", "zh-Hant-en")


@dataclass(frozen=True)
class Layout:
    """How the editions are set: paper, columns, and what the printer or archive needs."""

    paper: str = "A4"
    arrangement: str = "columns"  # or "stacked": English under its Chinese
    english_left: bool = False
    bleed: str | None = None  # e.g. "3mm"
    marks: str | None = None  # "crop", "cross" or "crop cross"
    pdf_variant: str | None = None


def html(
    doc: Document, edition: Edition, layout: Layout = Layout(), templates: Path = TEMPLATES
) -> str:
    """The edition's HTML; every string goes through Jinja2's autoescaping."""
    template = environment(templates).get_template("edition.html.j2")
    return template.render(**_context(doc, edition, layout))


def environment(templates: Path = TEMPLATES) -> Environment:
    """Jinja2 over the templates folder: autoescaped, and an unknown name is an error."""
    return Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )


def _context(doc: Document, edition: Edition, layout: Layout) -> dict:
    langs = _langs(edition, layout)
    hant = edition.script == "zh-Hant"
    rows = [_row(i, block, hant) for i, block in enumerate(doc.blocks)]
    meta = doc.meta
    size, margin = PAPER[layout.paper]
    cover = _cover(rows)
    title = _title(cover, "en" if edition.english else "zh", doc.name)
    lang_tags = _lang_tags(meta, hant)
    return {
        "edition": {"key": edition.key, "script": edition.script, "lang": lang_tags[langs[0]]},
        "langs": langs,
        "lang_tags": lang_tags,
        "edition_labels": {
            "zh": edition.label_zh,
            "en": edition.label_en,
        },
        "labels": _labels(hant, langs),
        "page": {
            "size": f"{size}; margin: {margin}",
            "paper": layout.paper,
            "layout": layout.arrangement,
            "bleed": layout.bleed,
            "marks": layout.marks,
        },
        "cover": cover,
        "toc": [r for r in rows if r["kind"] == HEADING],
        "rows": rows,
        "title": title,
        "subject": f"{edition.label_en}: {title}",
        "keywords": ", ".join(t["en"] for t in meta.get("terms", [])[:12]),
        "author": _author(cover, edition),
        "terms": [
            {"zh": t["zh_hant"] if hant else t["zh_hans"], "en": t["en"]}
            for t in meta.get("terms", [])
        ],
        "term_langs": ["zh", "en"],
        "version": __version__,
        "built": meta.get("built", date.today().isoformat()),
        "source_name": meta.get("source_name", doc.name),
        "chinese_note": _chinese_note(meta, hant),
        "provenance": _provenance(doc),
        "engine": meta.get("engine", ""),
        "mt": meta.get("mt"),
        "glossary_terms": meta.get("glossary_terms", 0),
        "glossary_version": meta.get("glossary_version", ""),
        "typeset_note": _typeset_note(layout),
    }


def _langs(edition: Edition, layout: Layout) -> list[str]:
    langs = (["zh"] if edition.script else []) + (["en"] if edition.english else [])
    return langs[::-1] if layout.english_left else langs


def _lang_tags(meta: dict, hant: bool) -> dict[str, str]:
    return {"zh": meta.get("lang_hant", "zh-Hant") if hant else "zh-Hans", "en": "en"}


def _row(index: int, block: Block, hant: bool) -> dict:
    segments = [
        {
            "id": s.id,
            "zh": _chinese(s, hant),
            "en": typographic(s.en) if s.en else None,
        }
        for s in block.segments
    ]
    zh = "".join(s["zh"] for s in segments)
    en = " ".join(s["en"] for s in segments) if all(s["en"] for s in segments) else ""
    row = {
        "kind": block.kind,
        "anchor": f"b{index + 1}",
        "segments": segments,
        "zh": zh,
        "en": en,
        "bookmark": None,
        "section": None,
    }
    if block.kind in (TITLE, SECTION_TITLE, HEADING):
        row["bookmark"] = f"{zh} · {en}" if en else zh
        row["section"] = en or zh
    return row


def _chinese(seg: Segment, hant: bool) -> str:
    """The segment's Chinese in the edition's script."""
    return (seg.zh_hant or seg.zh) if hant else seg.zh


def _cover(rows: list[dict]) -> dict:
    first = {}
    for row in rows:
        first.setdefault(row["kind"], row)
    return {
        "kicker": first.get(TITLE) if SECTION_TITLE in first else None,
        "headline": first.get(SECTION_TITLE) or first.get(TITLE),
        "subtitle": first.get(SUBTITLE),
        "byline": first.get(BYLINE),
    }


def _title(cover: dict, lang: str, fallback: str) -> str:
    headline = cover["headline"]
    return (headline and (headline[lang] or headline["zh"])) or fallback


def _author(cover: dict, edition: Edition) -> str:
    byline = cover["byline"]
    return byline["en" if edition.english else "zh"] if byline else ""


def _labels(hant: bool, langs: list[str]) -> dict:
    contents = {"zh": "目錄" if hant else "目录", "en": "Contents"}
    glossary = {"zh": "術語表" if hant else "术语表", "en": "Glossary of terms"}
    return {
        "cover": "Cover" if "en" in langs else "封面",
        "contents": " · ".join(contents[lang] for lang in langs),
        "contents_parts": contents,
        "glossary": " · ".join(glossary[lang] for lang in langs),
        "glossary_parts": glossary,
    }


def _provenance(doc: Document) -> list[tuple[str, int]]:
    counts = doc.provenance()
    return [(PROVENANCE_NAMES[p], counts[p]) for p in PROVENANCE_NAMES if counts[p]]


def _chinese_note(meta: dict, hant: bool) -> str:
    if not hant:
        return "the source text (Simplified Chinese), with the reader's repairs"
    return f"converted from the Simplified source with OpenCC ({meta.get('opencc', 's2tw')}) and glossary overrides"


def _typeset_note(layout: Layout) -> str:
    parts = [f"{layout.paper}, {layout.arrangement}", "Noto Serif CJK and EB Garamond, embedded"]
    if layout.bleed:
        parts.append(f"bleed {layout.bleed}")
    if layout.pdf_variant:
        parts.append(layout.pdf_variant.upper())
    return "; ".join(parts)


def pdf(
    doc: Document,
    edition: Edition,
    target: Path,
    layout: Layout = Layout(),
    templates: Path = TEMPLATES,
) -> Path:
    """Typeset one edition to target, atomically; a glyph no embedded font has is an error."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(
        string=html(doc, edition, layout, templates),
        base_url=str(templates) + "/",
        url_fetcher=_fetcher(templates),
    )
    try:
        with atomic_path(target) as tmp:
            document.write_pdf(tmp, pdf_variant=layout.pdf_variant, pdf_tags=_tagged(layout))
            _check_glyphs(tmp, doc, edition)
    except OSError as exc:
        raise RenderError(f"cannot write {target}: {exc.strerror}") from None
    return target


def _tagged(layout: Layout) -> bool:
    return bool(
        layout.pdf_variant
        and layout.pdf_variant.startswith(("pdf/ua", "pdf/a-1a", "pdf/a-2a", "pdf/a-3a"))
    )


def _check_glyphs(pdf_path: Path, doc: Document, edition: Edition) -> None:
    """Fail, naming character and segment, where a font drew the empty .notdef box."""
    fonts = inspect(pdf_path)
    if fonts.not_embedded:
        raise RenderError(f"fonts not embedded: {', '.join(fonts.not_embedded)}")
    if not fonts.tofu:
        return
    hant = edition.script == "zh-Hant"
    problems = []
    for char, font in sorted(fonts.tofu.items()):
        where = next(
            (s.id for s in doc.segments() if char in _chinese(s, hant) + (s.en or "")),
            "the page furniture",
        )
        problems.append(f"{char} (U+{ord(char):04X}) in {where}: no glyph in {font}")
    raise RenderError(
        "characters no installed font can draw (they would print as empty boxes):\n  "
        + "\n  ".join(problems)
        + "\nInstall a font that covers them (e.g. a CJK Extension font) or replace the characters."
    )


def _fetcher(templates: Path):
    """A URL fetcher that serves files from the templates folder and refuses everything else."""
    from weasyprint.urls import URLFetcher

    root = templates.resolve()

    class TemplatesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme != "file":
                raise ValueError(f"refused to fetch {url}: only files in {root} may be used")
            path = Path(unquote(parsed.path)).resolve()
            if not path.is_relative_to(root):
                raise ValueError(f"refused to fetch {path}: outside {root}")
            return super().fetch(url, headers)

    return TemplatesOnly(allowed_protocols=("file",))
