"""Translation memory files: approved pairs from the project's XLIFF files and TMX files in tm/."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import ACCEPTED_STATES
from ..errors import TranslationStoreError
from . import xliff
from .safexml import refuse_entities

HANS, EN = "zh-Hans", "en"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Pair:
    """One approved Chinese sentence and its English, and the file it came from."""

    zh: str
    en: str
    origin: str


def project_pairs(
    folder: Path, accepted: Sequence[str] = ACCEPTED_STATES, skipped: list[str] | None = None
) -> list[Pair]:
    """Every approved pair of every report's translation file in folder, then folder/tm/*.tmx.

    A damaged file stops the reading, unless skipped is given: then it is left out of the
    memory and the reason appended there (another report's file must not stop this build)."""
    pairs: list[Pair] = []
    files = sorted(folder.glob("*.xlf")) + sorted((folder / "tm").glob("*.tmx"))
    for path in files:
        try:
            pairs += _pairs(path, accepted)
        except TranslationStoreError as exc:
            if skipped is None:
                raise
            skipped.append(f"{exc}; left out of the translation memory")
    return pairs


def _pairs(path: Path, accepted: Sequence[str]) -> list[Pair]:
    if path.suffix == ".tmx":
        return read_tmx(path)
    memory = xliff.load(path, accepted)
    return [
        Pair(u.source, u.target, path.name)
        for u in memory.units.values()
        if memory.is_accepted(u) and u.source.strip()
    ]


def read_tmx(path: Path) -> list[Pair]:
    """The zh/en pairs of a TMX file (any zh variant as source, any en variant as target)."""
    from translate.storage import tmx

    data = path.read_bytes()
    refuse_entities(data, str(path), TranslationStoreError, "TMX")
    try:
        store = tmx.tmxfile.parsestring(data)
    except Exception as exc:  # lxml and ValueError variants
        raise TranslationStoreError(f"{path}: not a readable TMX file ({exc})") from None
    pairs = []
    for unit in store.units:
        texts: dict[str, str] = {}
        for tuv in unit.getlanguageNodes():
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            key = "zh" if lang.startswith("zh") else "en" if lang.startswith("en") else ""
            if key and key not in texts:
                texts[key] = unit.getNodeText(tuv).strip()
        if texts.get("zh") and texts.get("en"):
            pairs.append(Pair(texts["zh"], texts["en"], path.name))
    return pairs


def tmx_bytes(pairs: Iterable[Pair]) -> bytes:
    """The pairs as TMX 1.4 (translate-toolkit), each source sentence once."""
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage=HANS, targetlanguage=EN)
    seen: set[tuple[str, str]] = set()
    for p in pairs:
        if (p.zh, p.en) not in seen:
            seen.add((p.zh, p.en))
            store.addtranslation(p.zh, HANS, p.en, EN)
    return bytes(store)
