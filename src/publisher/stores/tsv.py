"""Glossary files as TSV: read and validate glossary/*.tsv, write and append rows atomically."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import replace
from pathlib import Path

from ..errors import GlossaryError
from ..files import write_atomic
from ..terms import lint, search
from ..terms.glossary import COLUMNS, REQUIRED, STATUSES, Glossary, Term


def load(folder: Path) -> Glossary:
    """Every *.tsv in folder; a malformed file is a GlossaryError naming file and line."""
    files = glossary_files(folder)
    if not files:
        raise GlossaryError(f"no glossary found: {folder} holds no .tsv files")
    terms: list[Term] = []
    digest = hashlib.sha256()
    for path in files:
        data = _read(path)
        digest.update(path.name.encode() + b"\0" + data)
        terms.extend(read_tsv(path, data))
    _check_unique_ids(terms)
    return Glossary(terms, digest.hexdigest()[:12])


def glossary_files(folder: Path) -> list[Path]:
    """The glossary's files: every *.tsv file directly in folder (the one place that decides)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.tsv") if p.is_file())


def folders_named(folder: Path) -> list[Path]:
    """Folders among the glossary's *.tsv names (skipped: said, never read)."""
    return sorted(p for p in folder.glob("*.tsv") if p.is_dir()) if folder.is_dir() else []


def scan_folder(folder: Path) -> tuple[list[Term], list[GlossaryError]]:
    """Every readable term of every glossary file, and an error for each bad row or file."""
    terms: list[Term] = []
    errors: list[GlossaryError] = []
    for path in glossary_files(folder):
        try:
            found, bad = scan_tsv(path)
        except GlossaryError as exc:
            found, bad = [], [exc]
        terms += found
        errors += bad
    return terms, errors


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read it ({exc.strerror})", str(path)) from None


def read_tsv(path: Path, data: bytes | None = None) -> list[Term]:
    """The terms of one file; the first malformed row is a GlossaryError."""
    terms, errors = scan_tsv(path, data)
    if errors:
        raise errors[0]
    return terms


def scan_tsv(path: Path, data: bytes | None = None) -> tuple[list[Term], list[GlossaryError]]:
    """Every well-formed row as a Term and an error for each malformed one; a bad header raises."""
    data = _read(path) if data is None else data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"not UTF-8 (byte {exc.start}); save it as UTF-8", str(path)) from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        raise GlossaryError("empty file; the first row must name the columns", str(path), 1)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise GlossaryError(f"header lacks column(s) {', '.join(missing)}", str(path), 1)
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise GlossaryError(
            f"unknown column(s) {', '.join(unknown)}; known: {', '.join(COLUMNS)}", str(path), 1
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
    where = (str(path), line)
    if len(row) != len(header):
        raise GlossaryError(
            f"{len(row)} fields, the header has {len(header)} (a missing or extra TAB?)", *where
        )
    cell = dict(zip(header, (unquote(c).strip() for c in row), strict=True))
    for col in REQUIRED:
        if not cell.get(col):
            raise GlossaryError(f"empty {col}", *where)
    status = cell.get("status") or "approved"
    if status not in STATUSES:
        raise GlossaryError(f"status {status!r} is not one of {', '.join(STATUSES)}", *where)
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


def unquote(cell: str) -> str:
    """A cell as a spreadsheet saved it: LibreOffice quotes a cell that holds quotes when it
    writes TSV (the cell in quotes, each quote doubled); anything else is taken as it is."""
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        inner = cell[1:-1]
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return cell


def _check_unique_ids(terms: list[Term]) -> None:
    first: dict[str, Term] = {}
    for term in terms:
        if term.id in first:
            other = first[term.id]
            raise GlossaryError(
                f"id {term.id!r} already used at {other.file}:{other.line}", term.file, term.line
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
    """Append terms to a TSV file, keeping every existing byte (a new file gets the header).
    Callers hold files.locked(path) across their check and this append."""
    data = path.read_bytes() if path.exists() else b""
    if not data.strip():
        write_tsv(path, terms)
        return
    first = data.split(b"\n", 1)[0]
    try:
        header = [h.strip() for h in first.decode("utf-8-sig").rstrip("\r").split("\t")]
    except UnicodeDecodeError:
        raise GlossaryError("not UTF-8; save it as UTF-8", str(path)) from None
    eol = "\r\n" if first.endswith(b"\r") else "\n"
    if data and not data.endswith(b"\n"):
        data += eol.encode()
    rows = "".join(format_row(t, header) + eol for t in terms)
    write_atomic(path, data + rows.encode("utf-8"))


def existing_terms(folder: Path, target: Path) -> list[Term]:
    """The terms a new one must not clash with: the glossary folder's and the target file's."""
    terms, _ = scan_folder(folder)  # an unreadable file holds no terms to clash with
    if target.exists() and target.resolve() not in {f.resolve() for f in glossary_files(folder)}:
        try:
            terms += scan_tsv(target)[0]
        except GlossaryError:
            pass  # lint reports it
    return terms


def next_line(path: Path) -> int:
    """The line number the next appended row will have."""
    data = path.read_bytes() if path.exists() else b""
    if not data.strip():
        return 2
    return data.count(b"\n") + (1 if data.endswith(b"\n") else 2)


def add(target: Path, term: Term, folder: Path) -> tuple[Term, list[lint.Problem]]:
    """Append term to target after validating it; errors raise, warnings and infos return."""
    if target.is_dir():
        raise GlossaryError(f"{target} is a folder: give the .tsv file to add to")
    existing = existing_terms(folder, target)
    if not term.id:
        term = replace(term, id=search.make_id(term.domain, term.en, {t.id for t in existing}))
    term = replace(term, file=str(target), line=next_line(target))
    problems = search.validate_new([term], existing)
    errors = [p for p in problems if p.severity == lint.ERROR]
    if errors:
        raise GlossaryError("\n".join(str(p) for p in errors) + f"\nnothing added to {target}")
    append_tsv(target, [term])
    return term, problems
