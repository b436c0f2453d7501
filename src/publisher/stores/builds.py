"""The record of the last build in an output folder: what it was made from, and what it wrote.

A rebuild whose inputs (the source and every file beside it that belongs to it, its folder of
images, the glossary, the program itself) and options are unchanged, and whose outputs are
still as written, keeps them instead of building again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..files import write_atomic

RECORD = ".{stem}.build.json"


@dataclass(frozen=True)
class Record:
    key: str
    outputs: dict[str, list[int]]  # path -> [size, mtime_ns]
    summary: list[str]  # what the build printed


def fingerprint(inputs: list[Path], options: str) -> str:
    """sha256 over the inputs' names and bytes and the options."""
    digest = hashlib.sha256(options.encode("utf-8"))
    for path in sorted(set(inputs)):
        digest.update(str(path).encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes() if path.is_file() else b"\0missing")
        except OSError:
            digest.update(b"\0unreadable")
    return digest.hexdigest()


def path_for(out_dir: Path, stem: str) -> Path:
    return out_dir / RECORD.format(stem=stem)


def kept(path: Path, key: str) -> Record | None:
    """The last build's record if its key is key and every output is still as it wrote it."""
    try:
        data = json.loads(path.read_text("utf-8"))
        record = Record(data["key"], data["outputs"], data["summary"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if record.key != key or not all(_unchanged(Path(p), s) for p, s in record.outputs.items()):
        return None
    return record


def save(path: Path, key: str, outputs: list[Path], summary: list[str]) -> None:
    stats = {str(p): [p.stat().st_size, p.stat().st_mtime_ns] for p in outputs}
    data = {"key": key, "outputs": stats, "summary": summary}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _unchanged(path: Path, stat: list[int]) -> bool:
    try:
        now = path.stat()
    except OSError:
        return False
    return [now.st_size, now.st_mtime_ns] == stat
