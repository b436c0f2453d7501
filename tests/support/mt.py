"""A small report no approved translation covers, built through the CLI in a private Argos home."""

from __future__ import annotations

from pathlib import Path

from tests.support import GLOSSARY
from tests.support.cli import argos_env, run_cli

REPORT = """# 株洲工业简报

### 中车株机扩大产能

中车株机在株洲新建电力机车生产线。全市规模以上工业企业增加值增长9%。

▲株洲的生产线。
"""


def build_brief(report: Path, home: Path, *extra):
    """`publisher build REPORT` with the cache beside it; (the finished process, the out folder)."""
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
