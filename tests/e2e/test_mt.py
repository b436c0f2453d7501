"""Machine translation end to end with the session's tiny real Argos package (no network)."""

import re
import shutil

import pytest

from publisher.cli import main
from publisher.engines import models
from publisher.engines.argos import ArgosEngine, ArgosOptions
from tests.support import GLOSSARY, SEED, seed_sentences
from tests.support.cli import argos_env, run_cli
from tests.support.mt import REPORT, build_brief
from tests.support.pdf import columns, pdftotext

pytestmark = pytest.mark.slow


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "brief.zh.md"
    path.write_text(REPORT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def first_build(tmp_path_factory, argos_home):
    """The brief built once with the tiny model: every segment machine-translated, cache filled.

    Only the edition the tests read (zh-Hans-en) is typeset.
    """
    report = tmp_path_factory.mktemp("brief") / "brief.zh.md"
    report.write_text(REPORT, encoding="utf-8")
    done, out = build_brief(report, argos_home, "--max-length", "12", "--editions", "zh-Hans-en")
    return report, done, out


def test_model_list_shows_the_installed_package(argos_home):
    done = run_cli(["model", "list"], argos_env(argos_home))
    assert done.returncode == 0
    assert re.search(r"zh→en\s+0\.0\.7", done.stdout)


def test_build_without_approved_translation(first_build):
    _, done, out = first_build
    assert done.returncode == 0, done.stderr
    # a random model cannot keep placeholders: every segment with a term falls back, flagged
    assert "English: 5 machine" in done.stdout
    assert (
        "machine translation: 5 translated, 0 from cache; 8 glossary terms protected" in done.stdout
    )
    colophon = " ".join(pdftotext(out / "brief.zh-Hans-en.pdf").split()[-150:])
    assert "5 segments machine-translated" in colophon
    assert "Argos Translate package zh→en 0.0.7 on CTranslate2" in colophon
    assert "Glossary" in colophon and "version" in colophon


def test_second_build_translates_nothing_and_an_edit_only_its_segment(
    first_build, tmp_path, argos_home, monkeypatch, capsys
):
    """The first build is the shared one (its cache copied here); the next three run in-process
    and typeset only the small English edition: what they check is the summary's cache line."""
    report, first, _ = first_build
    assert "machine translation: 5 translated, 0 from cache" in first.stdout
    shutil.copy(report, tmp_path / report.name)
    shutil.copy(report.parent / "c.sqlite", tmp_path / "c.sqlite")
    report = tmp_path / report.name
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos_home / "packages"))

    def build(*extra):
        args = ["build", report, "--out", tmp_path / "out", "--glossary", GLOSSARY]
        args += ["--cache", tmp_path / "c.sqlite", "--max-length", "12", "--editions", "en"]
        assert main([str(a) for a in [*args, *extra]]) == 0
        return capsys.readouterr().out

    again = build()
    assert "machine translation: 0 translated, 5 from cache" in again
    report.write_text(REPORT.replace("增长9%。", "增长10%。"), encoding="utf-8")
    edited = build()
    assert "machine translation: 1 translated, 4 from cache" in edited
    fresh = build("--no-cache")
    assert "machine translation: 5 translated, 0 from cache" in fresh


def test_missing_model_with_draft_marks_segments(report, tmp_path):
    done, out = build_brief(report, tmp_path / "empty-home", "--draft")
    assert done.returncode == 0, done.stderr
    _, english = columns(out / "brief.zh-Hans-en.pdf")
    assert english.upper().count("UNTRANSLATED") >= 5


def test_batching_preserves_order(argos_home, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos_home / "packages"))
    package = models.find_package(folder=argos_home / "packages")
    options = dict(beam_size=2, compute_type="float32", max_decoding_length=40)
    # A random model gives most sentences one of a few outputs, and a translation handed to the
    # wrong sentence would go unseen among equals: take sentences whose outputs all differ (picked
    # from one quick batched pass; the one-by-one reference below must confirm they differ).
    pool = seed_sentences()
    outputs = ArgosEngine(package, ArgosOptions(batch_size=32, **options)).translate(pool)
    texts = list({out: text for text, out in zip(pool, outputs, strict=True)}.values())[:9]
    one_by_one = ArgosEngine(package, ArgosOptions(batch_size=1, **options)).translate(texts)
    batched = ArgosEngine(package, ArgosOptions(batch_size=4, **options)).translate(texts)
    assert len(set(one_by_one)) == len(texts) == 9
    assert batched == one_by_one and len(batched) == 9


def test_approved_build_never_loads_the_engine(tmp_path, argos_home):
    """A report fully covered by approved translations starts fast: no torch, no CTranslate2."""
    env = {**argos_env(argos_home), "PYTHONPROFILEIMPORTTIME": "1"}
    args = [
        "build",
        SEED,
        "--out",
        tmp_path,
        "--glossary",
        GLOSSARY,
        "--cache",
        tmp_path / "c.sqlite",
    ]
    done = run_cli([*args, "--editions", "zh-Hans-en"], env)
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "weasyprint" in imported  # the profile holds the build's imports: absence counts
    assert "argostranslate.translate" not in imported and "torch" not in imported
    assert "ctranslate2" not in imported
