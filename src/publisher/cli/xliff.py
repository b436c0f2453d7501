"""`publisher xliff export | import`, `publisher tm export`: the translators' round trip."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from ..errors import PublisherError, TranslationStoreError
from ..files import locked, write_atomic
from . import COMMANDS

SUBCOMMANDS = ("export", "import")


def add_commands(sub) -> None:
    from .build import _accept, _default_cache, _inputs

    x = sub.add_parser("xliff", help=COMMANDS["xliff"][1])
    xs = x.add_subparsers(dest="xliff_command", required=True)

    ex = xs.add_parser("export", help="the segments as XLIFF 1.2 for a CAT tool (never in place)")
    ex.add_argument("source", type=Path)
    _inputs(ex)
    ex.add_argument("-o", "--output", type=Path, help="where to write (default: out/<name>.en.xlf)")
    ex.add_argument(
        "--in-place", action="store_true", help="update the translation file itself (asked for)"
    )
    ex.add_argument("--todo", action="store_true", help="only the units that need work")
    ex.add_argument(
        "--copy-source",
        action="store_true",
        help="targets pre-filled with the source (OmegaT and tools that need it); "
        "the English moves to <alt-trans>",
    )
    ex.add_argument(
        "--machine", action="store_true", help="machine-translate what has no English, as drafts"
    )
    ex.add_argument("--beside", action="store_true", help=argparse.SUPPRESS)
    _engine_options(ex, _default_cache())
    ex.set_defaults(run=run_export)

    im = xs.add_parser("import", help="merge a returned XLIFF into the translation file, in place")
    im.add_argument("file", type=Path, help="the XLIFF a translator or CAT tool returned")
    im.add_argument(
        "--source", type=Path, help="the report (default: from the file's `original`, beside it)"
    )
    _inputs(im)
    im.add_argument(
        "--force", action="store_true", help="let a lower state replace an approved target"
    )
    im.set_defaults(run=run_import)

    tm = sub.add_parser("tm", help=COMMANDS["tm"][1])
    ts = tm.add_subparsers(dest="tm_command", required=True)
    te = ts.add_parser("export", help="every approved pair of the project as TMX 1.4")
    te.add_argument("folder", type=Path, nargs="?", default=Path("."), help="the reports' folder")
    te.add_argument("-o", "--output", type=Path, required=True)
    _accept(te)
    te.set_defaults(run=run_tm_export)


def _engine_options(p: argparse.ArgumentParser, cache: Path) -> None:
    """The cache and the engine's own options, for --machine."""
    from ..engines import DEFAULT_ENGINE, spec

    g = p.add_argument_group("machine translation (with --machine)")
    g.add_argument("--cache", type=Path, default=cache, help="translation cache (SQLite)")
    g.add_argument("--no-cache", action="store_true", help="ignore the translation cache")
    engine = spec(DEFAULT_ENGINE)
    engine.add_arguments(g, engine.defaults())


def legacy(argv: list[str]) -> list[str]:
    """`publisher xliff SOURCE` is `xliff export SOURCE --beside` (never over a translator's file)."""
    if len(argv) > 1 and argv[0] == "xliff" and argv[1] not in (*SUBCOMMANDS, "-h", "--help"):
        return ["xliff", "export", *argv[1:], "--beside"]
    return argv


def run_export(args) -> int:
    from ..pipeline import glossary_for, prepare, xliff_rows
    from ..stores import xliff
    from .build import config_from

    args.machine = getattr(args, "machine", False)
    config = config_from(args)
    own = config.xliff_path
    target = _export_target(args, config, own)
    terms, notes = glossary_for(config)
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    prepared = prepare(config, terms=terms)
    with locked(own):  # a merge or the desk writing meanwhile would be overwritten
        previous = own.read_bytes() if own.exists() else None
        data = xliff.export(
            xliff_rows(prepared, terms),
            previous,
            config.source.name,
            accepted=config.accepted,
            todo=args.todo,
            copy_source=args.copy_source,
            machine=args.machine,
        )
        xliff.save(data, target)
    c = xliff.counts(data)
    states = ", ".join(f"{n} {s}" for s, n in sorted(c.states.items()))
    print(f"wrote {target}: {c.units} units, {c.targets} targets, {c.notes} notes ({states})")
    return 0


def _export_target(args, config, own: Path) -> Path:
    if args.beside:
        if own.exists():
            raise TranslationStoreError(
                f"{own} exists and holds the translators' work: it is never overwritten.\n"
                f"Export a copy with `publisher xliff export {config.source} -o FILE`, and "
                f"merge a returned file with `publisher xliff import FILE`."
            )
        return own
    target = args.output or config.out_dir / f"{config.stem}.en.xlf"
    if target.resolve() == own.resolve() and not args.in_place:
        raise PublisherError(
            f"{target} is the translation file; add --in-place to update it, "
            "or `publisher xliff import FILE` to merge a returned file"
        )
    return target


def run_import(args) -> int:
    from ..pipeline import prepare
    from ..stores import xliff
    from .build import config_from

    if not args.file.exists():
        raise TranslationStoreError(f"{args.file}: no such file")
    incoming = args.file.read_bytes()  # the merge's parse refuses DTD entities (stores.safexml)
    args.source = args.source or _source_of(args.file, incoming)
    args.machine = False
    config = replace(config_from(args), memory=False)
    doc = prepare(config).doc
    own = config.xliff_path
    segments = {s.id: s for s in doc.segments()}
    with locked(own):  # read, merge and replace as one step against other writers
        current = own.read_bytes() if own.exists() else None
        data, report = xliff.merge(
            current,
            incoming,
            segments,
            config.source.name,
            accept=config.accepted,
            force=args.force,
            incoming_name=str(args.file),
        )
        xliff.save(data, own)
    print(
        f"{args.file}: {report.matched} units matched ({report.by_id} by id, "
        f"{report.by_source} by source text); {len(report.applied)} accepted, "
        f"{len(report.drafts)} drafts kept for review, {report.unchanged} unchanged, "
        f"{report.untranslated} untranslated"
    )
    if report.few_ids:
        print(
            f"warning: only {report.by_id} of {report.matched} units kept their id; "
            "the rest were matched by source text (a PO round trip or a tool that renumbers)"
        )
    if report.refused:
        print(
            f"warning: {len(report.refused)} unit(s) would replace an approved target with a "
            f"lower state and were not applied (--force applies them): {', '.join(report.refused[:10])}"
        )
    aside = report.orphans + report.changed
    if aside:
        side = own.with_name(f"{own.name.removesuffix('.xlf')}.aside.xlf")
        xliff.save(xliff.aside(aside, config.source.name), side)
        print(
            f"warning: {len(report.orphans)} unit(s) match no segment (orphans) and "
            f"{len(report.changed)} have a changed source; not applied, kept aside in {side}"
        )
        for u in aside[:10]:
            print(f"  {u.id}: {u.source[:30]}")
    print(f"updated {own}")
    return 0


def _source_of(path: Path, data: bytes) -> Path:
    """The report a returned file belongs to: its `original`, beside it or beside the file."""
    root = _safe_root(path, data)
    node = next((n for n in root.iter() if str(n.tag).endswith("}file")), None)
    original = node.get("original") if node is not None else None
    for folder in (Path("."), path.parent):
        if original and (folder / original).exists():
            return folder / original
    raise PublisherError(f"{path}: cannot tell which report it belongs to; name it with --source")


def _safe_root(path: Path, data: bytes):
    """The file's XML root, parsed by defusedxml: entity expansion and external DTDs refused."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data)
    except (ParseError, DefusedXmlException) as exc:
        raise TranslationStoreError(f"{path}: not a readable XLIFF file ({exc})") from None


def run_tm_export(args) -> int:
    from ..stores import tm

    pairs = tm.project_pairs(args.folder, args.accept)
    data = tm.tmx_bytes(pairs)
    write_atomic(args.output, data)
    print(f"wrote {args.output}: {len({(p.zh, p.en) for p in pairs})} translation units")
    return 0
