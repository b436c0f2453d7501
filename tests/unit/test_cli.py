"""The command line's contract without typesetting: exit codes, messages, options, start-up."""

import re
import subprocess
import sys

import pytest

from publisher.cli import main, parser
from publisher.cli.build import config_from
from publisher.engines.argos import ArgosOptions
from tests.support import GLOSSARY, SEED


def test_missing_translation_fails_with_a_list(tmp_path, capsys):
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
    assert "| publisher.cli" in proc.stderr  # the import profile is there to be read
    assert "weasyprint" not in proc.stderr and "argostranslate" not in proc.stderr


def test_qa_command_on_the_seed(tmp_path, capsys):
    code = main(["qa", str(SEED), "--out", str(tmp_path), "--glossary", str(GLOSSARY), "--strict"])
    out = capsys.readouterr().out
    assert code == 0  # the seed's decisions file settles the Traditional review list's tier 1
    assert re.search(r"Numbers and units\s+0 errors", out)
    assert re.search(r"Glossary compliance\s+0 errors", out)
    assert re.search(r"Completeness\s+0 errors", out)
    assert (tmp_path / "zhuzhou-2020.qa.html").exists()


def test_machine_options_reach_the_engine():
    argv = ["build", "x.zh.md", "--max-length", "12", "--beam-size", "2", "--batch-size", "8"]
    config = config_from(parser(argv).parse_args([*argv, "--threads", "1"]))
    assert config.engine.options == ArgosOptions(
        beam_size=2, batch_size=8, threads=1, max_decoding_length=12
    )
    no_cache = ["build", "x.zh.md", "--no-cache"]
    assert config_from(parser(no_cache).parse_args(no_cache)).cache is None
