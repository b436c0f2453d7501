"""`publisher glossary …`: the translator's commands, each a run(args) -> exit code."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import GlossaryError
from ..terms.glossary import DOMAINS, POS, STATUSES
from . import COMMANDS

TSV = "terms.tsv"


def add_commands(subparsers) -> argparse.ArgumentParser:
    """Register `glossary` and its subcommands on the top-level subparsers of the CLI."""
    parser = subparsers.add_parser("glossary", help=COMMANDS["glossary"][1])
    sub = parser.add_subparsers(dest="glossary_command", required=True, metavar="COMMAND")

    lint = _command(sub, "lint", run_lint, "check the glossary; exits 1 on errors")
    lint.add_argument(
        "--check",
        type=Path,
        metavar="SOURCE",
        help="also report deprecated terms the report or its approved translation still uses",
    )
    lint.add_argument("--xliff", type=Path, help="approved translations for --check")
    lint.add_argument(
        "-v", "--verbose", action="store_true", help="list every term that contains others"
    )

    find = _command(sub, "find", run_find, "search Chinese (either script), English, variants")
    find.add_argument("text", help="what to look for (case-insensitive, any part of a value)")
    find.add_argument("--json", action="store_true", help="machine-readable output")

    add = _command(sub, "add", run_add, "append a term to a glossary file")
    add.add_argument("--zh", required=True, help="the Simplified Chinese term")
    add.add_argument("--en", required=True, help="its approved English")
    add.add_argument("--id", default="", help="default: domain prefix + slug of the English")
    add.add_argument("--zh-hant", default="", help="Traditional override (only if OpenCC errs)")
    add.add_argument(
        "--forbidden",
        action="append",
        default=[],
        metavar="VARIANT",
        help="an English rendering not to use (repeat, or separate with |)",
    )
    add.add_argument("--pos", default="", help=f"one of: {', '.join(POS)}")
    add.add_argument("--domain", default="", help=f"one of: {', '.join(DOMAINS)}")
    add.add_argument(
        "--status", default="approved", help=f"one of: {', '.join(STATUSES)} (default: approved)"
    )
    add.add_argument("--note", default="", help="for translators: scope, full name, caveats")
    add.add_argument("--source", default="", help="where the English comes from")
    add.add_argument(
        "--into", type=Path, metavar="FILE", help=f"the file to append to (default: DIR/{TSV})"
    )

    cov = _command(
        sub, "coverage", run_coverage, "which terms a report uses and how it renders them"
    )
    _source(cov)
    cov.add_argument(
        "--mt", action="store_true", help="machine-translate segments without approved English"
    )
    cov.add_argument(
        "--min", type=float, metavar="PERCENT", help="exit 1 when compliance is below PERCENT"
    )
    cov.add_argument("--json", action="store_true", help="machine-readable output")

    ext = _command(sub, "extract", run_extract, "candidate terms a report uses that are missing")
    ext.add_argument("source", type=Path, help="the Chinese report")
    ext.add_argument("--top", type=int, default=40, help="how many candidates (default: 40)")
    ext.add_argument("--json", action="store_true", help="machine-readable output")

    exp = _command(sub, "export", run_export, "write the glossary as TBX, CSV, TMX or CAT text")
    exp.add_argument(
        "--format",
        choices=("tbx", "csv", "tmx", "cat"),
        help="TBX-Basic and CSV carry every column (forbidden variants as deprecated terms); "
        "TMX carries zh-Hans/en pairs of the terms that are not deprecated; cat is "
        "source<TAB>target<TAB>comment for OmegaT and other CAT tools "
        "(default: from --out, .txt = cat, else tbx)",
    )
    exp.add_argument(
        "--no-forbidden",
        dest="forbidden",
        action="store_false",
        help="leave the forbidden variants out (for tools that ignore TBX's deprecated status)",
    )
    exp.add_argument(
        "--out", type=Path, metavar="FILE", help="the file to write (default: standard output)"
    )

    imp = _command(
        sub,
        "import",
        run_import,
        "merge terms from a TBX, CSV or TMX file: new terms are added, identical ones skipped; "
        "any conflict (same id or Chinese, other content) changes nothing",
    )
    imp.add_argument("file", type=Path, help="a .tbx, .csv, .tmx or .txt (CAT glossary) file")
    imp.add_argument(
        "--format",
        choices=("tbx", "csv", "tmx", "cat"),
        help="default: from the file name; TMX and CAT text bring zh-Hans/en pairs only (as proposed terms)",
    )
    imp.add_argument(
        "--into", type=Path, metavar="FILE", help=f"the file to add to (default: DIR/{TSV})"
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="report what would happen, change nothing"
    )
    return parser


def _command(sub, name: str, run, text: str) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=text, description=text)
    parser.add_argument(
        "--glossary",
        type=Path,
        default=Path("glossary"),
        metavar="DIR",
        help="folder of glossary .tsv files (default: glossary/)",
    )
    parser.set_defaults(run=run)
    return parser


def _source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, help="the Chinese report")
    parser.add_argument(
        "--xliff", type=Path, help="approved translations (default: beside SOURCE, <name>.en.xlf)"
    )


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _console():
    from rich.console import Console

    return Console(markup=False, highlight=False, width=None if sys.stdout.isatty() else 120)


# lint


def run_lint(args) -> int:
    from ..stores import tsv
    from ..terms import lint

    if not tsv.glossary_files(args.glossary):
        raise GlossaryError(f"no glossary found: {args.glossary} holds no .tsv files")
    terms, errors = tsv.scan_folder(args.glossary)
    problems = lint.from_errors(errors) + lint.lint(terms)
    if args.check:
        doc = _prepare(args.check, args.glossary, args.xliff, machine=False)
        problems += lint.check_usage(terms, doc, args.check)
    problems = lint.sort(problems)
    contains = [p for p in problems if p.kind == lint.CONTAINS]
    for problem in problems:
        if args.verbose or problem.kind != lint.CONTAINS:
            print(problem)
    n = lint.counts([p for p in problems if p.kind != lint.CONTAINS])
    files = len({t.file for t in terms})
    print(
        f"{args.glossary}: {len(terms)} terms in {files} file(s); "
        f"{n[lint.ERROR]} error(s), {n[lint.WARNING]} warning(s)"
    )
    if contains and not args.verbose:
        print(
            f"info: {len(contains)} terms contain other terms (the longest match wins); "
            "--verbose lists them"
        )
    return 1 if n[lint.ERROR] else 0


# find and add


def run_find(args) -> int:
    from ..stores import tsv
    from ..terms import search

    if not tsv.glossary_files(args.glossary):
        raise GlossaryError(f"no glossary found: {args.glossary} holds no .tsv files")
    terms, problems = tsv.scan_folder(args.glossary)
    found = search.find(terms, args.text)
    if args.json:
        _print_json([_term_json(t) for t in found])
    else:
        for term in found:
            print("\n".join(search.describe(term)))
        print(f"{len(found)} term(s) match {args.text!r}")
    if problems:
        print(f"({len(problems)} malformed row(s) skipped: run `publisher glossary lint`)")
    return 0 if found else 1


def _term_json(term) -> dict:
    row = term.row()
    return {**row, "forbidden": list(term.forbidden), "file": term.file, "line": term.line}


def run_add(args) -> int:
    from ..files import locked
    from ..stores import tsv
    from ..terms import search
    from ..terms.glossary import Term

    target = args.into or args.glossary / TSV
    forbidden = tuple(v.strip() for raw in args.forbidden for v in raw.split("|") if v.strip())
    term = Term(
        id=args.id.strip(),
        zh_hans=args.zh.strip(),
        en=args.en.strip(),
        zh_hant=args.zh_hant.strip(),
        forbidden=forbidden,
        pos=args.pos.strip(),
        domain=args.domain.strip(),
        status=args.status.strip(),
        note=args.note.strip(),
        source=args.source.strip(),
    )
    with locked(target):  # the review desk adds terms too
        added, problems = tsv.add(target, term, args.glossary)
    print(f"added to {added.file}:{added.line}:")
    print("\n".join(search.describe(added)))
    for problem in problems:
        print(problem)
    return 0


# coverage and extract


def _prepare(source: Path, glossary_dir: Path, xliff: Path | None, machine: bool, terms=None):
    """The document with its English, as a build has it (terms: the glossary, if loaded)."""
    from ..config import BuildConfig
    from ..pipeline import prepare

    config = BuildConfig(source=source, glossary_dir=glossary_dir, xliff=xliff, machine=machine)
    return prepare(config, terms=terms).doc


def run_coverage(args) -> int:
    from ..stores import tsv
    from ..terms.coverage import coverage

    terms = tsv.load(args.glossary)
    doc = _prepare(args.source, args.glossary, args.xliff, machine=args.mt, terms=terms)
    cov = coverage(doc, terms)
    if args.json:
        _print_json(_coverage_json(cov, args.source))
    else:
        _print_coverage(cov, args.source)
    if args.min is not None and (cov.percent is None or cov.percent < args.min):
        shown = "no English to judge" if cov.percent is None else f"{cov.percent:.1f} %"
        print(f"compliance {shown} is below --min {args.min:g} %", file=sys.stderr)
        return 1
    return 0


def _print_coverage(cov, source: Path) -> None:
    from rich.table import Table

    table = Table(title=f"Glossary terms in {source}", title_justify="left")
    for name in ("term", "English"):
        table.add_column(name, justify="left")
    for name in ("uses", "with English", "compliant"):
        table.add_column(name, justify="right")
    for use in cov.uses():
        table.add_row(
            use.term.zh_hans,
            use.term.en,
            str(use.count),
            str(use.translated),
            str(use.compliant),
            style="bold" if use.compliant < use.translated else None,
        )
    console = _console()
    console.print(table)
    problems = cov.problems()
    if problems:
        print(f"\nNot rendered as the glossary says ({len(problems)}):")
    for occ in problems:
        print(f"  {source}:{occ.line} ({occ.segment}): {occ.term.zh_hans}: {occ.reason()}")
        print(f"      {_shorten(occ.en or '', 160)}")
    print(_coverage_summary(cov))


def _coverage_summary(cov) -> str:
    uses = cov.uses()
    head = (
        f"{len(uses)} of {cov.glossary_size} glossary terms occur {len(cov.occurrences)} times "
        f"in {cov.segments} segments; {cov.translated} occurrences have English"
    )
    if cov.percent is None:
        return head + ": no English to judge"
    return head + f", {cov.compliant} as the glossary says: {cov.percent:.1f} % compliance"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _coverage_json(cov, source: Path) -> dict:
    return {
        "source": str(source),
        "glossary_terms": cov.glossary_size,
        "segments": cov.segments,
        "terms_used": len(cov.uses()),
        "occurrences": len(cov.occurrences),
        "with_english": cov.translated,
        "compliant": cov.compliant,
        "compliance": None if cov.percent is None else round(cov.percent, 2),
        "terms": [
            {
                "id": u.term.id,
                "zh": u.term.zh_hans,
                "en": u.term.en,
                "uses": u.count,
                "with_english": u.translated,
                "compliant": u.compliant,
            }
            for u in cov.uses()
        ],
        "problems": [
            {
                "id": o.term.id,
                "zh": o.term.zh_hans,
                "en": o.term.en,
                "segment": o.segment,
                "line": o.line,
                "reason": o.reason(),
                "forbidden": list(o.forbidden),
                "english": o.en,
            }
            for o in cov.problems()
        ],
    }


def run_extract(args) -> int:
    from ..read import read
    from ..segment import segment
    from ..stores import tsv
    from ..terms.extract import extract

    terms = tsv.load(args.glossary)
    doc = segment(read(args.source))
    found = extract(doc, terms, args.top)
    if args.json:
        _print_json(
            [
                {
                    "text": c.text,
                    "count": c.count,
                    "kind": c.kind,
                    "score": c.score,
                    "line": c.line,
                    "example": c.example,
                }
                for c in found
            ]
        )
        return 0
    from rich.table import Table

    table = Table(title=f"Candidate terms in {args.source}", title_justify="left")
    for name in ("#", "candidate", "count", "kind", "score", "line", "example"):
        right = name in ("#", "count", "score", "line")
        table.add_column(name, justify="right" if right else "left", overflow="fold")
    for n, c in enumerate(found, start=1):
        table.add_row(str(n), c.text, str(c.count), c.kind, f"{c.score:g}", str(c.line), c.example)
    _console().print(table)
    print(
        f"{len(found)} candidates (score = occurrences × characters, ×2 for a name or quote "
        "pattern); add one with `publisher glossary add --zh … --en …`"
    )
    return 0


# export and import


def run_export(args) -> int:
    from ..files import write_atomic
    from ..stores import tsv
    from ..stores.exchange import export, format_of

    fmt = args.format or (format_of(args.out) if args.out else "tbx")
    terms = list(tsv.load(args.glossary).terms)
    if fmt == "tmx":
        terms = [t for t in terms if t.active]
    data = export(terms, fmt, args.forbidden)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    write_atomic(args.out, data)
    print(f"wrote {args.out}: {len(terms)} terms as {fmt.upper()}")
    return 0


def run_import(args) -> int:
    from ..stores import exchange, tsv
    from ..terms import lint, search

    if not args.file.is_file():
        raise GlossaryError(f"{args.file}: no such file")
    fmt = args.format or exchange.format_of(args.file)
    incoming = exchange.parse(args.file.read_bytes(), fmt, str(args.file))
    target = args.into or args.glossary / TSV
    existing = tsv.existing_terms(args.glossary, target)
    plan = exchange.merge(incoming, existing, target, pairs_only=fmt in ("tmx", "cat"))
    problems = search.validate_new(list(plan.added), existing)
    errors = [*plan.conflicts, *(str(p) for p in problems if p.severity == lint.ERROR)]
    warnings = [p for p in problems if p.severity == lint.WARNING]
    for line in errors:
        print(line)
    if errors:
        verb = "would change" if args.dry_run else "changed"
        raise GlossaryError(
            f"{len(errors)} conflict(s) or invalid term(s) in {args.file}; nothing {verb}: "
            f"{target} is as it was"
        )
    verb = "would add" if args.dry_run else "added"
    for term in plan.added:
        print(f"{verb}: {term.id}  {term.zh_hans} → {term.en}")
    if not args.dry_run and plan.added:
        tsv.append_tsv(target, list(plan.added))
    print(
        f"{args.file}: {len(incoming)} terms; {verb} {len(plan.added)} to {target}, "
        f"skipped {len(plan.skipped)} already there"
        + (f"; {len(warnings)} warning(s): run `publisher glossary lint`" if warnings else "")
    )
    return 0
