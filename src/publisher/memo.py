"""What slow computations said, kept between runs in a JSON file of the user's cache folder.

    words = Memo(lambda: cache_dir() / "words.json", lambda: f"jieba {version('jieba')}")
    words.get("tokens", text, compute)  # this run's answer, the file's, or compute()'s
    save_all()                          # at exit: every memo adds this run's new entries

A file written by other versions (its key) is ignored, and so is one that cannot be read; one
that cannot be written is no error: the next run computes again. Values are JSON.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

MAX_ENTRIES = 200_000  # a file that grows past this starts again from the current run
LIBRARIES = ("jieba", "opencc", "zhconv_rs", "cn2an")  # what conversions and checks rely on


class Memo:
    def __init__(self, path: Callable[[], Path], version: Callable[[], str]):
        self._path, self._version = path, version
        self.forget()
        _ALL.append(self)

    def forget(self) -> None:
        """Drop what this process knows, as a new process would start."""
        self._run: dict[str, Any] = {}  # every entry this run used
        self._fresh: set[str] = set()  # the ones it computed
        self._file: dict[str, Any] | None = None

    def get(self, kind: str, key: str, compute: Callable[[], Any]) -> Any:
        name = f"{kind}\0{key}"
        if name not in self._run:
            stored = self._stored()
            if name in stored:
                self._run[name] = stored[name]
            else:
                self._run[name] = compute()
                self._fresh.add(name)
        return self._run[name]

    @property
    def path(self) -> Path:
        return self._path()

    def _stored(self) -> dict[str, Any]:
        if self._file is None:
            self._file = self._read()
        return self._file

    def _read(self) -> dict[str, Any]:
        import json  # not at the top: `publisher --help` imports this module

        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("key") != self._version():
            return {}
        return dict(data.get("entries", {}))

    def save(self) -> None:
        """Add this run's new entries to the file, under its lock."""
        import json

        from .errors import OutputError
        from .files import locked, write_atomic

        if not self._fresh:
            return
        try:
            with locked(self.path, timeout=5):
                kept = self._read()
                if len(kept) + len(self._fresh) > MAX_ENTRIES:
                    kept = {}
                kept.update((n, self._run[n]) for n in self._fresh)
                data = {"key": self._version(), "entries": kept}
                write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except OutputError:
            return
        self._fresh.clear()


_ALL: list[Memo] = []


def save_all() -> None:
    for memo in _ALL:
        memo.save()


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "publisher"


@cache
def version(*modules: str) -> str:
    """This program's files and the named libraries' as they are (names, sizes, modification
    times): what they compute is kept for these files only."""
    import hashlib
    from importlib.util import find_spec

    roots = [Path(__file__).parent]
    for name in modules:
        spec = find_spec(name)
        if spec and spec.origin:
            roots.append(Path(spec.origin).parent)
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]
