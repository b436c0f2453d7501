"""`publisher model …` and a build that needs a model it does not have: no model is built here."""

from tests.support.cli import argos_env, run_cli
from tests.support.mt import REPORT, build_brief


def test_model_install_refuses_a_non_package(tmp_path):
    bogus = tmp_path / "x.argosmodel"
    bogus.write_text("not a zip")
    done = run_cli(["model", "install", bogus], argos_env(tmp_path))
    assert done.returncode == 7 and "not an Argos package" in done.stderr


def test_install_from_index_without_network_is_a_clear_error(tmp_path):
    done = run_cli(["model", "install", "--from-index", "zh", "en"], argos_env(tmp_path))
    assert done.returncode == 7
    assert "cannot reach the Argos package index" in done.stderr and "Traceback" not in done.stderr


def test_missing_model_fails_and_writes_no_pdf(tmp_path):
    report = tmp_path / "brief.zh.md"
    report.write_text(REPORT, encoding="utf-8")
    done, out = build_brief(report, tmp_path / "empty-home")
    assert done.returncode == 7
    assert "5 segments need machine translation" in done.stderr
    assert "publisher model install" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() or not list(out.glob("*.pdf"))
