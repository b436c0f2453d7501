"""Chinese words (jieba): a sentence's words with their offsets, the word around a character.

jieba takes about 0.9 s to load its dictionary, more than converting and checking a whole
report once it is loaded. What it said is therefore kept between runs, in a file in the user's
cache folder (keyed by jieba's and this program's versions): a rebuild of a report whose
sentences were seen before never loads it.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

Token = tuple[str, int, int]  # word, start, end
MAX_ENTRIES = 200_000  # a cache that grows past this starts again from the current run


@cache
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokens(text: str) -> tuple[Token, ...]:
    """jieba's segmentation of text, with character offsets."""
    ends = remembered("tokens", text, lambda: [end for _, _, end in _jieba().tokenize(text)])
    out, start = [], 0
    for end in ends:
        out.append((text[start:end], start, end))
        start = end
    return tuple(out)


def word_at(text: str, index: int) -> Token:
    """The word holding the character at index."""
    for token in tokens(text):
        if token[1] <= index < token[2]:
            return token
    return (text[index : index + 1], index, index + 1)


def frequencies() -> tuple[dict[str, int], int]:
    """jieba's dictionary: word -> frequency, and their total."""
    dt = _jieba().dt
    dt.check_initialized()
    return dt.FREQ, dt.total


# --- what jieba said, kept between runs -------------------------------------------------------

_run: dict[str, Any] = {}  # every entry this run used
_fresh: set[str] = set()  # the ones it computed


def remembered(kind: str, key: str, compute) -> Any:
    """compute()'s JSON value for (kind, key): from this run, the cache file, or computed."""
    name = f"{kind}\0{key}"
    if name not in _run:
        stored = _stored()
        if name in stored:
            _run[name] = stored[name]
        else:
            _run[name] = compute()
            _fresh.add(name)
    return _run[name]


@cache
def _stored() -> dict[str, Any]:
    return _read(cache_path())


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return dict(data.get("entries", {})) if data.get("key") == _key() else {}


def save() -> None:
    """Add this run's new entries to the cache file; a cache that cannot be written is no
    error (the next run asks jieba again)."""
    from ..errors import OutputError
    from ..files import locked, write_atomic

    if not _fresh:
        return
    path = cache_path()
    try:
        with locked(path, timeout=5):
            kept = _read(path)
            if len(kept) + len(_fresh) > MAX_ENTRIES:
                kept = {}
            kept.update((n, _run[n]) for n in _fresh)
            data = {"key": _key(), "entries": kept}
            write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    except OutputError:
        return
    _fresh.clear()


def cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "publisher" / "words.json"


@cache
def _key() -> str:
    from importlib.metadata import version

    from .. import __version__

    return f"jieba {version('jieba')}, publisher {__version__}"
