"""OpenCC, and only here: configurations, converters, dictionaries, the one-to-many table.

Every other module asks this one: the converter for a --variant, the phrase dictionaries of a
configuration's stages (to know which phrase decided a character), the character table's
one-to-many entries, and script checks (a Simplified character in Traditional text).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import PublisherError

# --variant -> OpenCC configuration. s2tw keeps mainland vocabulary, which suits policy prose;
# s2twp also swaps in Taiwan vocabulary (made for IT text: it turns 优化 into 最佳化).
CONFIGS = {"tw": "s2tw", "twp": "s2twp", "hk": "s2hk", "t": "s2t"}
LANG_TAGS = {"tw": "zh-Hant-TW", "twp": "zh-Hant-TW", "hk": "zh-Hant-HK", "t": "zh-Hant"}


def converter(variant: str):
    """OpenCC for a --variant (tw, twp, hk, t)."""
    if variant not in CONFIGS:
        raise PublisherError(f"unknown variant {variant!r}; choose one of {', '.join(CONFIGS)}")
    return opencc_config(CONFIGS[variant])


@cache
def opencc_config(config: str):
    """One OpenCC converter per configuration (s2tw, t2s, ...), built once."""
    import opencc

    return opencc.OpenCC(config)


def convert(text: str, config: str = "s2tw") -> str:
    """text through one OpenCC configuration (s2tw is what the build uses by default)."""
    return opencc_config(config).convert(text)


@dataclass(frozen=True)
class Phrases:
    """OpenCC's phrase dictionaries: key -> first Traditional value, and key lengths by first char."""

    values: dict[str, str]
    lengths: dict[str, tuple[int, ...]]

    def longest(self, text: str, i: int) -> int:
        """The length of the longest key starting at text[i], or 0."""
        for n in self.lengths.get(text[i], ()):
            if i + n <= len(text) and text[i : i + n] in self.values:
                return n
        return 0

    def spans(self, text: str) -> list[tuple[int, int]]:
        """OpenCC's maximum forward matching: the spans converted as phrases."""
        spans, i = [], 0
        while i < len(text):
            n = self.longest(text, i)
            if n:
                spans.append((i, i + n))
            i += n or 1
        return spans

    @classmethod
    def of(cls, values: dict[str, str]) -> Phrases:
        """A table with its key lengths indexed by first character, longest first."""
        lengths: dict[str, set[int]] = {}
        for key in values:
            lengths.setdefault(key[0], set()).add(len(key))
        return cls(values, {c: tuple(sorted(n, reverse=True)) for c, n in lengths.items()})


def segments(text: str, phrases: Phrases) -> list[tuple[int, int]]:
    """OpenCC's segments: each phrase match, and each run of characters between them."""
    cuts, last = [], 0
    for a, b in phrases.spans(text):
        if a > last:
            cuts.append((last, a))
        cuts.append((a, b))
        last = b
    return cuts + ([(last, len(text))] if last < len(text) else [])


def matches(text: str, group: tuple[Phrases, ...]) -> list[tuple[int, int, int]]:
    """OpenCC's conversion through a short-circuit group: (start, end, which dictionary)."""
    found, i = [], 0
    while i < len(text):
        n = 0
        for k, table in enumerate(group):
            n = table.longest(text, i)
            if n:
                found.append((i, i + n, k))
                break
        i += n or 1
    return found


@cache
def one_to_many() -> dict[str, tuple[str, ...]]:
    """OpenCC's character table, only the characters with several Traditional candidates."""
    text = resources.files("publisher").joinpath("data/STCharacters.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        char, _, values = line.partition("\t")
        candidates = tuple(values.split())
        if len(candidates) > 1:
            table[char] = candidates
    return table


def phrase_table(variant: str) -> Phrases | None:
    """The phrase dictionaries of the variant's first OpenCC stage, or None without opencc_dict."""
    found = stages(variant)
    return found[0][0] if found else None


@cache
def stages(variant: str) -> tuple[tuple[Phrases, ...], ...] | None:
    """The variant's conversion chain: per stage, its dictionaries in the order OpenCC tries them.

    A union of dictionaries (STPhrases with the generated regional phrases) is one table.
    """
    import opencc

    root = Path(opencc.__file__).parent / "clib"
    share, tool = root / "share" / "opencc", root / "bin" / "opencc_dict"
    try:
        config = json.loads((share / f"{CONFIGS[variant]}.json").read_text("utf-8"))
        chain = []
        for stage in config["conversion_chain"]:
            spec = stage["dict"]
            members = spec["dicts"] if spec.get("match_policy") == "short_circuit" else [spec]
            chain.append(tuple(_table(tool, share, _dict_files(m)) for m in members))
    except (OSError, KeyError, ValueError, subprocess.SubprocessError):
        return None
    return tuple(chain)


def _table(tool: Path, share: Path, files: list[str]) -> Phrases:
    """Dictionaries matched as a union, as one table (the first file wins a shared key)."""
    values: dict[str, str] = {}
    for name in files:
        for key, value in _dump(tool, share / name).items():
            values.setdefault(key, value)
    return Phrases.of(values)


def _dict_files(spec: dict) -> list[str]:
    """The ocd2 files of an OpenCC dictionary spec, groups flattened."""
    if spec.get("type") == "group":
        return [f for d in spec.get("dicts", []) for f in _dict_files(d)]
    return [spec["file"]] if spec.get("type") == "ocd2" else []


def _dump(tool: Path, ocd2: Path) -> dict[str, str]:
    """An ocd2 dictionary as key -> first value, through opencc_dict (read-only)."""
    if os.path.exists("/dev/stdout"):
        text = _run(tool, ocd2, "/dev/stdout")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "dict.txt"
            _run(tool, ocd2, str(out))
            text = out.read_text("utf-8")
    table = {}
    for line in text.splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            table[key] = values.split(" ")[0]
    return table


def _run(tool: Path, ocd2: Path, out: str) -> str:
    """Run opencc_dict, converting ocd2 to text."""
    args = [str(tool), "-i", str(ocd2), "-o", out, "-f", "ocd2", "-t", "text"]
    return subprocess.run(args, capture_output=True, check=True, timeout=120).stdout.decode("utf-8")


def simplified_in(text: str) -> list[str]:
    """Characters of a Traditional text that no Traditional standard writes there."""
    return _odd(text, ("s2t", "s2tw", "s2hk"), back="t2s")


def traditional_in(text: str) -> list[str]:
    """Characters of a Simplified text that Simplified Chinese writes otherwise."""
    return _odd(text, ("t2s",), back="s2t")


def _odd(text: str, configs: tuple[str, ...], back: str) -> list[str]:
    """Characters that every conversion changes and that converting back leaves alone."""
    forms = [convert(text, c) for c in configs]
    odd = []
    for i, ch in enumerate(text):
        # OpenCC maps character for character; should a form differ in length, judge ch alone.
        alternatives = {
            f[i] if len(f) == len(text) else convert(ch, c)
            for f, c in zip(forms, configs, strict=True)
        }
        if ch not in alternatives and convert(ch, back) == ch and ch not in odd:
            odd.append(ch)
    return odd
