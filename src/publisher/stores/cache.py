"""Translation cache in SQLite: one row per (segment text, engine, model, glossary, options)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from ..errors import PublisherError

SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    english TEXT NOT NULL,
    provenance TEXT NOT NULL,
    flags TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (datetime('now'))
)
"""


def cache_key(text: str, context: dict) -> str:
    """Everything that could change the English is part of the key."""
    blob = json.dumps({"text": text, **context}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Cache:
    """A small key-value store of translations; WAL mode so readers never block a writer."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30)  # another build may hold the lock
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(SCHEMA)
            self._db.execute(
                "SELECT key, source, english, provenance, flags FROM translations LIMIT 0"
            )
        except (OSError, sqlite3.Error) as exc:
            raise self._error(exc) from None

    def _error(self, exc: Exception) -> PublisherError:
        return PublisherError(
            f"cannot use the translation cache {self.path}: {exc}; "
            "delete it or build with --no-cache"
        )

    def get(self, key: str) -> tuple[str, str, tuple[str, ...]] | None:
        try:
            row = self._db.execute(
                "SELECT english, provenance, flags FROM translations WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        return (row[0], row[1], tuple(json.loads(row[2]))) if row else None

    def put_many(self, rows: list[tuple[str, str, str, str, tuple[str, ...]]]) -> None:
        """Store (key, source, english, provenance, flags) rows in one transaction."""
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO translations (key, source, english, provenance, flags)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [(k, s, e, p, json.dumps(list(f))) for k, s, e, p, f in rows],
                )
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def close(self) -> None:
        self._db.close()
