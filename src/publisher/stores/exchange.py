"""Move the glossary in and out of translators' tools: TBX-Basic, CSV and TMX (translate-toolkit).

TBX-Basic (martif) carries every column:

- id -> termEntry/@id; domain -> descrip type="subjectField"; note -> note (concept level);
- zh-Hans, zh-Hant and en -> one langSet each (zh-Hant only when the glossary overrides OpenCC);
- pos -> termNote type="partOfSpeech" (proper noun = properNoun; phrase = other + termType phrase);
- status -> termNote type="administrativeStatus" on each term: approved = preferredTerm-admn-sts,
  proposed = admittedTerm-admn-sts, deprecated = supersededTerm-admn-sts;
- forbidden variants -> further English terms with administrativeStatus deprecatedTerm-admn-sts;
- source -> admin type="source" on the English term.

CSV has the columns id, source (zh-Hans), target (en), zh-Hant, forbidden (|-separated), pos,
domain, status, note, origin (the TSV's source column). TMX carries zh-Hans/en pairs only.

The CAT glossary (`.txt`, `.tab`, `.utf8`) is the layout OmegaT and most CAT tools read:
`source<TAB>target<TAB>comment`, UTF-8, no header; the comment carries the note, the domain and
the forbidden variants ("not: …"), so no tool takes a forbidden variant for a translation.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import GlossaryError
from ..terms.glossary import Term
from .safexml import refuse_entities

FORMATS = ("tbx", "csv", "tmx", "cat")
CAT_SUFFIXES = ("txt", "tab", "utf8")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HANS, HANT, EN = "zh-Hans", "zh-Hant", "en"
LANGS = {  # language tags other tools write, by the column they fill
    HANS: ("zh-hans", "zh-cn", "zh-sg", "zh"),
    HANT: ("zh-hant", "zh-tw", "zh-hk", "zh-mo"),
    EN: ("en", "en-us", "en-gb"),
}
STATUS_TBX = {
    "approved": "preferredTerm-admn-sts",
    "proposed": "admittedTerm-admn-sts",
    "deprecated": "supersededTerm-admn-sts",
}
FORBIDDEN_TBX = "deprecatedTerm-admn-sts"
POS_TBX = {"proper noun": "properNoun", "phrase": "other"}
PHRASE = "phrase"
CSV_COLUMNS = (
    ("id", "id"),
    ("source", "zh-Hans"),
    ("target", "en"),
    ("zh-Hant", "zh-Hant"),
    ("forbidden", "forbidden"),
    ("pos", "pos"),
    ("domain", "domain"),
    ("status", "status"),
    ("note", "note"),
    ("origin", "source"),
)
UTF8_BOM = b"\xef\xbb\xbf"  # spreadsheets read a CSV as UTF-8 only with it

TBX_SKELETON = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic">
<martifHeader>
<fileDesc>
<titleStmt><title>publisher glossary</title></titleStmt>
<sourceDesc><p>Exported by publisher from glossary/*.tsv</p></sourceDesc>
</fileDesc>
<encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>
</martifHeader>
<text><body></body></text>
</martif>"""


def format_of(path: Path) -> str:
    """The exchange format a file name says (by its extension)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt in CAT_SUFFIXES:
        return "cat"
    if fmt not in FORMATS:
        raise GlossaryError(
            "cannot tell the format; name it .tbx, .csv, .tmx or .txt (CAT glossary)", str(path)
        )
    return fmt


def export(terms: list[Term], fmt: str, forbidden: bool = True) -> bytes:
    """The terms in fmt; forbidden=False leaves the forbidden variants out of TBX and CSV."""
    if not forbidden:
        terms = [replace(t, forbidden=()) for t in terms]
    return {"tbx": export_tbx, "csv": export_csv, "tmx": export_tmx, "cat": export_cat}[fmt](terms)


def parse(data: bytes, fmt: str, name: str = "") -> list[Term]:
    """Terms read from an exchange file; file and line name the file and the entry's number."""
    reader = {"tbx": parse_tbx, "csv": parse_csv, "tmx": parse_tmx, "cat": parse_cat}[fmt]
    if fmt in ("tbx", "tmx"):
        refuse_entities(data, name, GlossaryError, fmt.upper())
    try:
        terms = reader(data)
    except GlossaryError:
        raise
    except Exception as exc:  # translate-toolkit raises lxml, csv and ValueError variants
        raise GlossaryError(f"not a readable {fmt.upper()} file ({exc})", name) from None
    if fmt in ("tmx", "cat"):  # the pair's only provenance is the file it came from
        terms = [replace(t, source=f"imported from {Path(name).name}") for t in terms]
    return [replace(t, file=name) for t in terms]


@dataclass(frozen=True)
class Merge:
    """What an import does: terms to add, terms already there, conflicts (as messages)."""

    added: tuple[Term, ...]
    skipped: tuple[Term, ...]
    conflicts: tuple[str, ...]


def merge(incoming: list[Term], existing: list[Term], target: Path, pairs_only: bool) -> Merge:
    """Add what is new, skip what is there already, report what differs; never overwrite.

    pairs_only (TMX): incoming terms carry zh-Hans and en only, so only those are compared.
    """
    from ..terms.search import make_id
    from .tsv import next_line

    added, skipped, conflicts = [], [], []
    by_id = {t.id: t for t in existing}
    by_zh = {t.zh_hans: t for t in existing}
    line = next_line(target)
    for term in incoming:
        other = (by_id.get(term.id) if term.id else None) or by_zh.get(term.zh_hans)
        if other is not None:
            differs = _differences(term, other, pairs_only)
            if not differs:
                skipped.append(term)
                continue
            key = f"id {term.id!r}" if other.id == term.id else term.zh_hans
            conflicts.append(
                f"{term.file}:{term.line}: conflict: {key} is already at "
                f"{other.file}:{other.line} ({other.id}) with another {', '.join(differs)}"
            )
            continue
        if not term.id:
            term = replace(term, id=make_id(term.domain, term.en, set(by_id)))
        term = replace(term, file=str(target), line=line)
        line += 1
        added.append(term)
        by_id[term.id] = by_zh[term.zh_hans] = term
    return Merge(tuple(added), tuple(skipped), tuple(conflicts))


def _differences(new: Term, old: Term, pairs_only: bool) -> list[str]:
    """The columns, id aside, in which an incoming term differs from one already there."""
    a, b = new.row(), old.row()
    columns = ("zh-Hans", "en") if pairs_only else [c for c in a if c != "id"]
    return [c for c in columns if a[c] != b[c]]


# TBX


def _tbx_store():
    """translate-toolkit's TBX store, writing a TBX-Basic header."""
    from translate.storage import tbx

    class BasicFile(tbx.tbxfile):
        XMLskeleton = TBX_SKELETON

    return BasicFile


def export_tbx(terms: list[Term]) -> bytes:
    store = _tbx_store()(sourcelanguage=HANS, targetlanguage=EN)
    for term in terms:
        unit = store.addsourceunit(term.zh_hans)
        unit.setid(term.id)
        unit.set_target_terms([term.en, *term.forbidden], lang=EN)
        if term.zh_hant:
            unit.set_target_terms([term.zh_hant], lang=HANT)
        _tbx_annotate(unit, term)
    return bytes(store)


def _tbx_annotate(unit, term: Term) -> None:
    """Add the data categories translate-toolkit's unit API has no setter for (with lxml)."""
    entry, ns = unit.xmlelement, unit.namespaced
    concept = []
    if term.domain:
        concept.append(_element(ns("descrip"), term.domain, type="subjectField"))
    if term.note:
        concept.append(_element(ns("note"), term.note))
    for i, node in enumerate(concept):
        entry.insert(i, node)
    for lang_set in entry.iterchildren(ns("langSet")):
        lang = lang_set.get(XML_LANG)
        for n, tig in enumerate(lang_set.iterchildren(ns("tig"))):
            if lang == EN and n > 0:
                tig.append(_element(ns("termNote"), FORBIDDEN_TBX, type="administrativeStatus"))
                continue
            if term.pos:
                pos = POS_TBX.get(term.pos, term.pos)
                tig.append(_element(ns("termNote"), pos, type="partOfSpeech"))
            if term.pos == PHRASE:
                tig.append(_element(ns("termNote"), PHRASE, type="termType"))
            status = STATUS_TBX.get(term.status, STATUS_TBX["approved"])
            tig.append(_element(ns("termNote"), status, type="administrativeStatus"))
            if lang == EN and term.source:
                tig.append(_element(ns("admin"), term.source, type="source"))


def _element(tag: str, text: str, **attrs: str):
    from lxml import etree

    node = etree.Element(tag, **attrs)
    node.text = text
    return node


@dataclass(frozen=True)
class _TbxTerm:
    text: str
    notes: dict[str, str]  # termNote and admin values by type


def parse_tbx(data: bytes) -> list[Term]:
    store = _tbx_store().parsestring(data)
    terms = []
    for n, unit in enumerate(store.units, start=1):
        term = _tbx_term(unit, n)
        if term is not None:
            terms.append(term)
    return terms


def _tbx_term(unit, n: int) -> Term | None:
    entry, ns = unit.xmlelement, unit.namespaced
    langs: dict[str, list[_TbxTerm]] = {}
    for lang_set in unit.getlanguageNodes():
        column = _column_of(lang_set.get(XML_LANG) or "")
        if column and column not in langs:
            langs[column] = [_tbx_tig(tig, ns) for tig in lang_set.iterchildren(ns("tig"))]
    hans, en = langs.get(HANS, []), langs.get(EN, [])
    if not hans and not en:
        return None
    preferred = [t for t in en if t.notes.get("administrativeStatus") != FORBIDDEN_TBX]
    main = (preferred or en or [_TbxTerm("", {})])[0]
    first = (hans or [_TbxTerm("", {})])[0]
    notes = {**first.notes, **main.notes}
    note = _child_text(entry, ns("note"))
    extra = [t.text for t in preferred[1:]]
    if extra:  # synonyms our columns cannot hold go into the note, not away
        note = "; ".join(filter(None, [note, "other English: " + " | ".join(extra)]))
    return Term(
        id=entry.get("id") or "",
        zh_hans=first.text,
        en=main.text,
        zh_hant=(langs.get(HANT) or [_TbxTerm("", {})])[0].text,
        forbidden=tuple(t.text for t in en if t is not main and t not in preferred),
        pos=_pos_from_tbx(notes),
        domain=_child_text(entry, ns("descrip"), type="subjectField"),
        status=_status_from_tbx(notes.get("administrativeStatus", "")),
        note=note,
        source=main.notes.get("source", ""),
        line=n,
    )


def _column_of(lang: str) -> str:
    lang = lang.lower()
    return next((col for col, tags in LANGS.items() if lang in tags), "")


def _tbx_tig(tig, ns) -> _TbxTerm:
    notes: dict[str, str] = {}
    for child in tig:
        if child.tag in (ns("termNote"), ns("admin")) and child.get("type"):
            notes.setdefault(child.get("type"), (child.text or "").strip())
    text = "".join(tig.find(ns("term")).itertext()) if tig.find(ns("term")) is not None else ""
    return _TbxTerm(text.strip(), notes)


def _child_text(node, tag: str, **attrs: str) -> str:
    for child in node.iterchildren(tag):
        if all(child.get(k) == v for k, v in attrs.items()):
            return (child.text or "").strip()
    return ""


def _pos_from_tbx(notes: dict[str, str]) -> str:
    if notes.get("termType") == PHRASE:
        return PHRASE
    pos = notes.get("partOfSpeech", "")
    return next((ours for ours, theirs in POS_TBX.items() if theirs == pos), pos)


def _status_from_tbx(value: str) -> str:
    """Our status for a TBX administrativeStatus (a term without one is proposed)."""
    value = value.strip()
    if value in (FORBIDDEN_TBX, "deprecatedTerm"):
        return "deprecated"
    ours = {v: k for k, v in STATUS_TBX.items()}
    return ours.get(value) or ours.get(value + "-admn-sts") or "proposed"


# CSV


class _Spreadsheet(csv.excel):
    """What spreadsheets read and write: every cell quoted, quotes doubled, no backslash escapes."""

    quoting = csv.QUOTE_ALL


def _csv_store():
    """translate-toolkit's CSV store with a unit that keeps our extra columns."""
    from translate.storage import csvl10n

    class Unit(csvl10n.csvunit):
        def __init__(self, source=None) -> None:
            super().__init__(source)
            self.extra: dict[str, str] = {}

        def fromdict(self, cedict, encoding="utf-8") -> None:
            super().fromdict(cedict, encoding)
            known = {"id", "source", "target"}
            self.extra = {
                k: v for k, v in cedict.items() if k and k not in known and isinstance(v, str)
            }

        def todict(self, **kwargs):
            return {**super().todict(**kwargs), **self.extra}

    class File(csvl10n.csvfile):
        UnitClass = Unit

    return File


def export_csv(terms: list[Term]) -> bytes:
    store = _csv_store()(fieldnames=[c for c, _ in CSV_COLUMNS], encoding="utf-8")
    store.dialect = _Spreadsheet
    for term in terms:
        row = term.row()
        unit = store.UnitClass(inert(term.zh_hans))
        unit.target = inert(term.en)
        unit.setid(term.id)
        unit.extra = {csv: inert(row[ours]) for csv, ours in CSV_COLUMNS[3:]}
        store.addunit(unit)
    return UTF8_BOM + bytes(store)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: str) -> str:
    """A cell a spreadsheet shows as text, not runs as a formula: =, +, -, @ get a leading '."""
    return "'" + value if value.startswith(FORMULA_START) else value


def live(value: str) -> str:
    """The value inert() made safe, as it was."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def parse_csv(data: bytes) -> list[Term]:
    """A UTF-8 CSV (with or without BOM): read as UTF-8, never guessed (a guess turns mojibake
    into plausible Korean)."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"not UTF-8 (byte {exc.start}); save it as UTF-8") from None
    store = _csv_store()(encoding="utf-8")
    store.parse(data.removeprefix(UTF8_BOM))
    missing = [c for c in ("source", "target") if c not in store.fieldnames]
    if missing:
        raise GlossaryError(
            f"the CSV lacks column(s) {', '.join(missing)}; "
            f"its header must name {', '.join(c for c, _ in CSV_COLUMNS)}"
        )
    terms = []
    for n, unit in enumerate(store.units, start=2):
        cells = {ours: live(unit.extra.get(csv, "")) for csv, ours in CSV_COLUMNS[3:]}
        if not (unit.source or unit.target):
            continue
        terms.append(
            Term(
                id=unit.id.strip(),
                zh_hans=live(unit.source.strip()),
                en=live(unit.target.strip()),
                zh_hant=cells["zh-Hant"].strip(),
                forbidden=tuple(v.strip() for v in cells["forbidden"].split("|") if v.strip()),
                pos=cells["pos"].strip(),
                domain=cells["domain"].strip(),
                status=cells["status"].strip() or "approved",
                note=cells["note"].strip(),
                source=cells["source"].strip(),
                line=getattr(unit, "_line_number", n),
            )
        )
    return terms


# TMX


def export_tmx(terms: list[Term]) -> bytes:
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage=HANS, targetlanguage=EN)
    for term in terms:
        store.addtranslation(term.zh_hans, HANS, term.en, EN)
    return bytes(store)


def parse_tmx(data: bytes) -> list[Term]:
    """zh-Hans/en pairs as proposed terms; ids, domains and the rest are for the curator to add."""
    from translate.storage import tmx

    store = tmx.tmxfile.parsestring(data)
    terms = []
    for n, unit in enumerate(store.units, start=1):
        texts = {}
        for tuv in unit.getlanguageNodes():
            column = _column_of(tuv.get(XML_LANG) or "")
            if column and column not in texts:
                texts[column] = unit.getNodeText(tuv).strip()
        if texts.get(HANS) or texts.get(EN):
            terms.append(
                Term(
                    id="",
                    zh_hans=texts.get(HANS, ""),
                    en=texts.get(EN, ""),
                    status="proposed",
                    line=n,
                )
            )
    return terms


# CAT glossary: source<TAB>target<TAB>comment


def export_cat(terms: list[Term]) -> bytes:
    """One line per active term; forbidden variants only in the comment."""
    lines = []
    for t in terms:
        if not t.active:
            continue
        comment = [t.note] if t.note else []
        if t.forbidden:
            comment.append("not: " + ", ".join(t.forbidden))
        if t.domain:
            comment.append(t.domain)
        cells = [t.zh_hans, t.en, "; ".join(comment)]
        lines.append("\t".join(" ".join(c.split()) for c in cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


def parse_cat(data: bytes) -> list[Term]:
    """source/target pairs as proposed terms, the comment as their note."""
    text = data.decode("utf-8-sig")
    terms = []
    for n, line in enumerate(text.splitlines(), start=1):
        cells = line.split("\t")
        if not line.strip() or line.startswith("#") or len(cells) < 2:
            continue
        terms.append(
            Term(
                id="",
                zh_hans=cells[0].strip(),
                en=cells[1].strip(),
                note=cells[2].strip() if len(cells) > 2 else "",
                status="proposed",
                line=n,
            )
        )
    return terms
