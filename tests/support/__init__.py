"""Test-only code: the seed's paths, PDF readers, subprocess helpers, documents built by hand."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "zhuzhou-2020.zh.md"
SEED_XLIFF = ROOT / "seeds" / "zhuzhou-2020.en.xlf"
GLOSSARY = ROOT / "glossary"


def seed_sentences() -> list[str]:
    """The seed's sentences, a corpus for the tiny models."""
    return [s for s in SEED.read_text(encoding="utf-8").split("。") if s.strip()]


# The tiny Argos model the tests share (tests.support.synthetic.build_package arguments): zh→en
# 0.0.7, int8 weights, and an EOS bias that makes every hypothesis run to max_decoding_length.
TINY_MODEL = {"eos_bias": -1e4, "quantization": "int8", "version": "0.0.7"}
