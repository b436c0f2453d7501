import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "zhuzhou-2020.zh.md"
SEED_XLIFF = ROOT / "seeds" / "zhuzhou-2020.en.xlf"
GLOSSARY = ROOT / "glossary"


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


# A4 in points, and where the stylesheet puts things: the gutter at 18 mm margin + 40 % of the
# text width; running head and folio outside the 22 mm top and 24 mm bottom margins.
PAGE_W, PAGE_H = 595, 842
MM = 72 / 25.4
GUTTER_X = round(18 * MM + 0.40 * (PAGE_W - 36 * MM))
TOP, BOTTOM = round(20 * MM), round(PAGE_H - 22 * MM)


def columns(pdf: Path) -> tuple[str, str]:
    """The text of the left and right columns of every page body, read separately."""
    box = ["-y", str(TOP), "-H", str(BOTTOM - TOP)]
    left = pdftotext(pdf, "-x", "0", "-W", str(GUTTER_X), *box)
    right = pdftotext(pdf, "-x", str(GUTTER_X), "-W", str(PAGE_W - GUTTER_X), *box)
    return left, right


@pytest.fixture
def write_tsv(tmp_path):
    """Write a small glossary folder from rows of (id, zh-Hans, zh-Hant, en)."""

    def write(rows, header="id\tzh-Hans\tzh-Hant\ten"):
        folder = tmp_path / "glossary"
        folder.mkdir(exist_ok=True)
        lines = [header] + ["\t".join(r) for r in rows]
        (folder / "terms.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return folder

    return write


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed built once, both editions, with its approved translation."""
    from publisher.pipeline import BuildConfig, build

    out = tmp_path_factory.mktemp("out")
    return build(BuildConfig(source=SEED, out_dir=out, glossary_dir=GLOSSARY))


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


# Prepended to subprocess scripts: any attempt to reach the network raises at once.
OFFLINE = """
import socket
def _offline(*args, **kwargs):
    raise OSError("network disabled by the test")
socket.getaddrinfo = socket.create_connection = socket.socket.connect = _offline
"""


def run_cli(args: list[str], env: dict[str, str], cwd: Path | None = None):
    """`publisher ARGS` in a subprocess with no network."""
    code = (
        OFFLINE
        + "import sys\nfrom publisher.cli import main\nraise SystemExit(main(sys.argv[1:]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def argos_env(home: Path) -> dict[str, str]:
    """An environment whose argostranslate folders (read once, at import) all lie in home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        ARGOS_PACKAGES_DIR=str(home / "packages"),
    )
    return env


def seed_sentences() -> list[str]:
    """The seed's sentences, a corpus for the tiny models."""
    return [s for s in SEED.read_text(encoding="utf-8").split("。") if s.strip()]
