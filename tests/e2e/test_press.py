"""Print: justified Chinese in every bilingual edition; PDF/X-4 that holds, body text on K."""

import subprocess
import sys
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.writers.pdfx import check_pdfx4
from tests.support import GLOSSARY, SEED

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import typesetting  # noqa: E402  (bench/typesetting.py: the measurements as a library)


def test_chinese_is_justified_flush_in_the_seed_editions(seed_build):
    for pdf in seed_build.outputs:
        chinese = typesetting.measure(pdf)["chinese"]
        assert chinese["nonfinal"] > 200
        assert chinese["short_over_1pt"] <= 0.03 * chinese["nonfinal"], pdf.name


def test_pdfx4_is_cmyk_with_an_output_intent_and_body_text_on_black(tmp_path):
    out = tmp_path / "out"
    args = ["build", str(SEED), "--glossary", str(GLOSSARY), "--out", str(out), "--no-mt"]
    assert main([*args, "--editions", "zh-Hans-en", "--pdf-variant", "pdf/x-4"]) == 0
    pdf = out / "zhuzhou-2020.zh-Hans-en.pdf"
    assert check_pdfx4(pdf) == []
    ink = subprocess.run(
        ["gs", "-q", "-o", "-", "-sDEVICE=inkcov", "-dFirstPage=4", "-dLastPage=4", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    c, m, y, k = map(float, ink[:4])
    assert k > 0.05 and max(c, m, y) < 0.1 * k  # the text is on K; colour only in rules


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--output-profile", "x.icc"], "--output-profile is for --pdf-variant pdf/x-4"),
        (["--marks", "crop"], "draws printer's marks inside the bleed"),
    ],
)
def test_options_that_cannot_go_together_exit_2(extra, message, tmp_path, capsys):
    assert main(["build", str(SEED), "--out", str(tmp_path), *extra]) == 2
    assert message in capsys.readouterr().err
