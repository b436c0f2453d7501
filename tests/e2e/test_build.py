"""End to end: the seed built with its approved translation, read back from the PDFs."""

import subprocess
from dataclasses import replace

import pytest

from publisher.cli import main
from publisher.config import BuildConfig
from publisher.document import BlockKind, Provenance
from publisher.lang.typography import typographic
from publisher.pipeline import build, prepare
from publisher.stores import xliff
from tests.support import GLOSSARY
from tests.support.pdf import columns, pdftotext, squash

pytestmark = pytest.mark.slow


def test_both_editions_contain_every_sentence(seed_build):
    hans_pdf, hant_pdf = seed_build.outputs
    assert (
        hans_pdf.name == "zhuzhou-2020.zh-Hans-en.pdf"
        and hant_pdf.name == "zhuzhou-2020.zh-Hant-en.pdf"
    )
    hans_zh, hans_en = map(squash, columns(hans_pdf))
    hant_zh, hant_en = map(squash, columns(hant_pdf))
    for seg in seed_build.doc.segments():
        assert squash(seg.zh) in hans_zh, seg.id
        assert squash(seg.zh_hant) in hant_zh, seg.id
        english = squash(typographic(seg.en))
        assert english in hans_en and english in hant_en, seg.id
    assert "中國動力谷" in hant_zh and "中国动力谷" not in hant_zh


def test_every_font_is_embedded(seed_build):
    for pdf in seed_build.outputs:
        rows = subprocess.run(
            ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
        ).stdout
        fonts = rows.splitlines()[2:]
        assert fonts
        for row in fonts:
            assert row.split()[-5] == "yes", row  # the "emb" column


def test_rows_read_chinese_then_english(seed_build):
    text = pdftotext(seed_build.outputs[0], "-layout")
    first = next(b for b in seed_build.doc.blocks if b.kind == BlockKind.PARAGRAPH)
    line = next(ln for ln in text.splitlines() if "这5年" in ln)
    assert line.index("这5年") < line.index(first.segments[0].en.split()[0])


def test_draft_renders_untranslated_segments_marked(tmp_path):
    source = tmp_path / "new.zh.md"
    source.write_text("# 新报告\n\n没有译文的句子。\n", encoding="utf-8")
    result = build(
        BuildConfig(
            source=source,
            out_dir=tmp_path / "out",
            glossary_dir=GLOSSARY,
            draft=True,
            machine=False,  # independent of any model an earlier test installed
            editions=("zh-Hans-en",),
        )
    )
    text = pdftotext(result.outputs[0])
    assert "UNTRANSLATED" in text.upper() and "没有译文的句子" in text


def _with_approved(tmp_path, zh: str, en: str):
    """A one-paragraph report and its approved XLIFF."""
    source = tmp_path / "fig.zh.md"
    source.write_text(f"# 简报\n\n{zh}\n", encoding="utf-8")
    doc = prepare(BuildConfig(source=source, glossary_dir=GLOSSARY, machine=False)).doc
    english = iter(["Brief", en])
    doc = doc.map_segments(lambda s: replace(s, en=next(english), provenance=Provenance.APPROVED))
    xliff.write_new(doc, tmp_path / "fig.en.xlf")
    return source


def test_strict_build_stops_on_a_wrong_figure_after_the_qa_report(tmp_path, capsys):
    source = _with_approved(
        tmp_path, "投资150亿元的项目开工。", "A project worth 150 billion yuan broke ground."
    )
    out = tmp_path / "out"
    code = main(["build", str(source), "--out", str(out), "--glossary", str(GLOSSARY), "--strict"])
    captured = capsys.readouterr()
    assert code == 9
    assert "1 QA error(s)" in captured.err
    assert (out / "fig.qa.html").exists() and (out / "fig.qa.json").exists()
    assert not list(out.glob("*.pdf"))
    # without --strict the same build publishes, and says what the reviewer must look at
    assert main(["build", str(source), "--out", str(out), "--glossary", str(GLOSSARY)]) == 0
    assert "QA: 1 errors" in capsys.readouterr().out
    assert len(list(out.glob("*.pdf"))) == 2
