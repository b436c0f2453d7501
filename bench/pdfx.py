"""PDF/X-4 benchmark: conversion time, file size and ink per plate, before and after.

Converts one RGB edition (by default a fresh build of the seed's zh-Hans-en edition) with
publisher.writers.pdfx.to_pdfx4 and prints the stage times, the sizes, Ghostscript's inkcov
for one page of both files and the PDF/X-4 clauses each file fails.

    python bench/pdfx.py [PDF] [--page 4] [--profile FILE] [--bleed]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from publisher.writers.pdfx import check_pdfx4, ink_coverage, to_pdfx4  # noqa: E402

SEED = ROOT / "seeds" / "zhuzhou-2020.zh.md"


def build_seed(out: Path, bleed: bool) -> Path:
    extra = ["--bleed", "3mm", "--marks", "crop"] if bleed else []
    command = [sys.executable, "-m", "publisher", "build", str(SEED), "--out", str(out)]
    subprocess.run(
        [*command, "--editions", "zh-Hans-en", *extra],
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    return out / "zhuzhou-2020.zh-Hans-en.pdf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, help="an RGB PDF (default: build the seed)")
    parser.add_argument("--page", type=int, default=4, help="page whose ink to report")
    parser.add_argument("--profile", type=Path, help="CMYK output profile (default: Ghostscript's)")
    parser.add_argument(
        "--bleed", action="store_true", help="build the seed with 3 mm bleed and crop marks"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as tmp:
        source = args.pdf or build_seed(Path(tmp) / "out", args.bleed)
        target = Path(tmp) / "pdfx.pdf"
        result = to_pdfx4(source, target, profile=args.profile)
        print(
            f"{source.name}: {result.pages} pages, profile {result.profile}, Ghostscript {result.ghostscript}"
        )
        stages = ", ".join(f"{k} {v:.2f}" for k, v in result.stages.items())
        print(f"conversion: {result.seconds:.2f} s ({stages})")
        print(f"size: {result.bytes_before:,} -> {result.bytes_after:,} bytes")
        print(
            f"rewritten: {result.greys_to_k} grey fills/strokes to K, {result.groups_to_cmyk} "
            f"blending spaces, {result.gradients_to_cmyk} gradients; "
            f"{result.annotations_removed} annotations removed from the printed area, "
            f"{result.tounicode_repaired} ToUnicode maps put back"
        )
        for label, pdf in (("before", source), ("after", target)):
            c, m, y, k = ink_coverage(pdf)[args.page - 1]
            print(f"inkcov page {args.page} {label:6}: C {c:.5f}  M {m:.5f}  Y {y:.5f}  K {k:.5f}")
        for label, pdf in (("before", source), ("after", target)):
            failures = check_pdfx4(pdf)
            print(f"PDF/X-4 clauses failed {label}: {len(failures)}")
            for failure in failures:
                print(f"  - {failure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
