"""render: Document -> HTML (Jinja2 templates) -> PDF (WeasyPrint), one file per edition."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import __version__
from .document import APPROVED, MACHINE, MACHINE_TERMS, MISSING, Document
from .errors import RenderError
from .files import atomic_path
from .typography import typographic

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PROVENANCE_NAMES = {
    APPROVED: "from the approved translation",
    MACHINE: "machine-translated",
    MACHINE_TERMS: "machine-translated with glossary terms protected",
    MISSING: "untranslated",
}


@dataclass(frozen=True)
class Edition:
    key: str
    script: str
    label: str


EDITIONS = {
    "zh-Hans-en": Edition("zh-Hans-en", "zh-Hans", "Simplified Chinese–English edition"),
    "zh-Hant-en": Edition("zh-Hant-en", "zh-Hant", "Traditional Chinese–English edition"),
}


def html(doc: Document, edition: Edition, templates: Path = TEMPLATES) -> str:
    """The edition's HTML; every string goes through Jinja2's autoescaping."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )
    env.filters["typographic"] = typographic
    return env.get_template("edition.html.j2").render(**_context(doc, edition))


def _context(doc: Document, edition: Edition) -> dict:
    hant = edition.script == "zh-Hant"
    rows = [
        {
            "kind": block.kind,
            "segments": [
                {"id": s.id, "zh": (s.zh_hant or s.zh) if hant else s.zh, "en": s.en}
                for s in block.segments
            ],
        }
        for block in doc.blocks
    ]
    counts = Counter(s.provenance for s in doc.segments())
    meta = doc.meta
    return {
        "edition": {
            "key": edition.key,
            "label": edition.label,
            "script": edition.script,
            "lang": meta.get("lang_hant", "zh-Hant") if hant else "zh-Hans",
        },
        "rows": rows,
        "title_en": _english_title(doc),
        "author": meta.get("author", ""),
        "version": __version__,
        "built": meta.get("built", date.today().isoformat()),
        "source_name": meta.get("source_name", doc.name),
        "chinese_note": _chinese_note(meta, hant),
        "provenance": [(PROVENANCE_NAMES[p], counts[p]) for p in PROVENANCE_NAMES if counts[p]],
        "engine": meta.get("engine", ""),
        "mt": meta.get("mt"),
        "glossary_terms": meta.get("glossary_terms", 0),
        "glossary_version": meta.get("glossary_version", ""),
    }


def _english_title(doc: Document) -> str:
    for kind in ("section_title", "title"):
        block = doc.first(kind)
        if block and all(s.en for s in block.segments):
            return " ".join(s.en for s in block.segments)
    return doc.name


def _chinese_note(meta: dict, hant: bool) -> str:
    if not hant:
        return "the source text (Simplified Chinese), with the reader's repairs"
    return f"converted from the Simplified source with OpenCC ({meta.get('opencc', 's2tw')}) and glossary overrides"


def pdf(doc: Document, edition: Edition, target: Path, templates: Path = TEMPLATES) -> Path:
    """Typeset one edition to target, atomically."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(
        string=html(doc, edition, templates),
        base_url=str(templates) + "/",
        url_fetcher=_fetcher(templates),
    )
    try:
        with atomic_path(target) as tmp:
            document.write_pdf(tmp)
    except OSError as exc:
        raise RenderError(f"cannot write {target}: {exc.strerror}") from None
    return target


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
