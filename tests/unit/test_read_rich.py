"""The Markdown reader on everything reports use: tables, images, lists, quotes, notes, marks."""

import pytest

from publisher.document import BlockKind, MarkKind
from publisher.errors import SourceError
from publisher.read import read
from publisher.segment import segment
from tests.support.reports import RICH, png, rich_report

K = BlockKind


@pytest.fixture
def doc(tmp_path):
    return read(rich_report(tmp_path / "r"))


def test_front_matter_fields_and_date(doc):
    front = {k: b.text for k, b in doc.front().items()}
    assert front["title"] == "测试园区2020年发展报告"
    assert front["publication_date"] == "2021年1月"
    assert front["author"] == "测试市统计局"
    assert front["isbn"].startswith("978")
    assert doc.issued == "2021-01-15"


def test_every_element_becomes_a_block(doc):
    kinds = [b.kind for b in doc.blocks if b.kind != K.FRONT]
    for kind in (K.FIGURE, K.LIST_ITEM, K.QUOTE, K.TABLE, K.TABLE_CAPTION, K.TABLE_NOTE):
        assert kind in kinds
    assert K.TABLE_SOURCE in kinds and K.NOTE in kinds
    assert K.CAPTION not in kinds  # the ▲ line after the image is the figure's caption


def test_figure_takes_its_caption_and_size(doc):
    figure = doc.first(K.FIGURE)
    assert figure is not None and figure.figure is not None
    assert figure.text == "图1　园区全景"
    assert figure.figure.alt == "园区全景"
    assert (figure.figure.width, figure.figure.height) == (1600, 900)


def test_lists_keep_markers_and_nesting(doc):
    items = [(b.depth, b.marker, b.text) for b in doc.blocks if b.kind == K.LIST_ITEM]
    assert items[0] == (0, "●", "建成厂房12栋；")
    assert items[2] == (1, "○", "制造企业8家；")
    assert [m for _, m, _ in items[-2:]] == ["1.", "2."]


def test_table_cells_header_and_alignment(doc):
    table = doc.first(K.TABLE).table
    assert [c.text for c in table.rows[0]] == ["指标", "单位", "2019年", "2020年"]
    assert all(c.header for c in table.rows[0])
    assert [c.align for c in table.rows[1]] == ["", "", "right", "right"]
    assert table.rows[2][3].text == "—"


def test_marks_and_footnote_reference(doc):
    para = next(b for b in doc.blocks if b.text.startswith("初步核算"))
    kinds = [(m.kind, para.text[m.start : m.end]) for m in para.marks]
    assert (MarkKind.ITALIC, "初步核算") in kinds
    assert (MarkKind.BOLD, "1234亿元") in kinds
    link = next(m for m in para.marks if m.kind == MarkKind.LINK)
    assert link.href == "https://example.org/"
    note = doc.first(K.NOTE)
    assert note.marker == "1" and note.text.startswith("规模以上工业指")
    ref = next(b for b in doc.blocks if b.text.startswith("规模以上工业增加值"))
    assert ref.marks[0].kind == MarkKind.NOTE_REF and ref.marks[0].start == 6


def test_segmentation_hands_marks_to_their_sentences(doc):
    para = next(b for b in segment(doc).blocks if b.text.startswith("初步核算"))
    first, second = para.segments
    assert {m.kind for m in first.marks} == {MarkKind.ITALIC, MarkKind.BOLD}
    link = second.marks[0]
    assert second.zh[link.start : link.end] == "园区网站"


@pytest.mark.parametrize(
    "image, expect",
    [
        ("../outside.png", "outside the source's folder"),
        ("missing.png", "not found"),
        ("broken.png", "cannot be read"),
        ("chart.svg", "SVG"),
        ("https://example.org/a.png", "not a file beside the source"),
    ],
)
def test_bad_images_are_source_errors(tmp_path, image, expect):
    folder = tmp_path / "r"
    png(tmp_path / "outside.png")
    source = rich_report(folder, RICH.replace("photo.png", image))
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    (folder / "chart.svg").write_text("<svg/>")
    with pytest.raises(SourceError, match=expect):
        read(source)


def test_ragged_table_is_a_source_error(tmp_path):
    source = rich_report(tmp_path / "r", RICH.replace("| 亿元 | 800 | — |", "| 亿元 | 800 |"))
    with pytest.raises(SourceError, match="has 3 cells where the table"):
        read(source)


def test_a_figure_number_line_after_an_image_is_its_caption(tmp_path):
    doc = read(rich_report(tmp_path / "r", RICH.replace("▲图1　园区全景", "图1　园区全景")))
    assert doc.first(K.FIGURE).text == "图1　园区全景"
