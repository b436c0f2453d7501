"""Typesetting: book structure, reading order, PDF validity, editions, variants, no tofu."""

import re
import subprocess
from dataclasses import replace

import pytest
from pypdf import PdfReader

from publisher.config import EDITIONS, PDF_VARIANTS, BuildConfig, LayoutConfig
from publisher.document import BlockKind, Provenance
from publisher.errors import RenderError
from publisher.lang.typography import typographic
from publisher.pipeline import build, prepare
from publisher.stores import xliff
from tests.support import GLOSSARY
from tests.support.pdf import outline, page_texts, pdftotext, squash

pytestmark = pytest.mark.slow
HEADING = BlockKind.HEADING

SMALL = """# 简报

## 株洲工业简报

——株洲市工信局

文/图 记者

### 中车株机扩大产能

中车株机在株洲新建电力机车生产线。全市规模以上工业企业增加值增长9%。

▲株洲的生产线。
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A tiny report with English for every segment, as an approved XLIFF would give."""
    folder = tmp_path_factory.mktemp("small")
    source = folder / "small.zh.md"
    source.write_text(SMALL, encoding="utf-8")
    doc = prepare(BuildConfig(source=source, glossary_dir=GLOSSARY, machine=False)).doc
    english = iter(
        [
            "Brief",
            "Zhuzhou industry brief",
            "Zhuzhou Municipal Bureau",
            "By our reporter",
            "CRRC Zhuzhou Locomotive expands",
            "CRRC Zhuzhou Locomotive builds a line in Zhuzhou.",
            "Value added grew 9%.",
            "A production line in Zhuzhou.",
        ]
    )
    doc = doc.map_segments(lambda s: replace(s, en=next(english), provenance=Provenance.APPROVED))
    xliff.write_new(doc, folder / "small.en.xlf")
    return source


def test_outline_holds_every_heading_in_both_languages(seed_build):
    reader = PdfReader(seed_build.outputs[0])
    titles = [t for t, _ in outline(reader)]
    for block in seed_build.doc.blocks:
        if block.kind == HEADING:
            zh = "".join(s.zh for s in block.segments)
            en = typographic(" ".join(s.en for s in block.segments))
            assert f"{zh} · {en}" in titles
    assert titles[:2] == ["Cover", "目录 · Contents"]


def test_contents_page_numbers_are_where_the_headings_are(seed_build):
    pdf = seed_build.outputs[0]
    pages = page_texts(pdf)
    contents = " ".join(pages[1].split())
    bookmarks = dict(outline(PdfReader(pdf)))
    headings = [b for b in seed_build.doc.blocks if b.kind == HEADING]
    assert len(headings) == 5
    for block in headings:
        zh = "".join(s.zh for s in block.segments)
        en = typographic(" ".join(s.en for s in block.segments))
        page = bookmarks[f"{zh} · {en}"]
        assert zh in pages[page - 1].replace("\n", "")  # the bookmark points at the heading
        words = r"\s*".join(re.escape(w) for w in en.split())
        number = re.search(words + r"[\s.]*?(\d+)\b", contents)
        assert number and int(number.group(1)) == page, en


def test_rows_read_chinese_then_english(seed_build):
    pdf = seed_build.outputs[0]
    pages = [squash(p) for p in page_texts(pdf)]
    checked = 0
    for block in seed_build.doc.blocks:
        zh = squash("".join(s.zh for s in block.segments))
        en = squash(typographic(" ".join(s.en for s in block.segments)))
        page = next((p for p in pages if zh in p and en in p), None)
        if page is not None:  # rows split across two pages read per page
            assert page.index(zh) < page.index(en), block.line
            checked += 1
    assert checked >= len(seed_build.doc.blocks) * 2 // 3


def test_a_heading_never_ends_a_page(seed_build):
    pdf = seed_build.outputs[0]
    pages = [squash(p) for p in page_texts(pdf)]
    bookmarks = dict(outline(PdfReader(pdf)))
    blocks = seed_build.doc.blocks
    for heading, following in zip(blocks, blocks[1:], strict=False):
        if heading.kind != HEADING:
            continue
        zh = "".join(s.zh for s in heading.segments)
        en = typographic(" ".join(s.en for s in heading.segments))
        page = pages[bookmarks[f"{zh} · {en}"] - 1]
        assert squash(following.segments[0].zh[:12]) in page, f"{zh} ends its page"


def test_qpdf_check_is_clean(seed_build):
    for pdf in seed_build.outputs:
        done = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "No syntax or stream encoding errors" in done.stdout


def test_running_heads_and_folios(seed_build):
    pages = page_texts(seed_build.outputs[0])
    # The folio is the page number alone, at the foot (the cover has none).
    assert pages[2].strip().splitlines()[-1].strip() == "3"
    assert "Page" not in pages[2] and pages[0].strip().splitlines()[-1].strip() != "1"
    left_head = pages[3].strip().splitlines()[0]
    # The report title on left pages, in both languages of the edition.
    assert left_head.startswith("澎湃动能") and "strong momentum" in left_head.lower()


def test_glossary_appendix_and_colophon_close_the_book(seed_build):
    pdf = seed_build.outputs[0]
    pages = page_texts(pdf)
    text = " ".join(" ".join(pages).split())
    assert "Glossary of terms" in text and "China Power Valley" in text
    assert "About this edition" in pages[-2] or "About this edition" in pages[-1]
    # Both phrases are on the contents page and in the body too: find the appendix itself,
    # after the last chapter and before the colophon, and the term on its pages.
    back_matter = ("术语表 · Glossary of terms", "关于本版 · About this edition")
    marks = outline(PdfReader(pdf))
    appendix, colophon = (dict(marks)[title] for title in back_matter)
    chapters = [page for title, page in marks[2:] if title not in back_matter]
    assert max(chapters) <= appendix < colophon
    back = squash(" ".join(pages[appendix - 1 : colophon - 1]))
    assert "中国动力谷" in back and "ChinaPowerValley" in back


def _build_small(small, tmp_path, editions=("zh-Hans-en",), **config):
    """The small report built into tmp_path; its first PDF."""
    result = build(
        BuildConfig(
            source=small,
            out_dir=tmp_path,
            glossary_dir=GLOSSARY,
            machine=False,
            editions=editions,
            **config,
        )
    )
    return result.outputs[0]


@pytest.mark.parametrize("key", list(EDITIONS))
def test_every_edition_builds(small, tmp_path, key):
    pdf = _build_small(small, tmp_path, editions=(key,))
    assert pdf.name == f"small.{key}.pdf"
    text = pdftotext(pdf)
    assert ("CRRC Zhuzhou Locomotive builds" in text) == EDITIONS[key].english
    assert ("中车株机在株洲" in text) == (EDITIONS[key].script == "zh-Hans")
    assert ("中車株機在株洲" in text) == (EDITIONS[key].script == "zh-Hant")
    about = "About this edition" if EDITIONS[key].english else "本版"
    assert about in text and ("Contents" in text or "目录" in text or "目錄" in text)


@pytest.mark.parametrize("variant", PDF_VARIANTS)
def test_every_pdf_variant_builds(small, tmp_path, variant):
    reader = PdfReader(_build_small(small, tmp_path, layout=LayoutConfig(pdf_variant=variant)))
    assert reader.metadata.title == "Zhuzhou industry brief"
    assert reader.metadata.author == "By our reporter"
    assert reader.metadata.subject == "Simplified Chinese–English edition: Zhuzhou industry brief"
    assert "CRRC Zhuzhou Locomotive" in reader.metadata["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "zh-Hans"
    xmp = reader.trailer["/Root"]["/Metadata"].get_data().decode()
    family, part = re.match(r"pdf/(a|ua|x)-(\d)", variant).groups()
    if family in ("a", "ua"):
        assert f'pdf{family}id:part="{part}"' in xmp
    if family == "ua":
        assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_paper_and_bleed_and_marks_refused(small, tmp_path):
    pdf = _build_small(small, tmp_path, layout=LayoutConfig(paper="A5", bleed="3mm"))
    page = PdfReader(pdf).pages[0]
    mm = 72 / 25.4
    assert round(float(page.trimbox.width) / mm) == 148
    assert float(page.mediabox.width) > float(page.trimbox.width) + 5 * mm  # 3 mm each side
    # WeasyPrint 70 would draw the marks inside the bleed: refused, not drawn wrong.
    with pytest.raises(RenderError, match="inside the bleed"):
        _build_small(small, tmp_path / "marks", layout=LayoutConfig(bleed="3mm", marks="crop"))


def test_english_left_swaps_the_columns(small, tmp_path):
    pdf = _build_small(small, tmp_path, layout=LayoutConfig(english_left=True))
    line = next(ln for ln in pdftotext(pdf, "-layout").splitlines() if "中车株机在株洲" in ln)
    assert line.index("CRRC") < line.index("中车株机在株洲")


def test_preview_writes_thumbnails_and_a_contact_sheet(small, tmp_path):
    pages = len(PdfReader(_build_small(small, tmp_path, preview=True)).pages)
    thumbs = sorted((tmp_path / "preview").glob("small.zh-Hans-en-*.png"))
    assert len(thumbs) == pages
    assert (tmp_path / "preview" / "small.zh-Hans-en.contact.png").stat().st_size > 1000


def _rare(tmp_path, char):
    source = tmp_path / "rare.zh.md"
    source.write_text(f"# 生僻字\n\n这里有一个生僻字{char}。\n", encoding="utf-8")
    return BuildConfig(
        source=source,
        out_dir=tmp_path / "out",
        glossary_dir=GLOSSARY,
        machine=False,
        draft=True,
        editions=("zh-Hans-en",),
    )


def test_rare_character_with_a_glyph_is_embedded(tmp_path):
    result = build(_rare(tmp_path, "\U00030edd"))  # biáng, CJK Extension G, in Noto CJK
    assert "\U00030edd" in pdftotext(result.outputs[0])


@pytest.mark.parametrize("edition", ["zh-Hans-en", "en"])  # en: a draft prints the Chinese
def test_rare_characters_without_a_glyph_are_an_error_naming_each(tmp_path, edition):
    config = _rare(tmp_path, "\U0002a6d4\U0002a6d5\U0002a6d6")  # Extension B, in no font here
    config = replace(config, editions=(edition,))
    with pytest.raises(RenderError) as error:
        build(config)
    for code in ("2A6D4", "2A6D5", "2A6D6"):
        assert re.search(rf"U\+{code}\) in s[0-9a-f]{{10}}", str(error.value))
    assert not list((tmp_path / "out").glob("*.pdf"))  # nothing half-written


def test_traditional_edition_language_follows_the_variant(small, tmp_path):
    pdf = _build_small(small, tmp_path, editions=("zh-Hant-en",), variant="hk")
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "zh-Hant-HK"
    assert "中車株機在株洲" in pdftotext(pdf)


@pytest.mark.parametrize("key", ["zh-Hans-en", "en"])
def test_pad_makes_the_page_count_a_multiple_of_four(small, tmp_path, key):
    plain = len(PdfReader(_build_small(small, tmp_path / "plain", editions=(key,))).pages)
    padded = PdfReader(
        _build_small(small, tmp_path / "pad", editions=(key,), layout=LayoutConfig(pad=4))
    )
    assert len(padded.pages) % 4 == 0 and plain <= len(padded.pages) < plain + 4
    # The blanks come before the colophon: the last page is still the colophon.
    last = padded.pages[-1].extract_text()
    assert "About this edition" in last or "本版" in last


def test_every_segment_is_placed_on_its_page(seed_prepared, tmp_path):
    """The review desk's page map: each segment's page and box, read from the laid-out boxes,
    agree with the page text pdftotext reads."""
    from publisher.writers import pdf

    doc = seed_prepared.doc
    places: dict = {}
    target = tmp_path / "seed.pdf"
    pdf.pdf(doc, EDITIONS["zh-Hans-en"], target, LayoutConfig(draft=True), pages=places)
    pages = page_texts(target)
    segments = [s for s in doc.segments() if s.en]
    assert {s.id for s in segments} <= set(places)
    for seg in segments:
        place = places[seg.id]
        assert 0 <= place.left < place.right <= 1 and 0 <= place.top < place.bottom <= 1
        assert 1 <= place.page <= len(pages)
    probes = [s for s in segments if re.fullmatch(r"[\u4e00-\u9fff]{8}", s.zh[:8])]
    for probe in probes[:: max(1, len(probes) // 8)]:
        assert probe.zh[:8] in squash(pages[places[probe.id].page - 1]), probe.id


def test_the_desk_finds_every_segment_of_a_report_with_tables_and_front_matter(tmp_path):
    """Table cells by their data-ids, the cover's front-matter fields by their text."""
    from publisher.desk.preview import typeset

    source = GLOSSARY.parent / "seeds" / "nbs-2020.zh.md"
    doc = prepare(BuildConfig(source=source, glossary_dir=GLOSSARY, machine=False)).doc
    places = typeset(doc, tmp_path / "nbs.pdf")
    wanted = {s.id: k for k, s in xliff.kinds(doc) if re.search(r"[\u4e00-\u9fff]", s.zh)}
    assert set(wanted) <= set(places)
    assert any(k == "table_cell" for k in wanted.values())
    assert all(places[s].right > places[s].left for s, k in wanted.items() if k == "table_cell")
