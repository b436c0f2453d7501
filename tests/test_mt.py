"""Machine translation end to end with a tiny real Argos package (random weights, no network)."""

import re

import pytest

from publisher.translation import models
from publisher.translation.engines import ArgosEngine, ArgosOptions
from publisher.translation.synthetic import build_package

from .conftest import GLOSSARY, SEED, argos_env, columns, pdftotext, run_cli, seed_sentences

REPORT = """# 株洲工业简报

### 中车株机扩大产能

中车株机在株洲新建电力机车生产线。全市规模以上工业企业增加值增长9%。

▲株洲的生产线。
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """An argostranslate home with the tiny zh→en package installed through our CLI."""
    home = tmp_path_factory.mktemp("argos")
    package = build_package(
        home / "tiny.argosmodel", seed_sentences(), eos_bias=-1e4, version="0.0.7"
    )
    done = run_cli(["model", "install", package], argos_env(home))
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "brief.zh.md"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _build(report, home, *extra):
    out = report.parent / "out"
    args = [
        "build",
        report,
        "--out",
        out,
        "--glossary",
        GLOSSARY,
        "--cache",
        report.parent / "c.sqlite",
    ]
    return run_cli([*args, *extra], argos_env(home)), out


def test_model_list_shows_the_installed_package(home):
    done = run_cli(["model", "list"], argos_env(home))
    assert done.returncode == 0
    assert re.search(r"zh→en\s+0\.0\.7", done.stdout)


def test_model_install_refuses_a_non_package(tmp_path):
    bogus = tmp_path / "x.argosmodel"
    bogus.write_text("not a zip")
    done = run_cli(["model", "install", bogus], argos_env(tmp_path))
    assert done.returncode == 7 and "not an Argos package" in done.stderr


def test_install_from_index_without_network_is_a_clear_error(tmp_path):
    done = run_cli(["model", "install", "--from-index", "zh", "en"], argos_env(tmp_path))
    assert done.returncode == 7
    assert "cannot reach the Argos package index" in done.stderr and "Traceback" not in done.stderr


def test_build_without_approved_translation(report, home):
    done, out = _build(report, home, "--max-length", "12")
    assert done.returncode == 0, done.stderr
    # a random model cannot keep placeholders: every segment with a term falls back, flagged
    assert "English: 5 machine" in done.stdout
    assert (
        "machine translation: 5 translated, 0 from cache; 8 glossary terms protected" in done.stdout
    )
    colophon = " ".join(pdftotext(out / "brief.zh-Hans-en.pdf").split()[-60:])
    assert "5 segments machine-translated" in colophon
    assert "Argos Translate package zh→en 0.0.7 on CTranslate2" in colophon
    assert "Glossary" in colophon and "version" in colophon


def test_second_build_translates_nothing_and_an_edit_only_its_segment(report, home):
    _build(report, home, "--max-length", "12")
    again, _ = _build(report, home, "--max-length", "12")
    assert "machine translation: 0 translated, 5 from cache" in again.stdout
    report.write_text(REPORT.replace("增长9%。", "增长10%。"), encoding="utf-8")
    edited, _ = _build(report, home, "--max-length", "12")
    assert "machine translation: 1 translated, 4 from cache" in edited.stdout
    fresh, _ = _build(report, home, "--max-length", "12", "--no-cache")
    assert "machine translation: 5 translated, 0 from cache" in fresh.stdout


def test_missing_model_fails_and_writes_no_pdf(report, tmp_path):
    done, out = _build(report, tmp_path / "empty-home")
    assert done.returncode == 7
    assert "5 segments need machine translation" in done.stderr
    assert "publisher model install" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() or not list(out.glob("*.pdf"))


def test_missing_model_with_draft_marks_segments(report, tmp_path):
    done, out = _build(report, tmp_path / "empty-home", "--draft")
    assert done.returncode == 0, done.stderr
    _, english = columns(out / "brief.zh-Hans-en.pdf")
    assert english.upper().count("UNTRANSLATED") >= 5


def test_batching_preserves_order(home, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "packages"))
    package = models.find_package(folder=home / "packages")
    texts = seed_sentences()[:9]
    options = dict(beam_size=2, compute_type="float32", max_decoding_length=10)
    one_by_one = ArgosEngine(package, ArgosOptions(batch_size=1, **options)).translate(texts)
    batched = ArgosEngine(package, ArgosOptions(batch_size=4, **options)).translate(texts)
    assert batched == one_by_one and len(batched) == 9


def test_approved_build_never_loads_the_engine(tmp_path, home):
    """A report fully covered by approved translations starts fast: no torch, no CTranslate2."""
    env = {**argos_env(home), "PYTHONPROFILEIMPORTTIME": "1"}
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
    assert "argostranslate.translate" not in imported and "torch" not in imported
    assert "ctranslate2" not in imported


def test_machine_options_reach_the_engine():
    from publisher.cli import _config, _parser

    argv = ["build", "x.zh.md", "--max-length", "12", "--beam-size", "2", "--batch-size", "8"]
    config = _config(_parser().parse_args([*argv, "--threads", "1"]))
    assert config.argos == ArgosOptions(
        beam_size=2, batch_size=8, threads=1, max_decoding_length=12
    )
    assert _config(_parser().parse_args(["build", "x.zh.md", "--no-cache"])).cache is None
