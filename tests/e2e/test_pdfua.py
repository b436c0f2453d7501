"""--pdf-variant pdf/ua-1: the structure tree read back, clause by clause.

A small report (headings, a figure, a data table, a paragraph long enough to cross a page on A5)
is built once in the UA variant; the tree is read with pikepdf and the text of each marked
sequence with pypdf (tests/support/tagged.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pikepdf
import pytest

from publisher.config import BuildConfig, LayoutConfig
from publisher.document import Provenance
from publisher.errors import RenderError
from publisher.pipeline import build, prepare
from publisher.stores import xliff
from publisher.writers import pdfua
from tests.support import GLOSSARY
from tests.support.pdf import pdftotext
from tests.support.reports import png
from tests.support.tagged import language_of, read

SENTENCES = 30  # more than an A5 page holds
LONG_ZH = "株洲市工业经济持续增长，产业结构不断优化，创新能力显著提升。" * SENTENCES
LONG_EN = (  # the English of each of LONG_ZH's sentences
    "Zhuzhou's industrial economy kept growing, its industrial structure kept improving "
    "and its capacity for innovation rose markedly."
)

REPORT = f"""# 简报

## 株洲工业简报

——株洲市工信局

### 中车株机扩大产能

中车株机在株洲新建电力机车生产线。

![](photo.png)

▲株洲的生产线。

表1　主要指标

| 指标 | 2020年 |
| --- | ---: |
| 生产总值 | 1234 |

{LONG_ZH}

### 园区升级

全市规模以上工业企业增加值增长。
"""

ENGLISH = {
    "简报": "Brief",
    "株洲工业简报": "Zhuzhou industry brief",
    "株洲市工信局": "Zhuzhou Municipal Bureau",
    "中车株机扩大产能": "CRRC Zhuzhou Locomotive expands",
    "中车株机在株洲新建电力机车生产线。": "CRRC Zhuzhou Locomotive builds a line in Zhuzhou.",
    "株洲的生产线。": "A production line in Zhuzhou.",
    "表1　主要指标": "Table 1 Main indicators",
    "表1 主要指标": "Table 1 Main indicators",
    "指标": "Indicator",
    "生产总值": "Gross output",
    "园区升级": "Park upgrading",
    "全市规模以上工业企业增加值增长。": "Value added of large industrial firms grew.",
}


def _english(zh: str) -> str:
    if zh in ENGLISH:
        return ENGLISH[zh]
    if zh.startswith("株洲市工业经济"):
        return LONG_EN
    return "Zhuzhou grows."


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ua")
    png(folder / "photo.png", (800, 450))
    source = folder / "ua.zh.md"
    source.write_text(REPORT, encoding="utf-8")
    doc = prepare(BuildConfig(source=source, glossary_dir=GLOSSARY, machine=False)).doc
    doc = doc.map_segments(
        lambda s: replace(
            s, en=_english(s.zh.strip()) if s.zh.strip() else s.zh, provenance=Provenance.APPROVED
        )
    )
    xliff.write_new(doc, folder / "ua.en.xlf")
    return source


def _build(source, out, editions=("zh-Hans-en",), **layout):
    result = build(
        BuildConfig(
            source=source,
            out_dir=out,
            glossary_dir=GLOSSARY,
            machine=False,
            editions=editions,
            layout=LayoutConfig(**{"paper": "A5", "pdf_variant": "pdf/ua-1", **layout}),
        )
    )
    return result.outputs[0]


@pytest.fixture(scope="module")
def ua(report, tmp_path_factory):
    return _build(report, tmp_path_factory.mktemp("ua-out"))


@pytest.fixture(scope="module")
def tagged(ua):
    return read(ua)


def test_the_file_passes_its_own_check(ua):
    assert pdfua.check_pdfua(ua) == []


def test_every_english_text_is_read_as_english(tagged):
    checked = {"zh": 0, "en": 0}
    for e in tagged.elements:
        language = language_of(e["text"])
        if language is None:
            continue
        # Its own /Lang, or inherited from the nearest ancestor with one.
        assert e["lang"].lower().startswith(language), (e["type"], e["lang"], e["text"][:60])
        checked[language] += 1
    assert checked["zh"] > 10 and checked["en"] > 10
    # /Lang only where it differs from the parent's: no English element under English repeats it.
    elements = tagged.elements
    for e in elements:
        for kid in tagged.kids(e):
            if kid["own_lang"]:
                assert kid["own_lang"].lower() != (e["lang"] or "").lower()


def test_headings_are_h1_to_h3_and_outside_table_rows(tagged):
    headings = [e for e in tagged.elements if re.fullmatch(r"/H\d?", e["type"])]
    assert {e["type"] for e in headings} == {"/H1", "/H2", "/H3"}
    for e in headings:
        assert not {"/TR", "/TD", "/TH", "/Table"} & set(e["ancestors"]), e["text"]
    texts = {e["type"]: [] for e in headings}
    for e in headings:
        texts[e["type"]].append(e["text"])
    assert "中车株机扩大产能" in texts["/H3"] and "CRRC Zhuzhou Locomotive expands" in texts["/H3"]
    assert "Zhuzhou industry brief" in texts["/H2"] and "Brief" in texts["/H1"]


def _rows(tagged):
    """The grid's rows: a Div of two cells (a P, or a Div holding a heading)."""
    for e in tagged.elements:
        kids = tagged.kids(e)
        if e["type"] == "/Div" and len(kids) == 2:
            if all(k["type"] == "/P" or _holds_heading(tagged, k) for k in kids):
                yield e, kids


def _holds_heading(tagged, element):
    kids = tagged.kids(element)
    return element["type"] == "/Div" and len(kids) == 1 and kids[0]["type"] in ("/H1", "/H2", "/H3")


def test_the_grid_is_rows_of_chinese_then_english_not_a_table(tagged):
    # The tables left are real ones, with headers: the report's data table and the colophon's.
    tables = [e for e in tagged.elements if e["type"] == "/Table"]
    assert len(tables) == 2
    for table in tables:
        inside = [
            e
            for e in tagged.elements
            if e["ancestors"][: len(table["ancestors"]) + 1] == (*table["ancestors"], "/Table")
        ]
        assert any(e["type"] == "/TH" for e in inside)
    grid = [e for e in tagged.elements if "产业结构" in e["text"] or "新建电力机车" in e["text"]]
    for e in grid:
        assert not {"/Table", "/TR", "/TD"} & {e["type"], *e["ancestors"]}


def test_reading_order_alternates_each_paragraph_and_its_english(tagged):
    rows = list(_rows(tagged))
    assert len(rows) >= 9  # title, section title, subtitle, byline, 2 headings, 2 paragraphs, ...
    order = [language_of(cell["text"]) for _, cells in rows for cell in cells]
    assert order == ["zh", "en"] * len(rows)
    # Tree order is reading order: the rows come in the report's order.
    texts = [cells[0]["text"] for _, cells in rows]
    first, second = texts.index("中车株机扩大产能"), texts.index("园区升级")
    assert first < next(i for i, t in enumerate(texts) if "产业结构" in t) < second


def test_a_row_across_a_page_break_is_one_row(tagged):
    long_zh = next(e for e in tagged.elements if e["type"] == "/P" and "产业结构" in e["text"])
    long_en = next(
        e for e in tagged.elements if e["type"] == "/P" and "industrial structure" in e["text"]
    )
    # Each half holds the whole paragraph, from both pages.
    assert long_zh["text"].count("产业结构") == SENTENCES
    assert re.sub(r"\s+", "", long_en["text"]).count("industrialstructure") == SENTENCES
    for e in (long_zh, long_en):
        pages = set()

        def collect(el, pages=pages):
            pages.update(p for p, _ in el["mcids"])
            for kid in tagged.kids(el):
                collect(kid)

        collect(e)
        assert len(pages) >= 2


def test_data_tables_keep_table_rows_and_header_scope(ua, tagged):
    scopes = {}
    with pikepdf.open(ua) as doc:
        id_tree = doc.Root.StructTreeRoot.IDTree.Names
        ids = {str(id_tree[i]): id_tree[i + 1] for i in range(0, len(id_tree), 2)}
        for table in (e for e in tagged.elements if e["type"] == "/Table"):
            depth = len(table["ancestors"])
            inside = [
                e
                for e in tagged.elements
                if e["ancestors"][: depth + 1] == (*table["ancestors"], "/Table")
            ]
            assert {"/TR", "/TH", "/TD"} <= {e["type"] for e in inside}
            kinds = set()
            for e in inside:
                cell = doc.get_object(e["objgen"])
                if e["type"] == "/TH":
                    kinds.add(str(cell.A.Scope))
                    assert ids[str(cell.ID)].objgen == e["objgen"]
                elif e["type"] == "/TD":
                    assert all(str(h) in ids for h in cell.A.Headers)  # each header resolves
            scopes["data" if "/Column" in kinds else "colophon"] = kinds
    # The report's table has column headers, the colophon's facts row headers.
    assert scopes == {"data": {"/Column"}, "colophon": {"/Row"}}


def test_figure_has_its_caption_as_alt(tagged):
    figures = [e for e in tagged.elements if e["type"] == "/Figure"]
    assert [f["alt"] for f in figures] == ["株洲的生产线。"]


def test_running_heads_and_folios_are_artifacts_outside_the_tree(ua, tagged):
    assert not tagged.untagged  # every text is tagged or an artifact
    folios = [t.strip() for _, t in tagged.artifacts if t.strip().isdigit()]
    pages = len(pikepdf.open(ua).pages)
    assert len(folios) == pages - 1  # all but the cover's
    heads = " ".join(t for _, t in tagged.artifacts)
    assert "Zhuzhou industry brief" in heads
    # No struct element holds a running head's text.
    assert not [e for e in tagged.elements if e["mcids"] and e["text"].strip() == "· Brief"]
    # The MCIDs each page's stream opens are exactly those the tree and ParentTree hold.
    with pikepdf.open(ua) as doc:
        parent_tree = doc.Root.StructTreeRoot.ParentTree.Nums
        by_page = {int(parent_tree[i]): parent_tree[i + 1] for i in range(0, len(parent_tree), 2)}
        in_tree = {(p, m) for e in tagged.elements for p, m in e["mcids"]}
        for number, items in enumerate(pdfua.marked_content(doc)):
            opened = [i["mcid"] for i in items if i["op"] == "BDC"]
            assert len(opened) == len(set(opened))
            for mcid in opened:
                assert (number, mcid) in in_tree
                assert by_page[number][mcid] is not None
            footer = [i for i in items if i["op"] != "BDC" and i["artifact"]]
            if number > 0:
                assert footer, f"page {number + 1}: no artifact"


def test_furniture_is_a_pagination_artifact_header_or_footer(ua):
    with pikepdf.open(ua) as doc:
        kinds = set()
        for page in list(doc.pages)[1:]:  # the cover has no furniture
            found = set()
            for instruction in pikepdf.parse_content_stream(page):
                operands = instruction.operands
                if str(instruction.operator) == "BDC" and str(operands[0]) == "/Artifact":
                    if str(operands[1].get("/Type")) == "/Pagination":
                        found.add(str(operands[1].get("/Subtype")))
            assert "/Footer" in found  # the folio
            kinds |= found
        assert kinds == {"/Header", "/Footer"}


def test_catalog_metadata_and_pages(ua):
    with pikepdf.open(ua) as doc:
        assert str(doc.Root.Lang) == "zh-Hans"
        assert bool(doc.Root.MarkInfo.Marked)
        assert bool(doc.Root.ViewerPreferences.DisplayDocTitle)
        assert str(doc.docinfo.Title) == "Zhuzhou industry brief"
        assert pdfua.xmp_facts(doc) == {"part": "1", "title": "Zhuzhou industry brief"}
        assert any("/Annots" in page.obj for page in doc.pages)  # the contents' links
        for page in doc.pages:
            if "/Annots" in page.obj:
                assert page.obj.Tabs == "/S"
                for annot in page.obj.Annots:
                    assert str(annot.get("/Contents", "")).strip()


def test_layout_is_the_default_variants(report, ua, tmp_path):
    plain = _build(report, tmp_path, pdf_variant=None)
    ua_text, plain_text = pdftotext(ua), pdftotext(plain)
    # The colophon names the variant; nothing else differs.
    assert ua_text.replace("；PDF/UA-1", "").replace("; PDF/UA-1", "") == plain_text
    assert len(pikepdf.open(ua).pages) == len(pikepdf.open(plain).pages)


def test_english_left_tags_the_chinese(report, tmp_path):
    pdf = _build(report, tmp_path, english_left=True)
    tagged = read(pdf)
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "en"
    chinese = [e for e in tagged.elements if e["own_lang"] == "zh-Hans"]
    assert chinese
    for e in tagged.elements:
        language = language_of(e["text"])
        if language:
            assert e["lang"].lower().startswith(language), (e["type"], e["text"][:40])


def test_traditional_edition_reads_english_as_english(report, tmp_path):
    tagged = read(_build(report, tmp_path, editions=("zh-Hant-en",)))
    english = [e for e in tagged.elements if language_of(e["text"]) == "en"]
    assert english and all(e["lang"] == "en" for e in english)
    assert {e["lang"] for e in tagged.elements if language_of(e["text"]) == "zh"} == {"zh-Hant-TW"}


def test_refuses_a_file_that_fails(report, tmp_path, monkeypatch):
    monkeypatch.setattr(pdfua, "check_pdfua", lambda path: ["structure: a Figure has no /Alt"])
    with pytest.raises(RenderError, match="PDF/UA-1 file fails.*no /Alt"):
        _build(report, tmp_path)
    assert not list(tmp_path.glob("*.pdf"))


def test_an_image_with_no_words_is_refused(tmp_path):
    png(tmp_path / "photo.png", (800, 450))
    source = tmp_path / "bare.zh.md"
    source.write_text("## 简报\n\n![](photo.png)\n\n中车株机在株洲新建电力机车生产线。\n", "utf-8")
    doc = prepare(BuildConfig(source=source, glossary_dir=GLOSSARY, machine=False)).doc
    doc = doc.map_segments(lambda s: replace(s, en="Brief.", provenance=Provenance.APPROVED))
    xliff.write_new(doc, tmp_path / "bare.en.xlf")
    with pytest.raises(RenderError, match="Figure .* has no /Alt .*caption"):
        _build(source, tmp_path / "out")
    assert not list((tmp_path / "out").glob("*.pdf"))
