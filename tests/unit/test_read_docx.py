"""Word input through pandoc: the same blocks as Markdown, images only from the file itself."""

import pytest

from publisher.document import BlockKind, MarkKind
from publisher.errors import SourceError
from publisher.read import read
from tests.support.reports import docx_report

K = BlockKind


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    return read(docx_report(tmp_path_factory.mktemp("docx")))


def test_headings_paragraphs_and_marks(doc):
    assert doc.blocks[0].kind == K.TITLE and doc.blocks[0].text == "测试园区2020年发展报告"
    para = next(b for b in doc.blocks if b.text.startswith("初步核算"))
    assert [(m.kind, para.text[m.start : m.end]) for m in para.marks] == [
        (MarkKind.BOLD, "1234亿元"),
        (MarkKind.ITALIC, "5.6%"),
    ]


def test_embedded_image_and_its_caption(doc):
    figure = doc.first(K.FIGURE)
    assert figure.text == "图1　园区全景"
    assert figure.figure.width == 1600 and "publisher-docx-" in figure.figure.src


def test_lists_and_merged_cells(doc):
    items = [(b.marker, b.text) for b in doc.blocks if b.kind == K.LIST_ITEM]
    assert items == [
        ("●", "建成厂房12栋；"),
        ("●", "引进制造企业8家。"),
        ("1.", "第一项任务完成。"),
    ]
    table = doc.first(K.TABLE).table
    assert [(c.text, c.colspan) for c in table.rows[1]] == [
        ("园区生产总值（亿元）", 2),
        ("1234", 1),
    ]
    assert all(c.header for c in table.rows[0])
    assert doc.first(K.TABLE_CAPTION).text == "表1　主要指标"
    assert doc.first(K.TABLE_NOTE).text.startswith("注：")


def test_footnote_reference_and_note(doc):
    ref = next(b for b in doc.blocks if b.text.startswith("规模以上工业增加值"))
    assert ref.marks[0].kind == MarkKind.NOTE_REF and ref.marks[0].start == 6
    note = doc.first(K.NOTE)
    assert note.marker == "1" and note.text.startswith("规模以上工业指")


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x05\x06" + b"\0" * 18])
def test_a_file_that_is_not_a_docx_is_a_source_error(tmp_path, content):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    with pytest.raises(SourceError, match="not a Word document"):
        read(bad)


def test_odt_goes_through_the_same_reader(tmp_path):
    import pypandoc

    from tests.support.reports import png

    png(tmp_path / "photo.png")
    source = tmp_path / "report.odt"
    markdown = (
        "# 测试报告\n\n全年增长**5.6%**。\n\n![](photo.png)\n\n▲图1　园区全景\n\n- 第一项。\n"
    )
    pypandoc.convert_text(
        markdown,
        "odt",
        format="gfm",
        outputfile=str(source),
        extra_args=[f"--resource-path={tmp_path}"],
    )
    (tmp_path / "photo.png").unlink()
    doc = read(source)
    assert doc.first(K.FIGURE).text == "图1　园区全景"
    assert doc.first(K.LIST_ITEM).text == "第一项。"
    para = next(b for b in doc.blocks if b.text.startswith("全年"))
    assert para.marks[0].kind == MarkKind.BOLD
