"""Approved translations in XLIFF 1.2, read and written with translate-toolkit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from ..document import Document, Note, Provenance, Segment
from ..errors import TranslationStoreError
from ..files import write_atomic
from ..text import normalise

NS = "urn:oasis:names:tc:xliff:document:1.2"
SKELETON = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{NS}">
<file original="NoName" source-language="zh-Hans" target-language="en" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""
APPROVED_STATES = ("final", "signed-off")


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    target: str
    state: str
    approved: bool
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Memory:
    """The units of one XLIFF file, by id."""

    path: Path | None
    units: dict[str, Unit]
    sha256: str = ""  # of the file's bytes; "" when there is no file

    def approved_for(self, segment: Segment) -> str | None:
        """The approved English for a segment, if its unit's source still matches."""
        unit = self.units.get(segment.id)
        if unit is None or not unit.approved or not unit.target.strip():
            return None
        return unit.target if normalise(unit.source) == normalise(segment.zh) else None

    def stale(self, doc: Document) -> list[Unit]:
        """Units whose id is a segment's but whose source text no longer matches it."""
        by_id = {s.id: s for s in doc.segments()}
        return [
            u
            for u in self.units.values()
            if u.id in by_id and normalise(u.source) != normalise(by_id[u.id].zh)
        ]


EMPTY = Memory(None, {})


def _xliff():
    """translate-toolkit's XLIFF store, writing version 1.2 (its default is 1.1)."""
    from translate.storage import xliff

    class Unit12(xliff.xliffunit):
        namespace = NS

    class File12(xliff.xlifffile):
        UnitClass = Unit12
        namespace = NS
        XMLskeleton = SKELETON

    return xliff, File12


def load(path: Path) -> Memory:
    """Read an XLIFF file; a missing file is an empty memory, a broken one an error."""
    if not path.exists():
        return replace(EMPTY, path=path)
    xliff, _ = _xliff()
    try:
        data = path.read_bytes()
        store = xliff.xlifffile.parsestring(data)
    except Exception as exc:  # translate-toolkit raises lxml and ValueError variants
        raise TranslationStoreError(f"{path}: not a readable XLIFF file ({exc})") from None
    units = {}
    for u in store.units:
        uid = u.xmlelement.get("id") or ""
        state = _state(u)
        notes = tuple(
            Note(n.get("from") or "", (n.text or "").strip())
            for n in u.xmlelement.iterfind(u.namespaced("note"))
        )
        units[uid] = Unit(
            uid, str(u.source or ""), str(u.target or ""), state, _is_approved(u, state), notes
        )
    return Memory(path, units, hashlib.sha256(data).hexdigest())


def _state(unit) -> str:
    target = unit.xmlelement.find(unit.namespaced("target"))
    return (target.get("state") if target is not None else None) or "new"


def _is_approved(unit, state: str) -> bool:
    return state in APPROVED_STATES or unit.xmlelement.get("approved") == "yes"


def write(doc: Document, path: Path, previous: Memory = EMPTY, source_name: str = "") -> None:
    """Write every segment as a unit; units of `previous` the document no longer has are kept."""
    _, File12 = _xliff()
    store = File12(sourcelanguage="zh-Hans", targetlanguage="en")
    store.setfilename(store.getfilenode("NoName"), source_name or doc.name)
    ids = set()
    for seg in doc.segments():
        ids.add(seg.id)
        _add(store, seg.id, seg.zh, seg.en, _state_for(seg))
    for unit in previous.units.values():
        if unit.id not in ids:
            _add(
                store,
                unit.id,
                unit.source,
                unit.target,
                unit.state,
                note="not in the current source",
            )
    write_atomic(path, bytes(store))


def _state_for(seg: Segment) -> str:
    if seg.en and seg.provenance == Provenance.APPROVED:
        return "final"
    if seg.en and seg.provenance in (Provenance.MACHINE, Provenance.MACHINE_TERMS):
        return "needs-review-translation"
    return "new"


def _add(store, uid: str, source: str, target: str | None, state: str, note: str = "") -> None:
    unit = store.UnitClass(source)
    store.addunit(unit)
    unit.setid(uid)
    if target:
        unit.target = target
        unit.set_state_n(unit.statemap[state])
        unit.markapproved(state in APPROVED_STATES)
    if note:
        unit.addnote(note, origin="developer")
