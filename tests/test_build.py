"""End to end: the seed built with its approved translation, read back from the PDFs."""

import re
import subprocess
import sys

import pytest

from publisher.document import APPROVED
from publisher.pipeline import BuildConfig, build
from publisher.typography import typographic

from .conftest import GLOSSARY, SEED, columns, pdftotext


def _squash(text: str) -> str:
    """Text without spaces and hyphens (the PDF breaks lines and hyphenates), for containment."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


def test_every_seed_segment_has_approved_english(seed_build):
    segments = list(seed_build.doc.segments())
    assert segments and all(s.provenance == APPROVED and s.en for s in segments)
    assert seed_build.stale_units == 0


def test_both_editions_contain_every_sentence(seed_build):
    hans_pdf, hant_pdf = seed_build.outputs
    assert (
        hans_pdf.name == "zhuzhou-2020.zh-Hans-en.pdf"
        and hant_pdf.name == "zhuzhou-2020.zh-Hant-en.pdf"
    )
    hans_zh, hans_en = map(_squash, columns(hans_pdf))
    hant_zh, hant_en = map(_squash, columns(hant_pdf))
    for seg in seed_build.doc.segments():
        assert _squash(seg.zh) in hans_zh, seg.id
        assert _squash(seg.zh_hant) in hant_zh, seg.id
        english = _squash(typographic(seg.en))
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
    first = next(b for b in seed_build.doc.blocks if b.kind == "paragraph")
    line = next(ln for ln in text.splitlines() if "这5年" in ln)
    assert line.index("这5年") < line.index(first.segments[0].en.split()[0])


def test_missing_translation_fails_with_a_list(tmp_path, capsys):
    from publisher.cli import main

    source = tmp_path / "new.zh.md"
    source.write_text(
        "# 新报告\n\n株洲市制造业增加值年均增长9%以上。没有译文的句子。\n", encoding="utf-8"
    )
    out = str(tmp_path / "out")
    code = main(["build", str(source), "--out", out, "--glossary", str(GLOSSARY), "--no-mt"])
    err = capsys.readouterr().err
    assert code == 6
    assert "3 of 3 segments have no approved English translation" in err
    assert "没有译文的句子" in err and "--draft" in err
    assert not list((tmp_path / "out").glob("*.pdf"))  # the QA report says what is missing
    assert (tmp_path / "out" / "new.qa.html").exists()


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


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["build", "nope.zh.md"], 3, "cannot read nope.zh.md"),
        (["build", str(SEED), "--glossary", "/nonexistent"], 4, "no glossary found"),
    ],
)
def test_user_errors_are_one_line_without_traceback(args, code, message):
    proc = subprocess.run(
        [sys.executable, "-m", "publisher", *args], capture_output=True, text=True
    )
    assert proc.returncode == code
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_help_is_fast():
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "publisher", "--help"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0
    assert "weasyprint" not in proc.stderr and "argostranslate" not in proc.stderr


def _with_approved(tmp_path, zh: str, en: str):
    """A one-paragraph report and its approved XLIFF."""
    from dataclasses import replace as _replace

    from publisher.pipeline import prepare
    from publisher.translation import memory

    source = tmp_path / "fig.zh.md"
    source.write_text(f"# 简报\n\n{zh}\n", encoding="utf-8")
    doc, _ = prepare(BuildConfig(source=source, glossary_dir=GLOSSARY, machine=False))
    english = iter(["Brief", en])
    doc = doc.map_segments(lambda s: _replace(s, en=next(english), provenance=APPROVED))
    memory.write(doc, tmp_path / "fig.en.xlf")
    return source


def test_strict_build_stops_on_a_wrong_figure_after_the_qa_report(tmp_path, capsys):
    from publisher.cli import main

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


def test_qa_command_on_the_seed(tmp_path, capsys):
    from publisher.cli import main

    code = main(["qa", str(SEED), "--out", str(tmp_path), "--glossary", str(GLOSSARY), "--strict"])
    out = capsys.readouterr().out
    assert code == 0
    assert "QA: 0 errors" in out
    assert re.search(r"Numbers and units\s+0 errors", out)
    assert (tmp_path / "zhuzhou-2020.qa.html").exists()
