"""The built wheel, installed into a fresh environment, builds a report from an empty folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPORT = "# 株洲园区简报\n\n株洲市园区经济稳步发展。全年规模工业增加值增长百分之五。\n"
REPORT_XLF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="brief.zh.md" source-language="zh-Hans" target-language="en" datatype="plaintext">
<body>
{units}
</body>
</file>
</xliff>
"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A new virtual environment holding the wheel (its dependencies borrowed, not the source)."""
    tmp = tmp_path_factory.mktemp("install")
    wheels, tree = tmp / "wheels", tmp / "tree"
    tree.mkdir()
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, tree / part)
    for part in ("src", "templates"):  # a copy: no stale build/ folder can leak into the wheel
        shutil.copytree(ROOT / part, tree / part, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["-w", str(wheels), str(tree)],
        check=True,
        capture_output=True,
    )
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=True)
    # The dependencies come from this environment's site-packages as a plain path: its own .pth
    # files (the editable install of the source tree) are not processed from there.
    site = Path(sysconfig.get_paths()["purelib"])
    target_site = next((env_dir / "lib").glob("python3*/site-packages"))
    (target_site / "borrowed.pth").write_text(f"{site}\n{sysconfig.get_paths()['platlib']}\n")
    wheel = next(wheels.glob("publisher-*.whl"))
    pip = env_dir / "bin" / "pip"
    subprocess.run([pip, "install", "-q", "--no-deps", wheel], check=True, capture_output=True)
    return env_dir


def _run(env_dir: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    return subprocess.run(
        [env_dir / "bin" / "publisher", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_installed_package_is_the_wheel_not_the_source(installed, tmp_path):
    probe = subprocess.run(
        [
            installed / "bin" / "python",
            "-c",
            "import publisher.writers.html as h; print(h.__file__); print(h.templates())",
        ],
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},  # not the source tree
        capture_output=True,
        text=True,
        check=True,
    )
    module, templates = probe.stdout.split()
    assert str(installed) in module and str(ROOT / "src") not in module
    assert Path(templates, "edition.html.j2").is_file() and str(installed) in templates
    data = subprocess.run(
        [
            installed / "bin" / "python",
            "-c",
            "from importlib import resources; "
            "print(resources.files('publisher').joinpath('data/traditional/tw-moe.tsv').is_file()); "
            "print(all(resources.files('publisher.desk').joinpath('static', n).is_file() "
            "for n in ('desk.js', 'desk.css')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert data.stdout.split() == ["True", "True"]  # the review desk's script and style too


def test_a_build_in_an_empty_folder_writes_the_pdfs(installed, tmp_path):
    from publisher.read import read
    from publisher.segment import segment

    source = tmp_path / "brief.zh.md"
    source.write_text(REPORT, encoding="utf-8")
    english = {
        "株洲园区简报": "Zhuzhou parks brief",
        "株洲市园区经济稳步发展。": "The parks of Zhuzhou grew steadily.",
        "全年规模工业增加值增长百分之五。": "Value added of industry above designated size rose 5 percent.",
    }
    units = "\n".join(
        f'<trans-unit id="{s.id}"><source>{s.zh}</source>'
        f'<target state="final">{english[s.zh]}</target></trans-unit>'
        for s in segment(read(source)).segments()
    )
    (tmp_path / "brief.en.xlf").write_text(REPORT_XLF.format(units=units), encoding="utf-8")
    done = _run(installed, ["build", "brief.zh.md", "--no-mt"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "warning: no glossary" in done.stdout
    for edition in ("zh-Hans-en", "zh-Hant-en"):
        pdf = tmp_path / "out" / f"brief.{edition}.pdf"
        assert pdf.stat().st_size > 10_000
    mode = (tmp_path / "out" / "brief.zh-Hans-en.pdf").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_a_missing_source_is_exit_3_from_any_folder(installed, tmp_path):
    for cwd in (tmp_path, ROOT):
        done = _run(installed, ["build", "nope.zh.md"], cwd)
        assert done.returncode == 3, (cwd, done.stderr)
        assert "Traceback" not in done.stderr
