"""An unchanged rebuild keeps its outputs; any input change builds again; editions in parallel."""

import shutil
import time

from publisher.cli import main
from publisher.config import BuildConfig
from tests.support import GLOSSARY, SEED, SEED_XLIFF
from tests.support.pdf import pdftotext


def build(source, out, *extra):
    return main(
        ["build", str(source), "--glossary", str(GLOSSARY), "--out", str(out), "--no-mt", *extra]
    )


def test_an_unchanged_rebuild_keeps_the_outputs_and_a_change_rebuilds(tmp_path, capsys):
    source = tmp_path / SEED.name
    shutil.copy(SEED, source)
    shutil.copy(SEED_XLIFF, tmp_path / SEED_XLIFF.name)
    out = tmp_path / "out"
    assert build(source, out, "--editions", "en") == 0
    pdf = out / "zhuzhou-2020.en.pdf"
    first = capsys.readouterr().out
    written = pdf.stat().st_mtime_ns
    assert build(source, out, "--editions", "en") == 0
    again = capsys.readouterr().out
    assert "up to date" in again and pdf.stat().st_mtime_ns == written
    assert again.splitlines()[:-1] == first.splitlines()[:-1]  # the same summary, reprinted
    xliff = tmp_path / SEED_XLIFF.name
    xliff.write_text(xliff.read_text(encoding="utf-8").replace("Zhuzhou", "Zhuzhou", 1) + " ")
    assert build(source, out, "--editions", "en") == 0
    said = capsys.readouterr().out
    assert "up to date" not in said and pdf.stat().st_mtime_ns != written
    assert "checked anew: 0 of 96 segments" in said  # the same segments: their checks kept
    assert build(source, out, "--editions", "en", "--paper", "A5") == 0
    assert "up to date" not in capsys.readouterr().out
    pdf.unlink()
    assert build(source, out, "--editions", "en", "--paper", "A5") == 0
    assert "up to date" not in capsys.readouterr().out and pdf.exists()
    source.write_text(source.read_text("utf-8").replace("全力打造", "全力建设", 1), "utf-8")
    assert build(source, out, "--editions", "en", "--draft") == 0
    assert "checked anew: 1 of 96 segments" in capsys.readouterr().out  # the edited sentence


def test_editions_typeset_in_parallel_processes_match_one_after_the_other(seed_build, tmp_path):
    out = tmp_path / "parallel"
    assert build(SEED, out, "--jobs", "2", "--force") == 0
    for pdf in seed_build.outputs:
        assert pdftotext(out / pdf.name) == pdftotext(pdf)


MARKERS: dict = {}  # the overlap test's files, inherited by the forked typesetter


def _wait_for(path):
    deadline = time.monotonic() + 20
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never came"
        time.sleep(0.02)


def _render(doc, edition, target, *rest):
    MARKERS["started"].touch()
    _wait_for(MARKERS["checked"])
    target.write_bytes(b"%PDF-1.7 stand-in")


def _check(*args):
    _wait_for(MARKERS["started"])
    result = MARKERS["check"](*args)
    MARKERS["checked"].touch()
    return result


def test_the_checks_run_while_the_editions_render(tmp_path, monkeypatch):
    """QA overlaps rendering: each side waits for the other to have started, so a build that
    ran them one after the other would time out here."""
    from publisher import pipeline

    MARKERS.update(
        started=tmp_path / "render-started", checked=tmp_path / "checks-done", check=pipeline.check
    )
    monkeypatch.setattr(pipeline, "_edition", _render)
    monkeypatch.setattr(pipeline, "check", _check)
    config = BuildConfig(
        source=SEED, glossary_dir=GLOSSARY, out_dir=tmp_path / "out", machine=False, jobs=1
    )
    result = pipeline.build(config)
    assert [p.name for p in result.outputs] == [
        "zhuzhou-2020.zh-Hans-en.pdf",
        "zhuzhou-2020.zh-Hant-en.pdf",
    ]
    assert (tmp_path / "out" / "zhuzhou-2020.qa.json").exists()
