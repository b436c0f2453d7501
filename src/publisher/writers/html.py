"""Document -> the HTML of one edition: one Jinja2 environment over the package's templates.

A writer (columns, stacked, monolingual) picks the template; this module builds what every
edition's template is given, from the typed document. A stage the document has not been
through (no conversion for a Traditional edition, no glossary information) is an error here,
never a silent default.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .. import __version__
from ..config import MARKS_REFUSED, PAPER, Edition, LayoutConfig
from ..document import (
    HEADINGS,
    Block,
    BlockKind,
    Document,
    Figure,
    Mark,
    MarkKind,
    Provenance,
    Segment,
    TermUse,
)
from ..errors import RenderError
from ..lang.typography import typographic
from ..text import has_han

PROVENANCE_ZH = {
    Provenance.APPROVED: "取自审定译文",
    Provenance.MEMORY: "取自翻译记忆库",
    Provenance.MACHINE: "机器翻译",
    Provenance.MACHINE_TERMS: "机器翻译（术语受保护）",
    Provenance.CARRIED: "照录（数字、单位、破折号）",
    Provenance.MISSING: "未翻译",
}

PROVENANCE_NAMES = {
    Provenance.APPROVED: "from the approved translation",
    Provenance.MEMORY: "from the translation memory",
    Provenance.MACHINE: "machine-translated",
    Provenance.MACHINE_TERMS: "machine-translated with glossary terms protected",
    Provenance.CARRIED: "carried over (figures, units, dashes)",
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
    """The edition's HTML; with `pad`, blank pages before the colophon make the page count a
    multiple of it (the page count is read from a first typesetting)."""
    page = environment().get_template(template).render(**context)
    pad = context.get("page", {}).get("pad", 0)
    if pad > 1:
        blanks = blank_pages(count_pages(page), pad)
        if blanks:
            page = environment().get_template(template).render(**{**context, "blank_pages": blanks})
    return page


def blank_pages(pages: int, pad: int) -> int:
    """How many blank pages bring pages up to a multiple of pad."""
    return -pages % pad if pad > 1 else 0


def count_pages(page: str) -> int:
    """The pages of an edition's HTML, typeset (templates and local images only)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    root = templates().resolve()

    class Local(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("file:"):
                raise ValueError(f"refused to fetch {url}")
            return super().fetch(url, headers)

    document = HTML(string=page, base_url=str(root) + "/", url_fetcher=Local(("file",)))
    return len(document.render().pages)


def context(doc: Document, edition: Edition, layout: LayoutConfig) -> dict:
    """What every edition template is given."""
    source, glossary, terms = _require(doc, edition)
    if layout.marks:
        raise RenderError(MARKS_REFUSED)
    langs = _langs(edition, layout)
    hant = edition.script == "zh-Hant"
    rows = [
        _row(i, block, hant, layout, edition.langs)
        for i, block in enumerate(doc.blocks)
        if block.kind != BlockKind.FRONT
    ]
    size, margin = PAPER[layout.paper]
    front = {key: _row(0, block, hant, layout, edition.langs) for key, block in doc.front().items()}
    cover = _cover(rows, front)
    title = _title(cover, "en" if edition.english else "zh", doc.name)
    lang_tags = {"zh": doc.conversion.lang if hant and doc.conversion else "zh-Hans", "en": "en"}
    zh_title = _title(cover, "zh", doc.name)
    return {
        "fonts": fonts(lang_tags["zh"], langs),
        "running_title": " · ".join(zh_title if lang == "zh" else title for lang in langs)
        if title != zh_title
        else title,
        "colophon": _colophon(doc, edition, layout, langs, hant, front),
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
            "pad": layout.pad,
            "sides": side_margins(layout.paper, langs),
        },
        "blank_pages": 0,
        "cover": cover,
        "toc": [r for r in rows if r["kind"] == BlockKind.HEADING],
        "rows": rows,
        "groups": _groups(rows),
        "front": front,
        "issued": doc.issued,
        "title": title,
        "subject": f"{edition.label_en}: {title}",
        "keywords": ", ".join(t.en for t in terms[:12]),
        "author": _author(cover, edition),
        "terms": glossary_entries(terms, hant, langs[0]),
        "term_langs": ["zh", "en"] if langs[0] == "zh" else ["en", "zh"],
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


def _row(
    index: int,
    block: Block,
    hant: bool,
    layout: LayoutConfig,
    langs: tuple[str, ...] = ("zh", "en"),
) -> dict:
    zh_parts = [chinese(s, hant) for s in block.segments]
    en_parts = [_english(s) for s in block.segments]
    segments = [
        {"id": s.id, "zh": rich(z, s.marks if z == s.zh or len(z) == len(s.zh) else ()), "en": e}
        for s, z, e in zip(block.segments, zh_parts, en_parts, strict=True)
    ]
    if block.kind in HEADINGS:
        for seg, z in zip(segments, zh_parts, strict=True):
            if not seg["zh"] or str(seg["zh"]) == str(escape(z)):  # plain text: no marks to keep
                bound = TITLE_BOUND if block.kind == BlockKind.SECTION_TITLE else BOUND
                seg["zh"] = heading_breaks(z, bound)
    if block.kind not in HEADINGS and block.segments and block.segments[-1].en:
        segments[-1]["en"] = _last_word_whole(block.segments[-1]) or segments[-1]["en"]
    if block.kind not in HEADINGS and block.segments:
        last, z = block.segments[-1], zh_parts[-1]
        marks = last.marks if z == last.zh or len(z) == len(last.zh) else ()  # as rich() above
        segments[-1]["zh"] = _last_chars_together(z, marks) or segments[-1]["zh"]
    zh = "".join(zh_parts)
    english = [_typeset(s) for s in block.segments if s.en]
    en = " ".join(english) if len(english) == len(en_parts) else ""
    row = {
        "kind": str(block.kind),
        "anchor": f"b{index + 1}",
        "segments": segments,
        "zh": zh,
        "en": en,
        "bookmark": None,
        "section": None,
        "depth": block.depth,
        "marker": block.marker,
        "figure": _figure(block.figure) if block.figure else None,
        "table": _table(block, hant) if block.table else None,
        "frame": layout.draft and block.kind == BlockKind.CAPTION,
        "level": HEADING_LEVELS.get(block.kind, 0),
    }
    if block.figure:
        row["alt"], row["alt_lang"] = _alt(block.figure, {"zh": zh, "en": en}, langs[0])
    if block.kind in HEADINGS:
        row["bookmark"] = f"{zh} · {en}" if en else zh
        # The running head, in the edition's languages (the English alone when it has no Chinese).
        parts = [short_head(en if lang == "en" else zh) for lang in langs if (en or lang != "en")]
        row["section"] = " · ".join(parts) or zh
    return row


# Heading rows are set as real h1-h3 inside their grid cells, so the tagged PDF has H1-H3: the
# source's # title, ## section title and ### (and deeper) headings.
HEADING_LEVELS = {BlockKind.TITLE: 1, BlockKind.SECTION_TITLE: 2, BlockKind.HEADING: 3}


def _alt(figure: Figure, caption: dict[str, str], first: str) -> tuple[str, str | None]:
    """A figure's alternative text and its language ("zh" or "en"): its caption in the edition's
    first language, else the image's own description, else the Chinese caption."""
    if caption.get(first):
        return caption[first], first
    if figure.alt:
        return figure.alt, "zh" if has_han(figure.alt) else "en"
    if caption.get("zh"):
        return caption["zh"], "zh"
    return "", None


def _english(seg: Segment) -> Markup | None:
    """The segment's English, typographic quotes and dashes, its marks as HTML."""
    if not seg.en:
        return None
    text = _typeset(seg)
    return rich(text, seg.en_marks if len(text) == len(seg.en) else ())


def _last_word_whole(seg: Segment) -> Markup | None:
    """A paragraph's last English segment with its final word never hyphenated, so the
    paragraph never ends on a fragment ("oth-/ers."): WeasyPrint 70 has no
    hyphenate-limit-last. A final word under LAST_LINE characters ("2025.") is held to the word
    before it (`white-space: nowrap`), so the last line is never that word alone. None when a
    mark covers those words (the segment is left as it is)."""
    text = _typeset(seg)
    cut = text.rstrip().rfind(" ") + 1
    marks = seg.en_marks if len(text) == len(seg.en or "") else ()
    if cut <= 0 or any(m.end > cut for m in marks):
        return None
    before = text[:cut].rstrip().rfind(" ") + 1
    if (
        len(text[cut:].strip()) < LAST_LINE
        and before > 0
        and not any(m.end > before for m in marks)
    ):
        return rich(text[:before], marks) + Markup('<span class="whole keep">{}</span>').format(
            text[before:]
        )
    return rich(text[:cut], marks) + Markup('<span class="whole">{}</span>').format(text[cut:])


LAST_LINE = 6  # characters: a paragraph's last line shorter than this reads as a fragment
LAST_CHARS = 2  # a Chinese paragraph's last line holds at least 2 characters besides punctuation


def _last_chars_together(text: str, marks: tuple[Mark, ...]) -> Markup | None:
    """A Chinese paragraph's last segment with its last LAST_CHARS characters (and the
    punctuation after them) held on one line, so the paragraph never ends on one character
    ("壮阔。" not "阔。" alone). None for a segment of one character, or when a mark covers those
    characters."""
    start, count = len(text), 0
    while start > 0 and count < LAST_CHARS:
        start -= 1
        char = text[start]
        if not (char.isspace() or unicodedata.category(char).startswith("P")):
            count += 1
    if count < LAST_CHARS or any(m.end > start for m in marks):
        return None
    return rich(text[:start], marks) + Markup('<span class="nb">{}</span>').format(text[start:])


def _typeset(seg: Segment) -> str:
    """Curly quotes and en dashes, except in what is carried over as written (ISBN, figures)."""
    assert seg.en is not None
    return seg.en if seg.provenance == Provenance.CARRIED else typographic(seg.en)


def rich(text: str, marks: tuple[Mark, ...]) -> Markup:
    """Escaped text with bold, italic, links and note references as HTML."""
    out: list[str] = []
    pos = 0
    for m in sorted(marks, key=lambda m: (m.start, -m.end)):
        if m.start < pos:
            continue
        out.append(escape(text[pos : m.start]))
        inner = escape(text[m.start : m.end])
        if m.kind == MarkKind.NOTE_REF:
            out.append(Markup('<sup class="note-ref">{}</sup>').format(m.href))
        elif m.kind == MarkKind.BOLD:
            out.append(Markup("<b>{}</b>").format(inner))
        elif m.kind == MarkKind.ITALIC:
            out.append(Markup("<i>{}</i>").format(inner))
        else:
            out.append(Markup('<a href="{}">{}</a>').format(m.href, inner))
        pos = max(pos, m.end)
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _figure(figure: Figure) -> dict:
    return {
        "src": Path(figure.src).as_uri(),
        "alt": figure.alt,
        "ratio": figure.height / figure.width if figure.width else 0.5625,
    }


def _table(block: Block, hant: bool) -> dict:
    """A table typeset once: each cell's Chinese with its English beneath; figures aligned right."""
    assert block.table is not None
    head: list[list[dict]] = []
    body: list[list[dict]] = []
    for row in block.table.rows:
        cells = []
        for cell in row:
            zh = "".join(chinese(s, hant) for s in cell.segments)
            english = [_english(s) for s in cell.segments]
            translated = has_han(cell.text)
            cells.append(
                {
                    "zh": zh,
                    "en": Markup(" ").join(e for e in english if e) if translated else "",
                    "ids": [s.id for s in cell.segments],
                    "missing": translated and not all(english),
                    "num": not translated and bool(cell.text),
                    "align": cell.align or ("right" if not translated else ""),
                    "colspan": cell.colspan,
                    "rowspan": cell.rowspan,
                }
            )
        (head if row and all(c.header for c in row) else body).append(cells)
    columns = max((sum(c["colspan"] for c in r) for r in head + body), default=0)
    return {"head": head, "body": body, "columns": columns, "wide": columns > 4}


# WeasyPrint does work for every row of a table on each page the table crosses, so one table of
# a whole report's rows is quadratic in its length (50,000 headings did not finish); runs of
# this many rows cost little each, and consecutive tables of one width set as one grid.
ROWS_PER_TABLE = 200


def _groups(rows: list[dict]) -> list[dict]:
    """Runs of grid rows, with each table and figure standing alone between them."""
    groups: list[dict] = []
    for row in rows:
        if row["kind"] in (BlockKind.TABLE, BlockKind.FIGURE):
            groups.append({"type": row["kind"], "row": row})
        elif groups and groups[-1]["type"] == "rows" and len(groups[-1]["rows"]) < ROWS_PER_TABLE:
            groups[-1]["rows"].append(row)
        else:
            groups.append({"type": "rows", "rows": [row]})
    return groups


def chinese(seg: Segment, hant: bool) -> str:
    """The segment's Chinese in the edition's script."""
    return (seg.zh_hant or seg.zh) if hant else seg.zh


def _cover(rows: list[dict], front: dict[str, dict]) -> dict:
    """The cover: the front matter's fields where given, else the report's first rows."""
    first: dict[str, dict] = {}
    for row in rows:
        first.setdefault(row["kind"], row)
    if "title" in front:
        return {
            "kicker": None,
            "headline": front["title"],
            "subtitle": front.get("subtitle"),
            "byline": front.get("author") or front.get("publisher"),
            "date": front.get("publication_date"),
        }
    return {
        "kicker": first.get(BlockKind.TITLE) if BlockKind.SECTION_TITLE in first else None,
        "headline": first.get(BlockKind.SECTION_TITLE) or first.get(BlockKind.TITLE),
        "subtitle": first.get(BlockKind.SUBTITLE),
        "byline": first.get(BlockKind.BYLINE),
        "date": None,
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
    parts = [
        f"{layout.paper}, {layout.arrangement}",
        "Noto Serif CJK, EB Garamond and Noto Serif (bold), embedded",
    ]
    if layout.bleed:
        parts.append(f"bleed {layout.bleed}")
    if layout.pdf_variant:
        parts.append(layout.pdf_variant.upper())
    return "; ".join(parts)


CJK_FACES = {"zh-Hans": "SC", "zh-Hant-HK": "HK"}  # any other Traditional tag: TC


def fonts(zh_tag: str, langs: list[str]) -> dict:
    """The edition's CJK faces (SC, TC or HK), and the running heads' and folios' font list."""
    cjk = CJK_FACES.get(zh_tag, "TC" if zh_tag.startswith("zh-Hant") else "SC")
    serif = f'"Noto Serif CJK {cjk}"'
    # EB Garamond first where there is English (it has no Han, which falls to the CJK face).
    furniture = ['"EB Garamond"', serif, "serif"] if "en" in langs else [serif, "serif"]
    return {"cjk": cjk, "furniture": ", ".join(furniture)}


def _colophon(
    doc: Document, edition: Edition, layout: LayoutConfig, langs: list[str], hant: bool, front: dict
) -> dict:
    """The colophon's heading, lines and facts, each as {language: text}."""
    source, glossary, _ = _require(doc, edition)
    heading = {"zh": "关于本版" if not hant else "關於本版", "en": "About this edition"}
    built = {
        "zh": _zh(f"{edition.label_zh}，{source.built}由 publisher {__version__} 据 ", hant)
        + f"{source.name} 排印。",
        "en": f"{edition.label_en}, built {source.built} from {source.name} by publisher {__version__}.",
    }
    facts: list[dict] = []

    def fact(zh: str, en: str, value: dict) -> None:
        facts.append({"label": {"zh": _zh(zh, hant), "en": en}, "value": value})

    if edition.script:
        zh_note = (
            "简体原文，含读入时的修正" if not hant else "由简体原文经 OpenCC 转换，并按术语表修订"
        )
        fact("中文文本", "Chinese text", {"zh": _zh(zh_note, hant), "en": _chinese_note(doc, hant)})
    counts = doc.provenance()
    fact(
        "英文文本",
        "English text",
        {
            "zh": _zh(
                "；".join(
                    f"{PROVENANCE_ZH[p]} {counts[p]} 段" for p in PROVENANCE_NAMES if counts[p]
                ),
                hant,
            ),
            "en": "; ".join(
                f"{counts[p]} segment{'s' if counts[p] != 1 else ''} {name}"
                for p, name in PROVENANCE_NAMES.items()
                if counts[p]
            ),
        },
    )
    if doc.machine:
        m = doc.machine
        fact(
            "机器翻译",
            "Machine translation",
            {
                "zh": _zh(f"{m.engine}；受保护术语 {m.protected_terms} 个", hant),
                "en": f"{m.engine}; {m.protected_terms} glossary term"
                f"{'s' if m.protected_terms != 1 else ''} protected",
            },
        )
    for key, zh, en in FRONT_FACTS:
        if key in front:
            fact(zh, en, {lang: front[key][lang] for lang in ("zh", "en")})
    if doc.issued:
        fact("印发日期", "Date of issue", {langs[0]: doc.issued})
    fact(
        "术语表",
        "Glossary",
        {
            "zh": _zh(f"{glossary.terms} 条，版本 {glossary.version}", hant),
            "en": f"{glossary.terms} terms, version {glossary.version}",
        },
    )
    inputs = source.inputs(glossary.version)
    fingerprint = (
        f"source sha256 {inputs['source'][:16]}, translation {inputs['translation'][:16]}, "
        f"glossary {inputs['glossary']}"
    )
    attached = attaches_qa(layout)
    inputs_note = {
        # The fingerprint's words and digests are English in a Chinese line: a tagged PDF reads
        # them as English; the span keeps the line's own type.
        "zh": Markup('<span class="fingerprint" lang="en">{}</span>').format(fingerprint)
        + _zh("：QA 报告开头印有同一指纹", hant)
        + ("，并附于本文件" if attached and not hant else "，並附於本文件" if attached else ""),
        "en": f"{fingerprint}: the same fingerprint heads the QA report"
        + (", attached to this file" if attached else ""),
    }
    # The fingerprint is data: printed once, in English where the edition has English.
    fact(
        "输入",
        "Inputs",
        {k: v for k, v in inputs_note.items() if k == ("en" if "en" in langs else "zh")},
    )
    fact(
        "排版", "Typeset", {"zh": _zh(_typeset_note_zh(layout), hant), "en": _typeset_note(layout)}
    )
    return {
        "heading": heading,
        "bookmark": " · ".join(heading[lang] for lang in langs),
        "built": built,
        "facts": facts,
    }


FRONT_FACTS = (
    ("author", "作者", "Author"),
    ("publisher", "发布单位", "Issued by"),
    ("edition", "版次", "Edition"),
    ("publication_date", "出版日期", "Published"),
    ("copyright", "版权", "Copyright"),
    ("isbn", "ISBN", "ISBN"),
)


def _zh(text: str, hant: bool) -> str:
    """A fixed Chinese label in the edition's script."""
    if not hant:
        return text
    from ..lang import opencc  # OpenCC only for a Traditional edition (its tables load slowly)

    return opencc.convert(text, "s2t")


def _typeset_note_zh(layout: LayoutConfig) -> str:
    arrangement = "左右对照" if layout.arrangement == "columns" else "上下对照"
    parts = [
        f"{layout.paper}，{arrangement}",
        "思源宋体（Noto Serif CJK）与 EB Garamond、Noto Serif，已嵌入",
    ]
    if layout.bleed:
        parts.append(f"出血 {layout.bleed}")
    if layout.pdf_variant:
        parts.append(layout.pdf_variant.upper())
    return "；".join(parts)


# After these a Chinese heading may break; elsewhere its words hold together.
BREAK_AFTER = set("，、；：。！？）」』”’》〉】—…·")
# A run longer than BOUND may itself break, but never before its last KEEP characters: 10
# characters is what the narrowest heading column holds (A5: 12 ems of 9 pt, headings 10.5 pt).
BOUND = 10
KEEP = 3
# The report's title is set in display type, 7 to 10 characters to the column's line: a run of
# it may break from 7 characters on.
TITLE_BOUND = 6


def heading_breaks(text: str, bound: int = BOUND) -> Markup:
    """A Chinese heading that breaks only after punctuation, never leaving one character alone.

    Each run up to a punctuation mark is set unbreakable (`white-space: nowrap`) with a break
    opportunity (<wbr>) after it; a run too long for one line keeps its last KEEP characters
    together, so no line of a heading holds a single character.
    """
    runs: list[str] = []
    current = ""
    for char in text:
        current += char
        if char in BREAK_AFTER:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    out: list[Markup] = []
    for run in runs:
        if len(run) > bound:
            head, tail = run[:-KEEP], run[-KEEP:]
            out.append(Markup('{}<span class="nb">{}</span>').format(head, tail))
        else:
            out.append(Markup('<span class="nb">{}</span>').format(run))
    return Markup("<wbr>").join(out)


def worth_a_gloss(term: TermUse) -> bool:
    """A term a reader needs looked up: a name (of a person, place, company, park, plan or
    policy: its English has a capital letter) or a unit with its scale (a figure: 亿元 100
    million yuan). Common words and descriptive phrases, whose English is all lower case
    (陶瓷 ceramic, 经济下行 economic downturn), read the same in the text and are left out."""
    return any(c.isupper() or c.isdigit() for c in term.en)


def glossary_entries(
    terms: tuple[TermUse, ...] | list[TermUse], hant: bool, first: str
) -> list[dict]:
    """The appendix: the terms worth a gloss, sorted by the edition's first language (pinyin
    for Chinese, alphabetical for English); units with their scale (亿元 = 100 million yuan)."""
    entries = [
        {"zh": t.zh_hant or t.zh_hans if hant else t.zh_hans, "en": t.en, "hans": t.zh_hans}
        for t in terms
        if worth_a_gloss(t)
    ]
    if first == "zh":
        from ..lang.pinyin import sort_key

        entries.sort(key=lambda e: (sort_key(e["hans"]), e["hans"]))
    else:
        entries.sort(key=lambda e: (e["en"].casefold(), e["hans"]))
    return entries


PAPER_WIDTH_MM = {"A4": 210.0, "Letter": 215.9, "A5": 148.0}
# One language's measure: English about 66 characters (11 pt EB Garamond over 108 mm), Chinese
# 34 characters at 11 pt (a whole number of ems).
MEASURE_MM = {"en": 108.0, "zh": 34 * 11 * 25.4 / 72}


def side_margins(paper: str, langs: list[str]) -> str | None:
    """A monolingual edition's left and right page margins, centring its measure on the page
    (running heads and folios then align with the text); None where the paper's own margins
    already give no more than that measure, or for a bilingual edition."""
    if len(langs) != 1:
        return None
    default = float(PAPER[paper][1].split()[1].removesuffix("mm")) if "mm" in PAPER[paper][1] else 0
    side = (PAPER_WIDTH_MM[paper] - MEASURE_MM[langs[0]]) / 2
    return f"{side:.1f}mm" if side > default else None


HEAD_CUT = re.compile(r"[：:，,；;—]")


def short_head(text: str) -> str:
    """A heading's running-head form: up to its first colon, comma or dash ("China Power
    Valley: building a modern industrial system" -> "China Power Valley"), so a bilingual head
    stays on one line; the whole heading when that part would be under 2 characters."""
    match = HEAD_CUT.search(text)
    head = text[: match.start()].strip() if match else text
    return head if len(head) >= 2 else text
