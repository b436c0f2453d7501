"""The figures, tables and marks checks, and marks through the XLIFF."""

from dataclasses import replace

from publisher.check import layout
from publisher.document import BlockKind, Mark, MarkKind, Provenance
from publisher.read import read
from publisher.segment import segment
from publisher.stores import xliff
from publisher.translate import translate
from publisher.translate.approved import Approved
from tests.support.reports import RICH, png, rich_report


def _doc(tmp_path, text=RICH):
    return segment(read(rich_report(tmp_path / "r", text)))


def test_caption_without_image_is_a_finding(tmp_path):
    doc = _doc(tmp_path, RICH.replace("![园区全景](photo.png)\n", ""))
    findings, totals = layout.check(doc)
    assert totals["captions_without_image"] == 1
    assert any("caption with no image" in f.reason for f in findings)


def test_low_resolution_image_warns_then_errs(tmp_path):
    doc = _doc(tmp_path)
    assert not [f for f in layout.check(doc)[0] if "ppi" in f.reason]  # 1600 px: 233 ppi
    png(tmp_path / "r" / "photo.png", (1000, 600))  # 146 ppi
    doc = segment(read(tmp_path / "r" / "rich.zh.md"))
    assert [f.severity for f in layout.check(doc)[0] if "ppi" in f.reason] == ["warning"]
    png(tmp_path / "r" / "photo.png", (600, 400))  # 88 ppi
    doc = segment(read(tmp_path / "r" / "rich.zh.md"))
    assert [f.severity for f in layout.check(doc)[0] if "ppi" in f.reason] == ["error"]


def test_label_cells_need_english_and_figures_are_carried(tmp_path):
    doc = translate(_doc(tmp_path), [])
    cells = [c for row in doc.first(BlockKind.TABLE).table.rows for c in row]
    carried = [c.text for c in cells if c.segments[0].provenance == Provenance.CARRIED]
    assert carried == ["1169", "1234", "800", "—"]
    findings = [f for f in layout.check(doc)[0] if "table cell" in f.reason]
    assert len(findings) == 8  # 4 header cells, 2 labels, 2 unit cells


def test_marks_survive_the_xliff_and_a_lost_mark_is_a_finding(tmp_path):
    doc = _doc(tmp_path)

    def english(seg):
        if seg.zh.startswith("初步核算"):
            en = "Preliminary: GDP was 123.4 billion yuan, up 5.6 percent."
            marks = (
                Mark(MarkKind.ITALIC, 0, 11),
                Mark(MarkKind.BOLD, 21, 39),
            )
            return replace(seg, en=en, en_marks=marks, provenance=Provenance.APPROVED)
        return replace(seg, en="English.", provenance=Provenance.APPROVED)

    done = doc.map_segments(english)
    path = tmp_path / "r.en.xlf"
    xliff.write_new(done, path)
    xml = path.read_text(encoding="utf-8")
    assert '<g id="1" ctype="italic">初步核算</g>' in xml
    assert '<x id="n1" ctype="x-note-ref"/>' in xml
    assert '"x-block-kind">table_cell<' in xml and '"x-block-kind">list_item<' in xml
    back = Approved(xliff.load(path)).fill(doc)
    seg = next(s for s in back.segments() if s.zh.startswith("初步核算"))
    assert [m.kind for m in seg.en_marks] == [MarkKind.ITALIC, MarkKind.BOLD]
    assert seg.en[seg.en_marks[1].start : seg.en_marks[1].end] == "123.4 billion yuan"
    lost = [f for f in layout.check(back)[0] if "formatting lost" in f.reason]
    assert any("1 bold" in f.reason for f in lost)  # the Chinese has two bold spans


def test_an_approved_link_points_where_the_chinese_one_does(tmp_path):
    doc = _doc(tmp_path)

    def english(seg):
        if seg.zh.startswith("详见"):
            marks = (Mark(MarkKind.LINK, 4, 20),)
            en = "See the park website."
            return replace(seg, en=en, en_marks=marks, provenance=Provenance.APPROVED)
        return seg

    path = tmp_path / "r.en.xlf"
    xliff.write_new(doc.map_segments(english), path)
    back = Approved(xliff.load(path)).fill(doc)
    seg = next(s for s in back.segments() if s.zh.startswith("详见"))
    assert seg.en_marks[0].href == "https://example.org/"
    assert seg.en[seg.en_marks[0].start : seg.en_marks[0].end] == "the park website"
