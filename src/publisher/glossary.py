"""The curated term base: load and validate glossary/*.tsv, match terms (longest wins)."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import GlossaryError
from .files import write_atomic

COLUMNS = (
    "id",
    "zh-Hans",
    "zh-Hant",
    "en",
    "forbidden",
    "pos",
    "domain",
    "status",
    "note",
    "source",
)
REQUIRED = ("id", "zh-Hans", "en")
STATUSES = ("approved", "proposed", "deprecated")
# The allowed values of pos and domain (the loader accepts any; `publisher glossary lint` checks).
POS = ("noun", "proper noun", "verb", "adjective", "adverb", "phrase", "other")
DOMAINS = {  # domain -> the prefix of its terms' ids
    "automotive": "automotive",
    "aviation": "aviation",
    "economy": "economy",
    "energy": "energy",
    "environment": "environment",
    "government": "gov",
    "ict": "ict",
    "maglev": "maglev",
    "manufacturing": "manufacturing",
    "materials": "materials",
    "organisation": "org",
    "park": "park",
    "place": "place",
    "plan": "plan",
    "policy": "policy",
    "rail": "rail",
    "statistics": "stat",
    "unit": "unit",
}


@dataclass(frozen=True)
class Term:
    id: str
    zh_hans: str
    en: str
    zh_hant: str = ""
    forbidden: tuple[str, ...] = ()
    pos: str = ""
    domain: str = ""
    status: str = "approved"
    note: str = ""
    source: str = ""
    file: str = ""
    line: int = 0

    @property
    def active(self) -> bool:
        return self.status != "deprecated"

    def row(self) -> dict[str, str]:
        """The term as a TSV row keyed by COLUMNS."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        row = {col: values[col.replace("-", "_").lower()] for col in COLUMNS}
        row["forbidden"] = "|".join(self.forbidden)
        return row


def phrase_spans(
    phrase: str, text: str, *, plurals: bool = True, case: bool = False
) -> list[tuple[int, int]]:
    """Where a phrase occurs in text as whole words, case aside, and in its plural forms."""
    forms = [phrase] + (_plural_forms(phrase) if plurals else [])
    start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() else ""
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    pattern = re.compile(f"{start}(?:{alternatives}){end}", 0 if case else re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def _plural_forms(phrase: str) -> list[str]:
    """-s, -es, and -ies for a consonant + y (pilot city: pilot cities)."""
    forms = [phrase + "s", phrase + "es"]
    if re.search(r"[^aeiou]y$", phrase, re.IGNORECASE):
        forms.append(phrase[:-1] + "ies")
    return forms


def renders(term: Term, english: str) -> bool:
    """Whether English text uses the term's English (case aside; plurals allowed)."""
    return bool(phrase_spans(term.en, english))


def forbidden_in(term: Term, english: str, others: Iterable[str] = ()) -> list[str]:
    """The term's forbidden variants in English text, outside the English of `others`.

    Other terms of the segment, rightly rendered, may hold a variant: 电瓷 "electrical
    porcelain" beside 陶瓷, which forbids "porcelain". Their renderings are masked first.
    """
    for phrase in sorted(others, key=len, reverse=True):
        for a, b in reversed(phrase_spans(phrase, english)):
            english = english[:a] + "\0" * (b - a) + english[b:]
    return [v for v in term.forbidden if phrase_spans(v, english)]


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: Term


class Glossary:
    """Terms from one folder, with a version that changes whenever a file does."""

    def __init__(self, terms: list[Term], version: str):
        self.terms = tuple(terms)
        self.version = version
        self._by_zh = {t.zh_hans: t for t in self.terms if t.active}
        self._longest = max((len(z) for z in self._by_zh), default=0)

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping term occurrences, scanning left to right, longest match first."""
        matches, i = [], 0
        while i < len(text):
            for length in range(min(self._longest, len(text) - i), 0, -1):
                term = self._by_zh.get(text[i : i + length])
                if term is not None:
                    matches.append(Match(i, i + length, term))
                    i += length
                    break
            else:
                i += 1
        return matches


def load(folder: Path) -> Glossary:
    """Every *.tsv in folder; a malformed file is a GlossaryError naming file and line."""
    files = sorted(folder.glob("*.tsv")) if folder.is_dir() else []
    if not files:
        raise GlossaryError(
            f"no glossary found: {folder} holds no .tsv files (see glossary/ in the project)"
        )
    terms: list[Term] = []
    digest = hashlib.sha256()
    for path in files:
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data)
        terms.extend(read_tsv(path, data))
    _check_unique_ids(terms)
    return Glossary(terms, digest.hexdigest()[:12])


def read_tsv(path: Path, data: bytes | None = None) -> list[Term]:
    """The terms of one file; the first malformed row is a GlossaryError."""
    terms, errors = scan_tsv(path, data)
    if errors:
        raise errors[0]
    return terms


def scan_tsv(path: Path, data: bytes | None = None) -> tuple[list[Term], list[GlossaryError]]:
    """Every well-formed row as a Term and an error for each malformed one; a bad header raises."""
    data = path.read_bytes() if data is None else data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8") from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        raise GlossaryError(f"{path}:1: empty file; the first row must name the columns")
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise GlossaryError(f"{path}:1: header lacks column(s) {', '.join(missing)}")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise GlossaryError(
            f"{path}:1: unknown column(s) {', '.join(unknown)}; known: {', '.join(COLUMNS)}"
        )
    terms, errors = [], []
    for n, row in enumerate(rows[1:], start=2):
        if any(row):
            try:
                terms.append(_term(path, n, header, row))
            except GlossaryError as exc:
                errors.append(exc)
    return terms, errors


def _term(path: Path, line: int, header: list[str], row: list[str]) -> Term:
    where = f"{path}:{line}"
    if len(row) != len(header):
        raise GlossaryError(
            f"{where}: {len(row)} fields, the header has {len(header)} (a missing or extra TAB?)"
        )
    cell = dict(zip(header, (c.strip() for c in row), strict=True))
    for col in REQUIRED:
        if not cell.get(col):
            raise GlossaryError(f"{where}: empty {col}")
    status = cell.get("status") or "approved"
    if status not in STATUSES:
        raise GlossaryError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    return Term(
        id=cell["id"],
        zh_hans=cell["zh-Hans"],
        en=cell["en"],
        zh_hant=cell.get("zh-Hant", ""),
        forbidden=tuple(v.strip() for v in cell.get("forbidden", "").split("|") if v.strip()),
        pos=cell.get("pos", ""),
        domain=cell.get("domain", ""),
        status=status,
        note=cell.get("note", ""),
        source=cell.get("source", ""),
        file=str(path),
        line=line,
    )


def _check_unique_ids(terms: list[Term]) -> None:
    first: dict[str, Term] = {}
    for term in terms:
        if term.id in first:
            other = first[term.id]
            raise GlossaryError(
                f"{term.file}:{term.line}: id {term.id!r} already used at {other.file}:{other.line}"
            )
        first[term.id] = term


def format_row(term: Term, header: tuple[str, ...] | list[str] = COLUMNS) -> str:
    """The term as one TSV line (no line break) in the order of header."""
    row = term.row()
    implied = {"status": "approved"}  # what a file without the column means
    lost = [c for c in COLUMNS if row[c] and c not in header and implied.get(c) != row[c]]
    if lost:
        raise GlossaryError(
            f"{term.id}: the file has no column(s) {', '.join(lost)} for its values"
        )
    if any(ch in row[c] for c in COLUMNS for ch in "\t\r\n"):
        raise GlossaryError(f"{term.id}: a value holds a TAB or line break, which TSV cannot hold")
    if any("|" in v for v in term.forbidden):
        raise GlossaryError(f"{term.id}: a forbidden variant holds |, which separates variants")
    return "\t".join(row.get(c, "") for c in header)


def write_tsv(path: Path, terms: list[Term]) -> None:
    """Write terms as a whole new TSV file with the standard header, atomically."""
    lines = ["\t".join(COLUMNS)] + [format_row(t) for t in terms]
    write_atomic(path, "\n".join(lines) + "\n")


def append_tsv(path: Path, terms: list[Term]) -> None:
    """Append terms to a TSV file, keeping every existing byte (a new file gets the header)."""
    data = path.read_bytes() if path.exists() else b""
    if not data.strip():
        write_tsv(path, terms)
        return
    first = data.split(b"\n", 1)[0]
    try:
        header = [h.strip() for h in first.decode("utf-8-sig").rstrip("\r").split("\t")]
    except UnicodeDecodeError:
        raise GlossaryError(f"{path}: not UTF-8; save it as UTF-8") from None
    eol = "\r\n" if first.endswith(b"\r") else "\n"
    if data and not data.endswith(b"\n"):
        data += eol.encode()
    rows = "".join(format_row(t, header) + eol for t in terms)
    write_atomic(path, data + rows.encode("utf-8"))
