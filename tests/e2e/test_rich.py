"""End to end: a crafted report with every element, built and read back from the PDFs."""

import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from publisher.config import BuildConfig, LayoutConfig
from publisher.document import BlockKind, MarkKind, Provenance
from publisher.pipeline import build, prepare
from publisher.read import read
from publisher.segment import segment
from publisher.stores import xliff
from publisher.text import has_han
from tests.support import GLOSSARY
from tests.support.cli import run_cli
from tests.support.pdf import page_texts, pdftotext, squash
from tests.support.reports import RICH, docx_report, rich_report

pytestmark = pytest.mark.slow


def approve(source: Path) -> dict[str, str]:
    """An approved XLIFF beside the source: "Text N." for every segment with Chinese in it."""
    doc = segment(read(source))
    english: dict[str, str] = {}

    def fill(seg):
        if not has_han(seg.zh):
            return seg
        english[seg.id] = f"Text {len(english) + 1}."
        return replace(seg, en=english[seg.id], provenance=Provenance.APPROVED)

    xliff.write_new(doc.map_segments(fill), source.with_name(source.name.split(".")[0] + ".en.xlf"))
    return english


def printed(text: str, marks) -> str:
    """The text as the page prints it: note references as their numbers, in place."""
    for m in sorted(marks, key=lambda m: -m.start):
        if m.kind == MarkKind.NOTE_REF:
            text = text[: m.start] + m.href + text[m.start :]
    return squash(text)


def images(pdf: Path) -> list[int]:
    """The page of each image in the PDF (pdfimages -list)."""
    rows = subprocess.run(
        ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    return [int(row.split()[0]) for row in rows]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rich")
    source = rich_report(folder / "src")
    english = approve(source)
    config = BuildConfig(
        source=source,
        out_dir=folder / "out",
        glossary_dir=GLOSSARY,
        machine=False,
        editions=("zh-Hans-en", "zh-Hant-en", "en"),
    )
    return build(config), english, config


def test_every_cell_item_note_and_caption_in_both_columns(built):
    result, english, _ = built
    hans, hant, en_only = (squash(pdftotext(p, "-raw")) for p in result.outputs)
    doc = result.doc
    for seg in doc.segments():
        assert printed(seg.zh, seg.marks) in hans, seg.zh
        assert printed(seg.zh_hant or seg.zh, seg.marks) in hant, seg.zh
        assert squash(seg.en or "") in en_only, seg.zh
        assert squash(seg.en or "") in hans, seg.zh
    assert len(english) == sum(1 for s in doc.segments() if has_han(s.zh))
    assert "测试市统计局" in hans and "2021年1月" in hans  # the cover from the front matter
    front = "".join(page_texts(result.outputs[0])[:1])
    assert "2021年1月" in front and result.doc.source.built not in front


def test_image_is_embedded_with_its_caption_on_its_page(built):
    result, _, _ = built
    figure = result.doc.first(BlockKind.FIGURE)
    for pdf in result.outputs:
        pages = images(pdf)
        assert len(pages) == 1
        text = squash(page_texts(pdf)[pages[0] - 1])
        assert squash(figure.segments[0].en) in text
    assert squash(figure.text) in squash(
        page_texts(result.outputs[0])[images(result.outputs[0])[0] - 1]
    )


def test_layout_qa_reports_only_the_marks_the_placeholder_english_lacks(built):
    result, _, _ = built
    findings = result.qa.by_check("layout")
    assert findings and all("formatting lost" in f.reason for f in findings)


def test_stacked_edition_and_draft_frame(built, tmp_path):
    _, _, config = built
    source = config.source.with_name("orphan.zh.md")
    source.write_text(RICH.replace("![园区全景](photo.png)\n", ""), encoding="utf-8")
    draft = replace(
        config,
        source=source,
        out_dir=tmp_path,
        draft=True,
        editions=("zh-Hans-en",),
        layout=LayoutConfig(arrangement="stacked", draft=True),
    )
    result = build(draft)
    text = "".join(page_texts(result.outputs[0]))
    assert "IMAGE MISSING" in text.upper()
    assert any("caption with no image" in f.reason for f in result.qa.by_check("layout"))


def test_tables_figures_and_lists_reach_the_xliff(built, tmp_path):
    _, _, config = built
    prepared = prepare(config)
    target = tmp_path / "out.xlf"
    xliff.write_new(prepared.doc, target)
    xml = target.read_text(encoding="utf-8")
    for kind in ("table_cell", "table_header", "list_item", "figure", "note", "table_note"):
        assert f'"x-block-kind">{kind}<' in xml, kind
    assert "front:title" in xml


def test_word_report_builds_with_its_approved_translation_beside_it(tmp_path):
    source = docx_report(tmp_path / "src")
    english = approve(source)  # report.en.xlf
    config = BuildConfig(
        source=source,
        out_dir=tmp_path / "out",
        glossary_dir=GLOSSARY,
        machine=False,
        editions=("zh-Hans-en",),
    )
    result = build(config)
    assert result.doc.provenance()[Provenance.MISSING] == 0
    (pdf,) = result.outputs
    text = squash(pdftotext(pdf, "-raw"))
    for seg in result.doc.segments():
        assert printed(seg.zh, seg.marks) in text and squash(seg.en or "") in text, seg.zh
    assert len(english) >= 10
    pages = images(pdf)
    assert len(pages) == 1
    assert squash("图1　园区全景") in squash(page_texts(pdf)[pages[0] - 1])


def test_bad_input_exits_3_with_one_message(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"plain text, not a Word file")
    ragged = rich_report(tmp_path / "r", RICH.replace("| 亿元 | 800 | — |", "| 亿元 | 800 |"))
    for source in (bad, ragged):
        run = run_cli(["build", source, "--out", tmp_path / "out", "--no-mt"], dict(os.environ))
        assert run.returncode == 3, run.stderr
        assert "Traceback" not in run.stderr and run.stderr.strip()


def test_seed_captions_are_reported_and_framed_in_draft(tmp_path):
    from tests.support import SEED

    config = BuildConfig(
        source=SEED,
        out_dir=tmp_path,
        glossary_dir=GLOSSARY,
        machine=False,
        draft=True,
        editions=("zh-Hans-en",),
    )
    result = build(config)
    orphans = [f for f in result.qa.by_check("layout") if "caption with no image" in f.reason]
    assert len(orphans) == 3 and not result.qa.errors
    text = pdftotext(result.outputs[0]).upper()
    assert text.count("IMAGE MISSING") == 3
