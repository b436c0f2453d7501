"""Document -> the HTML of one edition: one Jinja2 environment over the package's templates.

A writer (columns, stacked, monolingual) picks the template; this module builds what every
edition's template is given, from the typed document. A stage the document has not been
through (no conversion for a Traditional edition, no glossary information) is an error here,
never a silent default.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .. import __version__
from ..config import PAPER, Edition, LayoutConfig
from ..document import HEADINGS, Block, BlockKind, Document, Provenance, Segment
from ..lang.typography import typographic

PROVENANCE_NAMES = {
    Provenance.APPROVED: "from the approved translation",
    Provenance.MEMORY: "from the translation memory",
    Provenance.MACHINE: "machine-translated",
    Provenance.MACHINE_TERMS: "machine-translated with glossary terms protected",
    Provenance.MISSING: "untranslated",
}


def templates() -> Path:
    """The templates folder of the installed package."""
    return Path(str(resources.files("publisher.templates")))


@cache
def environment() -> Environment:
    """Jinja2 over the templates: autoescaped, and an unknown name is an error."""
    return Environment(
        loader=FileSystemLoader(templates()),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )


def render(template: str, context: dict) -> str:
    return environment().get_template(template).render(**context)


def context(doc: Document, edition: Edition, layout: LayoutConfig) -> dict:
    """What every edition template is given."""
    source, glossary, terms = _require(doc, edition)
    langs = _langs(edition, layout)
    hant = edition.script == "zh-Hant"
    rows = [_row(i, block, hant) for i, block in enumerate(doc.blocks)]
    size, margin = PAPER[layout.paper]
    cover = _cover(rows)
    title = _title(cover, "en" if edition.english else "zh", doc.name)
    lang_tags = {"zh": doc.conversion.lang if hant and doc.conversion else "zh-Hans", "en": "en"}
    return {
        "edition": {"key": edition.key, "script": edition.script, "lang": lang_tags[langs[0]]},
        "langs": langs,
        "lang_tags": lang_tags,
        "edition_labels": {"zh": edition.label_zh, "en": edition.label_en},
        "labels": _labels(hant, langs),
        "page": {
            "size": f"{size}; margin: {margin}",
            "paper": layout.paper,
            "layout": layout.arrangement,
            "bleed": layout.bleed,
            "marks": layout.marks,
        },
        "cover": cover,
        "toc": [r for r in rows if r["kind"] == BlockKind.HEADING],
        "rows": rows,
        "title": title,
        "subject": f"{edition.label_en}: {title}",
        "keywords": ", ".join(t.en for t in terms[:12]),
        "author": _author(cover, edition),
        "terms": [{"zh": t.zh_hant if hant else t.zh_hans, "en": t.en} for t in terms],
        "term_langs": ["zh", "en"],
        "version": __version__,
        "built": source.built,
        "source_name": source.name,
        "chinese_note": _chinese_note(doc, hant),
        "provenance": _provenance(doc),
        "engine": doc.machine.engine if doc.machine else "",
        "mt": doc.machine,
        "glossary_terms": glossary.terms,
        "glossary_version": glossary.version,
        "inputs": source.inputs(glossary.version),
        "qa_attached": attaches_qa(layout),
        "typeset_note": _typeset_note(layout),
    }


def _require(doc: Document, edition: Edition):
    """The facts a PDF prints, each from the stage that makes it."""
    missing = [
        what
        for what, value in (
            ("source information (read)", doc.source),
            ("glossary information", doc.glossary),
            ("the terms used (convert)", doc.terms_used),
        )
        if value is None
    ]
    if edition.script == "zh-Hant" and doc.conversion is None:
        missing.append("the Traditional text (convert)")
    if missing:
        raise ValueError(f"the document lacks {', '.join(missing)}: a stage was skipped")
    assert doc.source and doc.glossary and doc.terms_used is not None
    return doc.source, doc.glossary, doc.terms_used


def _langs(edition: Edition, layout: LayoutConfig) -> list[str]:
    langs = list(edition.langs)
    return langs[::-1] if layout.english_left else langs


def _row(index: int, block: Block, hant: bool) -> dict:
    zh_parts = [chinese(s, hant) for s in block.segments]
    en_parts = [typographic(s.en) if s.en else None for s in block.segments]
    segments = [
        {"id": s.id, "zh": z, "en": e}
        for s, z, e in zip(block.segments, zh_parts, en_parts, strict=True)
    ]
    zh = "".join(zh_parts)
    english = [e for e in en_parts if e]
    en = " ".join(english) if len(english) == len(en_parts) else ""
    row = {
        "kind": str(block.kind),
        "anchor": f"b{index + 1}",
        "segments": segments,
        "zh": zh,
        "en": en,
        "bookmark": None,
        "section": None,
    }
    if block.kind in HEADINGS:
        row["bookmark"] = f"{zh} · {en}" if en else zh
        row["section"] = en or zh
    return row


def chinese(seg: Segment, hant: bool) -> str:
    """The segment's Chinese in the edition's script."""
    return (seg.zh_hant or seg.zh) if hant else seg.zh


def _cover(rows: list[dict]) -> dict:
    first: dict[str, dict] = {}
    for row in rows:
        first.setdefault(row["kind"], row)
    return {
        "kicker": first.get(BlockKind.TITLE) if BlockKind.SECTION_TITLE in first else None,
        "headline": first.get(BlockKind.SECTION_TITLE) or first.get(BlockKind.TITLE),
        "subtitle": first.get(BlockKind.SUBTITLE),
        "byline": first.get(BlockKind.BYLINE),
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
    return [(name, counts[p]) for p, name in PROVENANCE_NAMES.items() if counts[p]]


def _chinese_note(doc: Document, hant: bool) -> str:
    if not hant:
        return "the source text (Simplified Chinese), with the reader's repairs"
    assert doc.conversion is not None
    return (
        f"converted from the Simplified source with OpenCC ({doc.conversion.opencc}) "
        "and glossary overrides"
    )


def attaches_qa(layout: LayoutConfig) -> bool:
    """PDF/A-3 may carry files: the QA report travels with the archived edition."""
    return bool(layout.pdf_variant and layout.pdf_variant.startswith("pdf/a-3"))


def _typeset_note(layout: LayoutConfig) -> str:
    parts = [f"{layout.paper}, {layout.arrangement}", "Noto Serif CJK and EB Garamond, embedded"]
    if layout.bleed:
        parts.append(f"bleed {layout.bleed}")
    if layout.pdf_variant:
        parts.append(layout.pdf_variant.upper())
    return "; ".join(parts)
