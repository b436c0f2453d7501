"""Machine-translation benchmark: the batched CTranslate2 path against argostranslate's own.

Builds a random-weight model with the shape of a standard Argos model (Transformer base: 6+6
layers, d_model 512, 8 heads, feed-forward 2048, shared vocabulary 32,000, int8) whose </s> is
suppressed, so every segment decodes exactly --length tokens on both paths. Each path runs in
its own child process (for its peak memory) within this one command, so the ratio compares
like with like on a shared, noisy machine. argostranslate's own path would download a
sentence-boundary model; the segments are already sentences, so it gets a trivial sentencizer.

Then a cold and a warm build of the seed with no approved translation: the warm build (every
segment cached) should spend under 5% of its time in the translate stage; then one paragraph
edited: the segments machine-translated and checked anew.

    python bench/mt.py [--length 48] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "zhuzhou-2020.zh.md"
BUILD_LENGTH = 16  # tokens a segment in the builds: they count segments and shares, not speed
BASE = dict(layers=6, d_model=512, heads=8, ffn=2048, model_vocab_size=32000, quantization="int8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=48, help="tokens decoded per segment")
    parser.add_argument("--limit", type=int, help="only the first N segments")
    parser.add_argument("--rounds", type=int, default=2, help="paired rounds (alternating)")
    parser.add_argument("--child", choices=("reference", "batched"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as tmp:
        os.environ["ARGOS_PACKAGES_DIR"] = str(Path(tmp) / "packages")
        return parent(args, Path(tmp))


def segments(limit: int | None) -> list[str]:
    from publisher.read import read
    from publisher.segment import segment

    doc = segment(read(SEED))
    texts = list(dict.fromkeys(s.zh for s in doc.segments()))
    return texts[:limit] if limit else texts


def parent(args, tmp: Path) -> int:
    from publisher.engines import models

    sys.path.insert(0, str(ROOT))
    from tests.support.synthetic import build_package  # the random-weight builder is test code

    start = time.perf_counter()
    corpus = [s for s in SEED.read_text(encoding="utf-8").split("。") if s.strip()]
    package = build_package(tmp / "base.argosmodel", corpus, eos_bias=-1e4, **BASE)
    models.install_file(package)
    print(
        f"model: Transformer base, int8, vocabulary 32,000, random weights "
        f"({package.stat().st_size / 1e6:.0f} MB, built in {time.perf_counter() - start:.1f} s)"
    )
    count = len(segments(args.limit))
    print(
        f"segments: {count} unique sentences of the seed, {args.length} tokens each, beam 4, "
        f"{os.cpu_count()} cores"
    )
    runs: dict[str, list[dict]] = {"reference": [], "batched": []}
    for _ in range(args.rounds):  # alternating, so both paths meet the same machine
        for path in runs:
            runs[path].append(run_child(path, args))
    for path, rs in runs.items():
        seconds = statistics.median(r["seconds"] for r in rs)
        print(
            f"{path:>9}: {seconds:6.1f} s median of {len(rs)}  {count / seconds:6.2f} segments/s  "
            f"peak memory {max(r['peak_mb'] for r in rs):.0f} MB"
        )
    ratios = [a["seconds"] / b["seconds"] for a, b in zip(*runs.values(), strict=True)]
    print(
        f"ratio: batched is {statistics.median(ratios):.2f}x the reference path "
        f"({min(ratios):.2f}–{max(ratios):.2f}; target >= 4)"
    )
    share = warm_rebuild(tmp, args)
    print(f"warm rebuild: translate stage {share:.1%} of the build (target < 5%)")
    return 0


def run_child(path: str, args) -> dict:
    cmd = [sys.executable, __file__, "--child", path, "--length", str(args.length)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{path} path failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def child(args) -> int:
    from publisher.engines import models
    from publisher.engines.argos import ArgosEngine, ArgosOptions, ArgosReferenceEngine

    texts = segments(args.limit)
    engine_class = ArgosReferenceEngine if args.child == "reference" else ArgosEngine
    engine = engine_class(models.find_package(), ArgosOptions(max_decoding_length=args.length))
    engine.translate(texts[:1])  # load the model and the libraries outside the timing
    start = time.perf_counter()
    out = engine.translate(texts)
    seconds = time.perf_counter() - start
    assert len(out) == len(texts)
    print(json.dumps({"seconds": seconds, "peak_mb": peak_rss_mb()}))
    return 0


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would include the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def warm_rebuild(tmp: Path, args) -> float:
    """Build the seed twice through the pipeline with a cache; the translate share of the second."""
    from publisher.config import BuildConfig, EngineConfig
    from publisher.document import Stage
    from publisher.engines.argos import ArgosOptions
    from publisher.pipeline import build

    source = tmp / SEED.name  # a copy, edited below
    source.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    config = BuildConfig(
        source=source,
        out_dir=tmp / "out",
        glossary_dir=ROOT / "glossary",
        xliff=tmp / "none.en.xlf",
        cache=tmp / "cache.sqlite",
        checks_cache=tmp / "checks.json",
        engine=EngineConfig("argos", ArgosOptions(max_decoding_length=BUILD_LENGTH)),
        draft=True,
        editions=("zh-Hant-en",),  # the builds count segments: one edition is enough
    )
    cold = build(config)
    warm = build(config)
    print(
        f"cold build: {cold.seconds:.1f} s (translate {cold.timings[Stage.TRANSLATE]:.1f} s); "
        f"warm build: {warm.seconds:.1f} s (translate {warm.timings[Stage.TRANSLATE]:.3f} s)"
    )
    source.write_text(SEED.read_text(encoding="utf-8").replace("全力打造", "全力建设", 1), "utf-8")
    edited = build(config)
    mt = edited.doc.machine
    print(
        f"after editing one paragraph: {edited.seconds:.1f} s; machine-translated "
        f"{mt.translated if mt else 0}, from the cache {mt.cached if mt else 0}; "
        f"checked anew {edited.qa.checked} of {edited.qa.extra['segments']} segments"
    )
    return warm.timings[Stage.TRANSLATE] / warm.seconds


if __name__ == "__main__":
    raise SystemExit(main())
