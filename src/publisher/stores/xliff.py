"""Translations in XLIFF 1.2, read and updated in place with translate-toolkit.

A translation file is the translators' work: its units are updated where they stand (target,
state, notes, alternatives), never rebuilt from our model, so nothing a CAT tool or a
translator put there is lost.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..config import ACCEPTED_STATES
from ..document import Document, Mark, MarkKind, Note, Provenance, Segment
from ..errors import TranslationStoreError
from ..files import write_atomic
from ..text import has_han, normalise
from .safexml import refuse_entities

NS = "urn:oasis:names:tc:xliff:document:1.2"
SKELETON = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{NS}">
<file original="NoName" source-language="zh-Hans" target-language="en" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""

# XLIFF 1.2 target states, lowest first (the ones we write and read).
STATES = (
    "new",
    "needs-translation",
    "needs-review-translation",
    "translated",
    "final",
    "signed-off",
)
RANK = {s: i for i, s in enumerate(STATES)}
# The states the build takes as approved English unless told otherwise: translated and above.
DEFAULT_ACCEPTED = ACCEPTED_STATES
APPROVED_STATES = ("final", "signed-off")  # written with approved="yes"
TOOL = "publisher"
# characters: ten times the longest sentence the segmenter keeps; a longer target is no
# translation of one (a paste gone wrong) and would take the typesetter minutes per line
MAX_TARGET = 10_000


def rank(state: str) -> int:
    return RANK.get(state, 0)


@dataclass(frozen=True)
class Alt:
    """An alternative translation (<alt-trans>): a previous translation or a memory match."""

    source: str
    target: str
    origin: str
    quality: int | None = None


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    target: str
    state: str
    approved: bool
    notes: tuple[Note, ...] = ()  # with who wrote them (XLIFF `from`)
    alts: tuple[Alt, ...] = ()
    target_marks: tuple[Mark, ...] = ()  # the target's inline codes, as marks over `target`


@dataclass(frozen=True)
class Memory:
    """The units of one XLIFF file, by id, and which states count as approved English."""

    path: Path | None
    units: dict[str, Unit]
    accepted: tuple[str, ...] = DEFAULT_ACCEPTED
    sha256: str = ""  # of the file's bytes; "" when there is no file

    def is_accepted(self, unit: Unit) -> bool:
        return bool(unit.target.strip()) and (unit.approved or unit.state in self.accepted)

    def approved_for(self, segment: Segment) -> str | None:
        """The approved English for a segment, if its unit's source still matches."""
        unit = self.units.get(segment.id)
        if unit is None or not self.is_accepted(unit):
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

    def orphans(self, doc: Document) -> list[Unit]:
        """Units with a translation whose id and source are no segment's any more."""
        ids = {s.id for s in doc.segments()}
        texts = {normalise(s.zh) for s in doc.segments()}
        return [
            u
            for u in self.units.values()
            if u.id not in ids and normalise(u.source) not in texts and u.target.strip()
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


def parse(data: bytes, name: str = ""):
    """translate-toolkit's store of an XLIFF file's bytes; a broken file is a clear error."""
    refuse_entities(data, name, TranslationStoreError, "XLIFF")
    _, File12 = _xliff()
    try:
        return File12.parsestring(data)
    except Exception as exc:  # translate-toolkit raises lxml and ValueError variants
        raise TranslationStoreError(f"{name}: not a readable XLIFF file ({exc})") from None


def new_store(original: str):
    _, File12 = _xliff()
    store = File12(sourcelanguage="zh-Hans", targetlanguage="en")
    store.setfilename(store.getfilenode("NoName"), original)
    return store


def load(path: Path, accepted: Sequence[str] = DEFAULT_ACCEPTED) -> Memory:
    """Read an XLIFF file; a missing file is an empty memory, a broken one an error."""
    if not path.exists():
        return Memory(path, {}, tuple(accepted))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TranslationStoreError(f"cannot read {path}: {exc.strerror}") from None
    store = parse(data, str(path))
    units: dict[str, Unit] = {}
    for u in bounded(store, str(path)):
        if u.id in units:
            raise TranslationStoreError(
                f"{path}: two units have the id {u.id} ({units[u.id].target[:30]!r} and "
                f"{u.target[:30]!r}); keep one and try again"
            )
        units[u.id] = u
    return Memory(path, units, tuple(accepted), hashlib.sha256(data).hexdigest())


def units_of(store) -> list[Unit]:
    return [unit_of(u) for u in store.units if not u.isheader()]


def bounded(store, name: str, skip: tuple[str, ...] = ()) -> list[Unit]:
    """The store's units; a target over MAX_TARGET characters stops the read, naming it."""
    units = []
    for node in (u for u in store.units if not u.isheader()):
        unit = unit_of(node, skip)
        if len(unit.target) > MAX_TARGET:
            raise TranslationStoreError(
                f"{name}:{node.xmlelement.sourceline}: unit {unit.id}: its target has "
                f"{len(unit.target):,} characters, over the limit of {MAX_TARGET:,} for one "
                "sentence; shorten it and try again"
            )
        units.append(unit)
    return units


OURS = ("glossary", "publisher")  # the notes export writes itself; a merge never copies them


def unit_of(u, skip: tuple[str, ...] = ()) -> Unit:
    uid = u.xmlelement.get("id") or ""
    state = state_of(u)
    alts = tuple(
        Alt(
            str(a.source or ""),
            str(a.target or ""),
            a.xmlelement.get("origin") or "",
            _int(a.xmlelement.get("match-quality")),
        )
        for a in u.getalttrans()
    )
    notes = tuple(
        Note(n.get("from") or "", (n.text or "").strip())
        for n in u.xmlelement.iterfind(u.namespaced("note"))
        if (n.text or "").strip() and n.get("from") not in skip
    )
    source, _ = _plain(u.xmlelement.find(u.namespaced("source")))
    target, marks = _plain(_target(u))
    return Unit(
        uid, source, target, state, u.xmlelement.get("approved") == "yes", notes, alts, marks
    )


def _int(value: str | None) -> int | None:
    try:
        return int(str(value).rstrip("%")) if value else None
    except ValueError:
        return None


def _target(u):
    return u.xmlelement.find(u.namespaced("target"))


def state_of(u) -> str:
    """The target's state. With none: a translation ("translated") if it has text other than a
    copy of the source (what --copy-source writes and OmegaT leaves untranslated), else new."""
    target = _target(u)
    state = target.get("state") if target is not None else None
    if state:
        return state
    text = str(u.target or "")
    if not text.strip():
        return "new"  # (an empty target with a state keeps it: needs-translation)
    return (
        "needs-translation" if normalise(text) == normalise(str(u.source or "")) else "translated"
    )


def set_target(u, text: str | None, state: str | None) -> None:
    """Set a unit's target text and state in place (state None: no state attribute)."""
    if text is None:
        target = _target(u)
        if target is not None:
            u.xmlelement.remove(target)
    else:
        u.target = text
        target = _target(u)
        if state is None:
            target.attrib.pop("state", None)
        else:
            target.set("state", state)
    approved = state in APPROVED_STATES
    if approved:
        u.xmlelement.set("approved", "yes")
    else:
        u.xmlelement.attrib.pop("approved", None)


def add_note(u, text: str, origin: str) -> None:
    """A note, unless the unit already has one with that text."""
    if text not in (u.getnotes() or "").split("\n"):
        u.addnote(text, origin=origin)


def add_alt(u, alt: Alt) -> None:
    """An <alt-trans>, unless the unit already has one with that source and target."""
    for a in u.getalttrans():
        if str(a.source or "") == alt.source and str(a.target or "") == alt.target:
            return
    u.addalttrans(
        alt.target,
        origin=alt.origin,
        lang="en",
        sourcetxt=alt.source,
        matchquality=None if alt.quality is None else str(alt.quality),
    )
    # translate-toolkit gives the alternative's source no language: zh-Hans, like the file's.
    node = u.xmlelement.findall(u.namespaced("alt-trans"))[-1]
    src = node.find(u.namespaced("source"))
    if src is not None:
        src.set("{http://www.w3.org/XML/1998/namespace}lang", "zh-Hans")


def index(store) -> dict[str, Any]:
    return {u.xmlelement.get("id") or "": u for u in store.units if not u.isheader()}


def add_unit(store, uid: str, source: str):
    unit = store.UnitClass(source)
    store.addunit(unit)
    unit.setid(uid)
    return unit


def set_header(store) -> None:
    """A <header> naming the tool that wrote the file (once)."""
    from lxml import etree

    file_node = store.getfilenode(store.getfilenames()[0]) if store.getfilenames() else None
    if file_node is None:
        return
    header = file_node.find(f"{{{NS}}}header")
    if header is None:
        header = etree.Element(f"{{{NS}}}header")
        file_node.insert(0, header)
    tool = header.find(f"{{{NS}}}tool")
    if tool is None:
        tool = etree.SubElement(header, f"{{{NS}}}tool")
    tool.set("tool-id", TOOL)
    tool.set("tool-name", TOOL)
    tool.set("tool-version", __version__)


def set_context(u, kind: str, line: int, source_name: str) -> None:
    """Block kind and source line as a location context group (replacing an older one). The
    group's name is unique in the file, as the schema's identity constraint requires."""
    for group in u.xmlelement.findall(u.namespaced("context-group")):
        if (group.get("name") or "").startswith("location") and group.get("purpose") == "location":
            u.xmlelement.remove(group)
    u.createcontextgroup(
        f"location:{u.xmlelement.get('id')}",
        [("sourcefile", source_name), ("linenumber", str(line)), ("x-block-kind", kind)],
        purpose="location",
    )
    u.xmlelement.set("resname", f"{kind}:{line}")
    u.xmlelement.set("restype", f"x-{kind.replace('_', '-')}")


def save(data: bytes, path: Path) -> None:
    """Atomically, keeping the replaced file's mode."""
    write_atomic(path, data)


def write_new(doc: Document, path: Path, source_name: str = "") -> None:
    """A new translation file of a document's segments (fixtures and first exports)."""
    store = new_store(source_name or doc.name)
    set_header(store)
    lines = doc.line_of()
    for kind, seg in kinds(doc):
        if not has_han(seg.zh):
            continue  # figures, units, dashes: carried over, nothing to translate
        u = add_unit(store, seg.id, seg.zh)
        set_context(u, kind, lines[seg.id], source_name or doc.name)
        if seg.en and seg.provenance == Provenance.APPROVED:
            set_target(u, seg.en, "final")
        elif seg.en:
            set_target(u, seg.en, "needs-review-translation")
        set_rich(u, seg)
    save(bytes(store), path)


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


def set_rich(u, seg: Segment, target_marks: tuple[Mark, ...] = ()) -> None:
    """The unit's source, and its target where it is the segment's English, with their marks."""
    if seg.marks:
        _fill_rich(u.xmlelement.find(u.namespaced("source")), seg.zh, seg.marks)
    target = _target(u)
    marks = target_marks or seg.en_marks
    if target is not None and marks and seg.en and (target.text or "") == seg.en:
        _fill_rich(target, seg.en, marks)


# -- export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportUnit:
    """What the export says about one segment, decided above (cli) from the document."""

    segment: Segment
    kind: str
    line: int
    terms: tuple[str, ...] = ()
    matches: tuple[Alt, ...] = ()  # memory matches, best first
    draft_state: str = ""  # state of segment.en when it is a draft (machine, memory)


@dataclass
class ExportCounts:
    units: int = 0
    targets: int = 0
    notes: int = 0
    states: dict[str, int] = field(default_factory=dict)


def export(
    rows: Iterable[ExportUnit],
    previous: bytes | None,
    source_name: str,
    *,
    accepted: Sequence[str] = DEFAULT_ACCEPTED,
    todo: bool = False,
    copy_source: bool = False,
    machine: bool = True,
) -> bytes:
    """The segments as XLIFF 1.2, built on the translation file's own units (kept, not rebuilt).

    Units the source no longer has are kept, marked translate="no" (left out with todo).
    """
    store = parse(previous, source_name) if previous else new_store(source_name)
    set_header(store)
    old = index(store)
    memory = Memory(None, {}, tuple(accepted))
    body = store.getbodynode(store.getfilenode(store.getfilenames()[0]))
    for u in old.values():
        body.remove(u.xmlelement)
    kept: set[str] = set()
    for row in rows:
        seg = row.segment
        if seg.id in kept:
            continue
        kept.add(seg.id)
        u = old.get(seg.id)
        if u is None:
            u = add_unit(store, seg.id, seg.zh)
        else:
            body.append(u.xmlelement)
        current = unit_of(u)
        changed = normalise(current.source) != normalise(seg.zh)
        if changed:
            if current.target.strip():
                add_alt(u, Alt(current.source, current.target, "previous", None))
            u.source = seg.zh
            set_target(u, current.target or None, "needs-review-translation")
            add_note(u, "the source changed: review the previous translation", "publisher")
        elif memory.is_accepted(current):
            if todo:
                body.remove(u.xmlelement)
                continue
        else:
            _draft(u, seg, row, machine)
        for alt in row.matches:
            add_alt(u, alt)
        u.removenotes(origin="glossary")  # the glossary's notes are ours: always current
        for term in row.terms:
            add_note(u, term, "glossary")
        set_context(u, row.kind, row.line, source_name)
        set_rich(u, seg)
        if copy_source:
            _copy_source(u, memory)
    if not todo:
        for uid, u in old.items():
            if uid not in kept:
                body.append(u.xmlelement)
                u.xmlelement.set("translate", "no")
                add_note(u, "not in the current source", "publisher")
    return bytes(store)


def _draft(u, seg: Segment, row: ExportUnit, machine: bool) -> None:
    """A unit without approved English: the draft (memory, or machine with machine=True)."""
    if seg.en and row.draft_state and (machine or row.draft_state != "machine"):
        set_target(u, seg.en, "needs-review-translation")
    elif row.matches:
        set_target(u, row.matches[0].target, "needs-review-translation")
    elif not str(u.target or "").strip():
        _empty_target(u)
    else:
        set_target(u, str(u.target), state_of(u))


def _empty_target(u) -> None:
    """An empty <target state="needs-translation"/> right after the source."""
    from lxml import etree

    target = _target(u)
    if target is None:
        target = etree.Element(u.namespaced("target"))
        u.xmlelement.find(u.namespaced("source")).addnext(target)
    target.text = None
    target.set("state", "needs-translation")
    u.xmlelement.attrib.pop("approved", None)


def _copy_source(u, memory: Memory) -> None:
    """OmegaT-style: the target is the source; the English there moves to an <alt-trans>."""
    current = unit_of(u)
    if current.target.strip() and current.target != current.source:
        add_alt(u, Alt(current.source, current.target, f"publisher:{current.state}", 100))
    set_target(u, current.source, None)


def counts(data: bytes) -> ExportCounts:
    """Units, targets, notes and states of an XLIFF file (the export/merge figures)."""
    store = parse(data)
    c = ExportCounts()
    for u in units_of(store):
        c.units += 1
        c.targets += bool(u.target.strip())
        c.notes += len(u.notes)
        c.states[u.state] = c.states.get(u.state, 0) + 1
    return c


# -- import -----------------------------------------------------------------------------------


@dataclass
class ImportReport:
    applied: list[str] = field(default_factory=list)  # ids whose target was set
    unchanged: int = 0
    drafts: list[str] = field(default_factory=list)  # applied, but below the accepted states
    refused: list[str] = field(default_factory=list)  # would downgrade an approved target
    untranslated: int = 0  # empty, or a copy of the source
    by_id: int = 0
    by_source: int = 0
    orphans: list[Unit] = field(default_factory=list)  # neither id nor source is a segment's
    changed: list[Unit] = field(default_factory=list)  # id is a segment's, source is not

    @property
    def matched(self) -> int:
        return self.by_id + self.by_source

    @property
    def few_ids(self) -> bool:
        """Most units were found by their source text, not by id: the ids were lost."""
        return self.matched > 0 and self.by_id < self.matched / 2


def merge(
    current: bytes | None,
    incoming: bytes,
    segments: Mapping[str, Segment],
    source_name: str,
    *,
    accept: Sequence[str] = DEFAULT_ACCEPTED,
    force: bool = False,
    incoming_name: str = "",
) -> tuple[bytes, ImportReport]:
    """Apply a returned file's units to the translation file, unit by unit, in place."""
    store = parse(current, source_name) if current else new_store(source_name)
    returned = bounded(parse(incoming, incoming_name), incoming_name, skip=OURS)
    here = index(store)
    by_text: dict[str, list[Segment]] = {}
    for s in segments.values():
        by_text.setdefault(normalise(s.zh), []).append(s)
    report = ImportReport()
    for unit in returned:
        seg = segments.get(unit.id)
        if seg is not None and normalise(seg.zh) == normalise(unit.source):
            report.by_id += 1
            targets = [seg]
        elif targets := by_text.get(normalise(unit.source), []):
            report.by_source += 1  # every occurrence of the sentence
        elif unit.id in segments:
            report.changed.append(unit)
            continue
        else:
            if unit.target.strip() and unit.target != unit.source:
                report.orphans.append(unit)
            continue
        if not unit.target.strip() or normalise(unit.target) == normalise(unit.source):
            report.untranslated += 1
            continue
        for one in targets:
            _apply(store, here, one, unit, accept, force, report)
    set_header(store)
    return bytes(store), report


def _apply(store, here: dict, seg: Segment, unit: Unit, accept, force: bool, report) -> None:
    """One returned unit onto the translation file's unit for seg (added if it has none)."""
    u = here.get(seg.id)
    if u is None:
        u = add_unit(store, seg.id, seg.zh)
        here[seg.id] = u
    mine = unit_of(u)
    if normalise(mine.source) != normalise(seg.zh):  # translated against the current source
        u.source = seg.zh
        set_rich(u, seg)
    state = unit.state if unit.state in RANK else "translated"
    if unit.approved and rank(state) < rank("final"):
        state = "final"
    if mine.target == unit.target and mine.state == state:
        report.unchanged += 1
        return
    mine_ok = mine.target.strip() and (mine.approved or mine.state in accept)
    if mine_ok and rank(state) < rank(mine.state) and not force:
        report.refused.append(seg.id)
        return
    if mine.target.strip() and mine.target != unit.target:
        add_alt(u, Alt(mine.source, mine.target, "previous", None))
    set_target(u, unit.target, state)
    set_rich(u, seg, unit.target_marks)
    for note in unit.notes:
        if note not in mine.notes:
            add_note(u, note.text, note.origin or "translator")
    (report.applied if state in accept else report.drafts).append(seg.id)


def aside(units: Sequence[Unit], source_name: str) -> bytes:
    """Units kept aside (orphans, changed sources) as an XLIFF file of their own."""
    store = new_store(source_name)
    set_header(store)
    for unit in units:
        u = add_unit(store, unit.id, unit.source)
        set_target(u, unit.target or None, unit.state if unit.target else None)
        for note in unit.notes:
            add_note(u, note.text, note.origin or "translator")
    return bytes(store)


def with_accepted(memory: Memory, accepted: Sequence[str]) -> Memory:
    return replace(memory, accepted=tuple(accepted))
