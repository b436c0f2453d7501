"""One report as the review desk shows it: segments with their state, checks, terms and
alternatives, and the desk's writes (approvals, query answers, terms, Traditional decisions).

Every write goes through the store that owns the file, under files.locked, so the desk and the
command line never overwrite each other. An approval is refused when the unit changed in the
file since the desk showed it (its fingerprint differs): the user is told, nothing is clobbered.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import check as checks
from ..check import completeness, queries
from ..check import traditional as trad
from ..check.findings import Finding, Report
from ..config import BuildConfig
from ..document import Document, Provenance, Query, QueryStatus, Segment
from ..errors import PublisherError, TranslationStoreError
from ..files import locked
from ..pipeline import glossary_for, overrides, prepare
from ..stores import decisions, xliff
from ..stores import queries as answers
from ..terms.glossary import Glossary, Term, forbidden_in, phrase_spans
from ..terms.usage import solid, to_traditional
from ..text import has_han, normalise

LIVE = ("numbers", "terms", "completeness", "style")  # the checks an edit re-runs
MAX_ENGLISH = xliff.MAX_TARGET  # characters: longer is refused, as a translation file's target is
STATES = ("approved", "draft", "machine", "memory", "missing", "changed")
STATE_TITLES = {
    "approved": "approved",
    "draft": "draft in the translation file",
    "machine": "machine draft",
    "memory": "memory match",
    "missing": "missing",
    "changed": "source changed",
}
APPROVED_STATE = "final"  # what an approval writes (approved="yes")
GLOSSARY_FILE = "terms.tsv"
MACHINE = (Provenance.MACHINE, Provenance.MACHINE_TERMS)


class Conflict(TranslationStoreError):
    """The unit changed in the translation file since the desk showed it."""

    def __init__(self, message: str, target: str, base: str):
        super().__init__(message)
        self.target = target
        self.base = base


@dataclass
class Row:
    """A segment as the desk shows it."""

    seg: Segment
    kind: str
    line: int
    state: str
    base: str  # fingerprint of its unit in the translation file when last read
    machine: str = ""  # the machine draft, when the pipeline made one
    findings: list[Finding] = field(default_factory=list)


def fingerprint(unit: xliff.Unit | None) -> str:
    """What an approval checks has not changed: the unit's target, state and approval."""
    if unit is None:
        return "none"
    key = f"{unit.source}\0{unit.target}\0{unit.state}\0{unit.approved}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class Session:
    """The report, prepared once, and kept current as the desk approves and edits."""

    def __init__(self, config: BuildConfig):
        self.config = config
        self.lock = threading.RLock()  # the web server answers on several threads
        self.terms, self.notes = glossary_for(config)
        prepared = prepare(config, terms=self.terms)
        self.memory = prepared.memory
        self.doc = prepared.doc
        self.units = prepared.units
        self.report = checks.run(self.doc, self.terms, config.variant, self.overrides())
        self.ratio = float(self.report.extra.get("length_ratio", completeness.DEFAULT_RATIO))
        self.previous = {p.segment_id: p for p in self.doc.previous}
        self.rows: dict[str, Row] = {}
        lines = self.doc.line_of()
        by_segment: dict[str, list[Finding]] = {}
        for f in self.report.findings:
            if f.check in LIVE:
                by_segment.setdefault(f.segment_id, []).append(f)
        for kind, seg in xliff.kinds(self.doc):
            if not has_han(seg.zh) or seg.id in self.rows:
                continue  # figures and dashes are carried over; a repeat is one unit
            unit = self.units.units.get(seg.id)
            machine = seg.en or "" if seg.provenance in MACHINE else ""
            seg, state = _shown(seg, unit)
            row = Row(seg, kind, lines[seg.id], state, fingerprint(unit), machine)
            row.findings = by_segment.get(seg.id, [])
            self.rows[seg.id] = row
        self.queries = self._queries()
        self.version = 0  # bumped by every change the preview should show
        self.editing: dict[str, str] = {}  # English checked but not approved yet, by segment

    # -- reading --------------------------------------------------------------------------

    def overrides(self) -> Glossary:
        return overrides(self.config, self.terms)

    def row(self, sid: str) -> Row:
        row = self.rows.get(sid)
        if row is None:
            raise KeyError(sid)
        return row

    def segment_json(self, row: Row) -> dict:
        seg = row.seg
        return {
            "id": seg.id,
            "zh": seg.zh,
            "en": seg.en or "",
            "hant": seg.zh_hant or "",
            "provenance": str(seg.provenance),
            "state": row.state,
            "line": row.line,
            "kind": row.kind,
            "base": row.base,
            "findings": [finding_json(f) for f in row.findings],
            "terms": self.term_marks(seg.zh, seg.en or ""),
            "queries": [q.id for q in self.queries if q.segment_id == seg.id],
        }

    def overview(self) -> dict:
        with self.lock:
            return {
                "name": self.doc.name,
                "source": self.config.source.name,
                "translation_file": self.config.xliff_path.name,
                "states": {s: STATE_TITLES[s] for s in STATES},
                "checks": list(LIVE),
                "notes": list(self.notes),
                "segments": [self.segment_json(r) for r in self.rows.values()],
                "queries": [query_json(q) for q in self.queries],
                "traditional": self.traditional_rows(),
                "variant": self.config.variant,
            }

    def term_marks(self, zh: str, en: str) -> list[dict]:
        """Every glossary term in the Chinese, its required English, and where (or whether)
        the English renders it; forbidden variants found in the English."""
        marks = []
        found = solid(self.terms, zh)
        renderings = [m.term.rendering for m in found]
        for m in found:
            t = m.term
            spans = phrase_spans(t.rendering, en) if en else []
            others = [r for r in renderings if r != t.rendering]
            bad = forbidden_in(t, en, others) if en else []
            marks.append(
                {
                    "start": m.start,
                    "end": m.end,
                    "id": t.id,
                    "zh": t.zh_hans,
                    "en": t.en,
                    "note": t.note,
                    "forbidden": list(t.forbidden),
                    "en_spans": [list(s) for s in spans],
                    "found": bool(spans),
                    "forbidden_found": bad,
                    "forbidden_spans": [list(s) for v in bad for s in phrase_spans(v, en)],
                }
            )
        return marks

    def alternatives(self, sid: str) -> list[dict]:
        """Memory matches with their score, the machine draft, the earlier translation."""
        with self.lock:
            row = self.row(sid)
            seg = row.seg
            alts: list[dict] = []
            if row.machine:
                alts.append(
                    {
                        "origin": "machine",
                        "label": "machine draft",
                        "score": None,
                        "source": seg.zh,
                        "target": row.machine,
                    }
                )
            if (p := self.previous.get(sid)) is not None and p.target:
                alts.append(
                    {
                        "origin": "previous",
                        "label": "earlier translation",
                        "score": p.score or None,
                        "source": p.source,
                        "target": p.target,
                    }
                )
            if self.memory is not None:
                for m in self.memory.matches(seg.zh, limit=5):
                    if m.target == (seg.en or "") and row.state == "approved":
                        continue  # its own approved pair
                    if any(a["target"] == m.target for a in alts):
                        continue
                    alts.append(
                        {
                            "origin": "memory",
                            "label": f"memory: {m.origin}",
                            "score": m.score,
                            "source": m.source,
                            "target": m.target,
                        }
                    )
            return alts

    # -- checks -----------------------------------------------------------------------------

    def findings_for(self, seg: Segment, kind: str = "paragraph") -> list[Finding]:
        """The live checks of one segment: figures and units, terms, completeness, style."""
        from ..document import Block, BlockKind

        block = Block(BlockKind.PARAGRAPH, seg.zh, 0, segments=(seg,))
        one = replace(self.doc, blocks=(block,))
        context = checks.Context(one, self.terms, self.config.variant, self.overrides())
        found: list[Finding] = []
        families = checks.families()
        for name in LIVE:
            if name == "completeness":
                f = completeness.check_segment(seg, self.ratio)
                found += [f] if f is not None else []
            else:
                found += families[name](context)[0]
        return found

    def check(self, sid: str, en: str) -> dict:
        """An edit's findings and term marks (nothing is written)."""
        en = _english(en)
        with self.lock:
            row = self.row(sid)
            seg = replace(row.seg, en=en or None)
            findings = self.findings_for(seg)
            if en != (row.seg.en or ""):
                self.editing[sid] = en
            else:
                self.editing.pop(sid, None)
            self.version += 1
            return {
                "id": sid,
                "findings": [finding_json(f) for f in findings],
                "terms": self.term_marks(seg.zh, en),
            }

    # -- approving ------------------------------------------------------------------------------

    def approve(self, sid: str, en: str, base: str) -> dict:
        """Write the English of one segment into the translation file as approved, through the
        merge `publisher xliff import` uses, unless the unit changed since `base` was read."""
        en = _english(en)
        if not en.strip():
            raise PublisherError("the English is empty: nothing to approve")
        path = self.config.xliff_path
        with self.lock:
            row = self.row(sid)
            segments = {r.seg.id: r.seg for r in self.rows.values()}
            with locked(path):
                current = path.read_bytes() if path.exists() else None
                unit = _unit(current, sid, path)
                now = fingerprint(unit)
                if now != base:
                    row.base = now
                    other = unit.target if unit is not None else ""
                    raise Conflict(
                        f"{sid} was changed in {path.name} since the desk showed it"
                        f"{f' (now: {other[:80]!r})' if other else ''}; "
                        "your text is kept in the editor: compare, then approve again",
                        other,
                        now,
                    )
                data, report = xliff.merge(
                    current,
                    _incoming(sid, row.seg.zh, en, self.config.source.name),
                    segments,
                    self.config.source.name,
                    accept=self.config.accepted,
                    incoming_name="the review desk",
                )
                if report.refused:
                    raise PublisherError(
                        f"{sid} is {unit.state if unit else 'approved'} in {path.name}: "
                        "the desk does not lower it; change it with a CAT tool and "
                        "`publisher xliff import --force`"
                    )
                xliff.save(data, path)
                written = _unit(data, sid, path)
            row.seg = replace(row.seg, en=en, provenance=Provenance.APPROVED)
            self.editing.pop(sid, None)
            row.state = "approved"
            row.base = fingerprint(written)
            row.findings = self.findings_for(row.seg)
            self.doc = self.doc.map_segments(
                lambda s: replace(s, en=en, provenance=Provenance.APPROVED) if s.id == sid else s
            )
            self.version += 1
            return {"segment": self.segment_json(row), "file": path.name}

    def reload_unit(self, sid: str) -> dict:
        """The segment with its unit as the translation file now holds it (after a conflict)."""
        path = self.config.xliff_path
        with self.lock:
            row = self.row(sid)
            with locked(path):
                current = path.read_bytes() if path.exists() else None
            unit = _unit(current, sid, path)
            row.base = fingerprint(unit)
            if unit is not None and unit.target.strip():
                accepted = xliff.Memory(None, {}, self.config.accepted).is_accepted(unit)
                same = normalise(unit.source) == normalise(row.seg.zh)
                provenance = Provenance.APPROVED if accepted and same else row.seg.provenance
                row.seg = replace(row.seg, en=unit.target, provenance=provenance)
                row.state = "approved" if accepted and same else ("draft" if same else "changed")
                row.findings = self.findings_for(row.seg)
            return self.segment_json(row)

    # -- author queries ---------------------------------------------------------------------------

    def _queries(self) -> list[Query]:
        asked = queries.collect(self.doc, self.report, self.terms)
        return queries.with_statuses(asked, answers.load(self._answers_path()))

    def _answers_path(self) -> Path:
        return answers.path_for(self.config.source, self.config.stem)

    def answer(self, qid: str, status: str, text: str) -> dict:
        """Record a query's answer (answered), acceptance as printed, or reopening."""
        try:
            new = QueryStatus(status)
        except ValueError:
            raise PublisherError(f"unknown status {status!r}") from None
        path = self._answers_path()
        with self.lock:
            if qid not in {q.id for q in self.queries}:
                raise KeyError(qid)
            with locked(path):
                previous = answers.load(path)
                statuses = dict(previous)
                statuses[qid] = (new, text[:4000] if new != QueryStatus.OPEN else "")
                self.queries = queries.with_statuses(self.queries, statuses)
                answers.save(path, self.queries, previous)
            return next(query_json(q) for q in self.queries if q.id == qid)

    # -- glossary -----------------------------------------------------------------------------------

    def add_term(self, zh: str, en: str, forbidden: str = "", note: str = "") -> dict:
        """A term added through the glossary's own add (validated and linted), then used."""
        from ..stores import tsv
        from ..terms import search

        if any(c in "\t\r\n\x00" for c in zh + en + forbidden + note):
            raise PublisherError("a term's fields are one line each, without tabs")
        folder = self.config.glossary_dir
        target = folder / GLOSSARY_FILE
        term = Term(
            id="",
            zh_hans=zh.strip()[:200],
            en=en.strip()[:400],
            forbidden=tuple(v.strip() for v in forbidden.split("|") if v.strip()),
            note=note.strip()[:1000],
            source="review desk",
        )
        with self.lock, locked(target):
            added, problems = tsv.add(target, term, folder)
            self.terms, self.notes = glossary_for(replace(self.config, glossary_required=True))
            for row in self.rows.values():
                if added.zh_hans in row.seg.zh:
                    row.findings = self.findings_for(row.seg)
            self.version += 1
        return {
            "term": search.describe(added),
            "file": f"{Path(added.file).name}:{added.line}",
            "problems": [str(p) for p in problems],
        }

    # -- the Traditional review list -------------------------------------------------------------------

    def traditional_rows(self) -> list[dict]:
        rows = []
        for f in self.report.by_check("traditional"):
            d = dict(f.detail)
            if d.get("tier") not in (1, 2):
                continue
            others = [o.strip() for o in str(d.get("other", "")).split("/") if o.strip()]
            others = [o for o in others if len(o) == len(d["word_zh"]) and o != d["word_hant"]]
            rows.append(
                {
                    "key": _row_key(d["word_zh"], d["word_hant"]),
                    "tier": d["tier"],
                    "word_zh": d["word_zh"],
                    "word_hant": d["word_hant"],
                    "others": others,
                    "count": d["count"],
                    "segments": d["segments"],
                    "context": d["context_zh"],
                    "context_at": d["context_at"],
                    "context_len": d["context_len"],
                    "reason": d["reason"],
                }
            )
        return rows

    def decide(self, key: str, choice: str) -> dict:
        """Settle a review-list row: OpenCC's form (accept) or another one, as a decision in
        the document's <stem>.zh-Hant.tsv; the list and the Traditional text follow."""
        with self.lock:
            row = next((r for r in self.traditional_rows() if r["key"] == key), None)
            if row is None:
                raise KeyError(key)
            form = row["word_hant"] if choice == "accept" else choice
            if form != row["word_hant"] and form not in row["others"]:
                raise PublisherError(f"{choice!r} is not a form offered for {row['word_zh']}")
            note = "accepted OpenCC's form" if form == row["word_hant"] else "the other form"
            path = decisions.path_for(self.config.source, self.config.stem)
            with locked(path):
                decisions.append(
                    path, row["word_zh"], form, f"{note} (review desk)", self.config.variant
                )
            glossary = self.overrides()
            self.doc = self.doc.map_segments(
                lambda s: (
                    replace(s, zh_hant=to_traditional(s.zh, glossary, self.config.variant))
                    if s.id in row["segments"]
                    else s
                )
            )
            for sid in row["segments"]:
                if sid in self.rows:
                    self.rows[sid].seg = replace(
                        self.rows[sid].seg,
                        zh_hant=to_traditional(
                            self.rows[sid].seg.zh, glossary, self.config.variant
                        ),
                    )
            found, totals = trad.check(self.doc, glossary, self.config.variant)
            kept = [f for f in self.report.findings if f.check != "traditional"]
            self.report = Report.of([*kept, *found], {**self.report.extra, **totals})
            self.version += 1
            return {
                "file": path.name,
                "decided": [row["word_zh"], form],
                "traditional": self.traditional_rows(),
            }

    def document(self) -> tuple[int, Document]:
        """The document as approved and edited so far, and its version (what the preview
        renders: an edit shows on its page before it is approved)."""
        with self.lock:
            editing = dict(self.editing)
            doc = self.doc
            if editing:
                doc = doc.map_segments(
                    lambda s: replace(s, en=editing[s.id]) if s.id in editing else s
                )
            return self.version, doc


def _row_key(zh: str, hant: str) -> str:
    return hashlib.sha1(f"{zh}\0{hant}".encode()).hexdigest()[:12]


def _shown(seg: Segment, unit: xliff.Unit | None) -> tuple[Segment, str]:
    """The segment with the English the desk edits, and its state: a translator's draft in the
    translation file comes before a memory match or a machine draft (offered beside it)."""
    if unit is not None and normalise(unit.source) != normalise(seg.zh):
        return seg, "changed"
    if seg.provenance == Provenance.APPROVED:
        return seg, "approved"
    if unit is not None and unit.target.strip() and normalise(unit.target) != normalise(seg.zh):
        return replace(seg, en=unit.target), "draft"  # below the accepted states
    if seg.provenance in MACHINE:
        return seg, "machine"
    if seg.provenance == Provenance.MEMORY:
        return seg, "memory"
    return seg, "missing"


def _english(en: str) -> str:
    if not isinstance(en, str):
        raise PublisherError("the English must be text")
    if len(en) > MAX_ENGLISH:
        raise PublisherError(f"the English is over {MAX_ENGLISH} characters: not a segment")
    return en.replace("\r\n", "\n").replace("\x00", "")


def _unit(data: bytes | None, sid: str, path: Path) -> xliff.Unit | None:
    if not data:
        return None
    for u in xliff.units_of(xliff.parse(data, str(path))):
        if u.id == sid:
            return u
    return None


def _incoming(sid: str, zh: str, en: str, source_name: str) -> bytes:
    """One approved unit, as a returned XLIFF file would carry it."""
    store = xliff.new_store(source_name)
    u = xliff.add_unit(store, sid, zh)
    xliff.set_target(u, en, APPROVED_STATE)
    return bytes(store)


def finding_json(f: Finding) -> dict:
    return {
        "check": f.check,
        "severity": f.severity,
        "reason": f.reason,
        "zh_spans": [list(s) for s in f.zh_spans],
        "en_spans": [list(s) for s in f.en_spans],
    }


def query_json(q: Query) -> dict:
    return {
        "id": q.id,
        "kind": str(q.kind),
        "segment": q.segment_id,
        "line": q.line,
        "question": q.question,
        "blocking": q.blocking,
        "status": str(q.status),
        "answer": q.answer,
    }
