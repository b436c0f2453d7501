"""Round trips through real translators' tools: OmegaT 3.6 in console mode, and the PO route
through translate-toolkit's xliff2po/po2xliff. Both come back through `publisher xliff import`."""

import logging
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.lang.typography import typographic
from publisher.stores import xliff
from tests.support import GLOSSARY
from tests.support.pdf import pdftotext, squash
from tests.support.xliff12 import problems, schema_errors

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir>
    <source_dir_excludes/>
    <target_dir>target</target_dir>
    <tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir>
    <glossary_file>glossary/glossary.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>zh-CN</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def _report(tmp_path) -> Path:
    """The seed as a report nobody has translated yet (no translation file beside it)."""
    folder = tmp_path / "report"
    folder.mkdir()
    shutil.copy(SEEDS / "zhuzhou-2020.zh.md", folder / "r.zh.md")
    return folder / "r.zh.md"


def _seed_pairs() -> dict[str, str]:
    memory = xliff.load(SEEDS / "zhuzhou-2020.en.xlf")
    return {u.source: u.target for u in memory.units.values()}


def _assert_built_with(source: Path, tmp_path, capsys) -> None:
    """The build takes every returned translation as approved and prints it."""
    out = tmp_path / "out"
    args = ["build", str(source), "--no-mt", "--glossary", str(GLOSSARY), "--editions", "en"]
    assert main([*args, "--out", str(out)]) == 0
    summary = capsys.readouterr().out
    assert "English: 96 approved" in summary, summary
    text = squash(pdftotext(out / "r.en.pdf"))
    # each sentence's opening (a hyphenated line end can break the rest in pdftotext)
    missing = [en for en in _seed_pairs().values() if squash(typographic(en))[:24] not in text]
    assert not missing, missing[:3]


@pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT (Debian omegat) not installed")
def test_omegat_translates_our_export_from_its_memory_and_the_build_prints_it(tmp_path, capsys):
    source = _report(tmp_path)
    project = tmp_path / "omegat"
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / sub).mkdir(parents=True)
    (project / "omegat.project").write_text(OMEGAT_PROJECT, encoding="utf-8")
    exported = project / "source" / "r.en.xlf"
    assert main(["xliff", "export", str(source), "--copy-source", "-o", str(exported)]) == 0
    assert main(["tm", "export", str(SEEDS), "-o", str(project / "tm" / "auto" / "seed.tmx")]) == 0
    run = subprocess.run(
        ["omegat", str(project), "--mode=console-translate"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    returned = project / "target" / "r.en.xlf"
    back = xliff.units_of(xliff.parse(returned.read_bytes()))
    assert sum(u.target != u.source for u in back) == 96
    capsys.readouterr()
    assert main(["xliff", "import", str(returned), "--source", str(source)]) == 0
    summary = capsys.readouterr().out
    assert "96 units matched (96 by id" in summary and "96 accepted" in summary, summary
    _assert_built_with(source, tmp_path, capsys)


@pytest.mark.skipif(
    shutil.which("xliff2po") is None and not Path(sys.executable).with_name("xliff2po").exists(),
    reason="translate-toolkit scripts missing",
)
def test_po_round_trip_comes_back_by_source_text(tmp_path, capsys):
    """Defect: po2xliff renumbers the units; the ids were lost with no warning."""
    from translate.storage import po

    source = _report(tmp_path)
    exported = tmp_path / "r.xlf"
    assert main(["xliff", "export", str(source), "-o", str(exported)]) == 0
    bindir = Path(sys.executable).parent
    po_file, back = tmp_path / "r.po", tmp_path / "back.xlf"
    subprocess.run([bindir / "xliff2po", exported, po_file], check=True, capture_output=True)
    store = po.pofile.parsefile(str(po_file))
    pairs = _seed_pairs()
    for unit in store.units:
        if not unit.isheader() and str(unit.source) in pairs:
            unit.target = pairs[str(unit.source)]
            unit.markfuzzy(False)
    po_file.write_bytes(bytes(store))
    subprocess.run([bindir / "po2xliff", po_file, back], check=True, capture_output=True)
    ids = {u.id for u in xliff.units_of(xliff.parse(back.read_bytes()))}
    assert not ids & {u.id for u in xliff.units_of(xliff.parse(exported.read_bytes()))}
    capsys.readouterr()
    assert main(["xliff", "import", str(back), "--source", str(source)]) == 0
    summary = capsys.readouterr().out
    assert "by source text" in summary and "warning: only 0 of" in summary, summary
    _assert_built_with(source, tmp_path, capsys)


def _exports(tmp_path) -> list[Path]:
    folder = tmp_path / "seed"
    shutil.copytree(SEEDS, folder)
    source = folder / "zhuzhou-2020.zh.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("砥砺前行。", "砥砺前行,成绩斐然。", 1), encoding="utf-8")
    paths = []
    for name, extra in (("all", []), ("todo", ["--todo"]), ("copy", ["--copy-source"])):
        out = tmp_path / f"{name}.xlf"
        assert (
            main(
                [
                    "xliff",
                    "export",
                    str(source),
                    "-o",
                    str(out),
                    "--glossary",
                    str(GLOSSARY),
                    *extra,
                ]
            )
            == 0
        )
        paths.append(out)
    tmx = tmp_path / "tm.tmx"
    assert main(["tm", "export", str(folder), "-o", str(tmx)]) == 0
    return [*paths, tmx]


def test_translate_toolkit_reads_every_export_without_warnings(tmp_path, caplog):
    from translate.storage import factory

    for path in _exports(tmp_path):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            caplog.clear()
            with caplog.at_level(logging.WARNING):
                store = factory.getobject(str(path))
            assert not caplog.records, (path, caplog.records)
        assert [u for u in store.units if not u.isheader()], path


def test_exports_are_valid_xliff_1_2(tmp_path):
    for path in _exports(tmp_path)[:3]:
        data = path.read_bytes()
        assert problems(data) == [], path
        assert schema_errors(data) == [], path


def test_machine_drafts_are_exported_for_review(tmp_path, argos_home):
    from tests.support.cli import argos_env, run_cli

    source = _report(tmp_path)
    out = tmp_path / "drafts.xlf"
    done = run_cli(
        ["xliff", "export", source, "--machine", "-o", out, "--glossary", GLOSSARY],
        argos_env(argos_home),
    )
    assert done.returncode == 0, done.stderr
    units = xliff.units_of(xliff.parse(out.read_bytes()))
    assert len(units) == 96
    assert all(u.state == "needs-review-translation" and u.target for u in units)
    assert not (source.parent / "r.en.xlf").exists()  # never in place
