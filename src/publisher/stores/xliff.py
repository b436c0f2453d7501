"""Approved translations in XLIFF 1.2, read and written with translate-toolkit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..document import Document, Mark, MarkKind, Provenance, Segment
from ..errors import TranslationStoreError
from ..files import write_atomic
from ..text import has_han, normalise

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
    target_marks: tuple[Mark, ...] = ()  # the target's inline codes, as marks over `target`


@dataclass(frozen=True)
class Memory:
    """The units of one XLIFF file, by id."""

    path: Path | None
    units: dict[str, Unit]

    def approved_for(self, segment: Segment) -> str | None:
        """The approved English for a segment, if its unit's source still matches."""
        unit = self.units.get(segment.id)
        if unit is None or not unit.approved or not unit.target.strip():
            return None
        return unit.target if normalise(unit.source) == normalise(segment.zh) else None

    def marks_for(self, segment: Segment) -> tuple[Mark, ...]:
        """The approved English's marks (bold, italic, links, note references)."""
        unit = self.units.get(segment.id)
        return unit.target_marks if unit is not None else ()

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
        store = xliff.xlifffile.parsestring(path.read_bytes())
    except Exception as exc:  # translate-toolkit raises lxml and ValueError variants
        raise TranslationStoreError(f"{path}: not a readable XLIFF file ({exc})") from None
    units = {}
    for u in store.units:
        uid = u.xmlelement.get("id") or ""
        state = _state(u)
        source, _ = _plain(u.xmlelement.find(u.namespaced("source")))
        target, marks = _plain(u.xmlelement.find(u.namespaced("target")))
        units[uid] = Unit(uid, source, target, state, _is_approved(u, state), marks)
    return Memory(path, units)


CTYPES = {MarkKind.BOLD: "bold", MarkKind.ITALIC: "italic", MarkKind.LINK: "link"}
KINDS = {v: k for k, v in CTYPES.items()}
NOTE_CTYPE = "x-note-ref"


def _plain(element) -> tuple[str, tuple[Mark, ...]]:
    """A <source>/<target>'s text and its inline codes (<g> spans, <x/> note references)."""
    if element is None:
        return "", ()
    parts: list[str] = []
    marks: list[Mark] = []

    def walk(node) -> None:
        parts.append(node.text or "")
        for child in node:
            tag = child.tag.rsplit("}", 1)[-1]
            start = sum(map(len, parts))
            if tag == "g":
                walk(child)
                kind = KINDS.get(child.get("ctype", ""))
                if kind is not None:
                    end = sum(map(len, parts))
                    marks.append(Mark(kind, start, end))  # a link's URL is the source's
            elif tag == "x" and child.get("ctype") == NOTE_CTYPE:
                marks.append(Mark(MarkKind.NOTE_REF, start, start, child.get("id", "")[1:]))
            elif tag in ("mrk", "ph"):
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return "".join(parts), tuple(marks)


def _fill_rich(element, text: str, marks: tuple[Mark, ...]) -> None:
    """Set an element's content to text with its marks as XLIFF 1.2 inline codes."""
    from lxml import etree

    for child in list(element):
        element.remove(child)
    element.text = None
    if not marks:
        element.text = text
        return
    # Flat spans (an overlapping mark is dropped: rare in reports).
    pos = 0
    last = None
    ns = element.tag.split("}")[0] + "}" if element.tag.startswith("{") else ""

    def put(chunk: str) -> None:
        nonlocal last
        if not chunk:
            return
        if last is None:
            element.text = (element.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    ordered = sorted(marks, key=lambda m: (m.start, -m.end))
    for n, m in enumerate(ordered, start=1):
        if m.start < pos:
            continue  # overlapping: its text is already written
        put(text[pos : m.start])
        if m.kind == MarkKind.NOTE_REF:
            node = etree.SubElement(element, ns + "x", id=f"n{m.href}", ctype=NOTE_CTYPE)
            pos = m.start
        else:
            node = etree.SubElement(element, ns + "g", id=str(n), ctype=CTYPES[m.kind])
            node.text = text[m.start : m.end]
            pos = m.end
        last = node
    put(text[pos:])


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
    for kind, seg in kinds(doc):
        if not has_han(seg.zh):
            continue  # figures, units, dashes: carried over, nothing to translate
        ids.add(seg.id)
        unit = _add(store, seg.id, seg.zh, seg.en, _state_for(seg))
        unit.xmlelement.set("resname", kind)
        unit.createcontextgroup("block", [("x-block-kind", kind)], purpose="information")
        _fill_rich(unit.xmlelement.find(unit.namespaced("source")), seg.zh, seg.marks)
        target = unit.xmlelement.find(unit.namespaced("target"))
        if target is not None and seg.en:
            _fill_rich(target, seg.en, seg.en_marks)
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


def kinds(doc: Document):
    """(block kind, segment) for every segment; table cells are `table_cell`, front matter
    `front:<field>`."""
    for block in doc.blocks:
        kind = f"front:{block.role}" if block.role else str(block.kind)
        for seg in block.segments:
            yield kind, seg
        if block.table is not None:
            for row in block.table.rows:
                for cell in row:
                    for seg in cell.segments:
                        yield ("table_header" if cell.header else "table_cell"), seg


def _add(store, uid: str, source: str, target: str | None, state: str, note: str = ""):
    unit = store.UnitClass(source)
    store.addunit(unit)
    unit.setid(uid)
    if target:
        unit.target = target
        unit.set_state_n(unit.statemap[state])
        unit.markapproved(state in APPROVED_STATES)
    if note:
        unit.addnote(note, origin="developer")
    return unit
