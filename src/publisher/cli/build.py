"""`publisher build | qa | xliff`: the commands over one report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..config import (
    ARRANGEMENTS,
    DEFAULT_EDITIONS,
    DEFAULT_VARIANT,
    EDITIONS,
    MARKS,
    PAPER,
    PDF_VARIANTS,
    VARIANTS,
    BuildConfig,
    EngineConfig,
    LayoutConfig,
)
from ..errors import PublisherError


def add_commands(sub) -> None:
    build = sub.add_parser("build", help="build the PDF editions of a report")
    build.add_argument("source", type=Path, help="the Chinese report (Markdown-like text)")
    _inputs(build)
    _output(build)
    build.add_argument(
        "--draft",
        action="store_true",
        help="render segments without English, visibly marked, instead of failing",
    )
    build.add_argument(
        "--strict",
        action="store_true",
        help="QA errors fail the build (exit 9) after the QA report, before any PDF",
    )
    _typesetting(build)
    _machine(build)
    build.set_defaults(run=run_build)

    qa = sub.add_parser("qa", help="check figures, terms and completeness; write the QA report")
    qa.add_argument("source", type=Path)
    _inputs(qa)
    _output(qa)
    qa.add_argument("--strict", action="store_true", help="exit 9 when there are errors")
    _machine(qa)
    qa.set_defaults(run=run_qa)

    xliff = sub.add_parser("xliff", help="write the report's segments as XLIFF 1.2 for translators")
    xliff.add_argument("source", type=Path)
    _inputs(xliff)
    xliff.add_argument(
        "--out", type=Path, help="where to write (default: the --xliff file, updated)"
    )
    xliff.set_defaults(run=run_xliff)


def _inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--glossary",
        type=Path,
        help="folder of glossary .tsv files (default: glossary/, if there is one)",
    )
    p.add_argument(
        "--xliff", type=Path, help="approved translations (default: beside SOURCE, <name>.en.xlf)"
    )


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out/)")
    p.add_argument(
        "--variant",
        choices=VARIANTS,
        default=DEFAULT_VARIANT,
        help="Traditional standard: tw = Taiwan characters (default), twp = also Taiwan "
        "vocabulary, hk = Hong Kong, t = OpenCC standard",
    )


def _typesetting(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("typesetting")
    g.add_argument(
        "--editions",
        type=_editions,
        default=",".join(DEFAULT_EDITIONS),
        help=f"comma-separated, from {', '.join(EDITIONS)} (default: %(default)s)",
    )
    g.add_argument(
        "--layout",
        choices=ARRANGEMENTS,
        default="columns",
        help="Chinese and English side by side (default) or the English under its Chinese",
    )
    g.add_argument("--english-left", action="store_true", help="English in the left column")
    g.add_argument("--paper", choices=tuple(PAPER), default="A4")
    g.add_argument("--bleed", metavar="LENGTH", help="bleed for the printer, e.g. 3mm")
    g.add_argument("--marks", choices=MARKS, help="printer's marks")
    g.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        help="PDF/A for archiving, PDF/UA for accessibility, PDF/X for press",
    )
    g.add_argument(
        "--preview",
        action="store_true",
        help="also write PNG thumbnails and a contact sheet to OUT/preview/",
    )


def _editions(value: str) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in value.split(",") if k.strip())
    unknown = [k for k in keys if k not in EDITIONS]
    if unknown or not keys:
        raise argparse.ArgumentTypeError(
            f"unknown edition {', '.join(unknown) or value!r}; choose from {', '.join(EDITIONS)}"
        )
    return keys


def _machine(p: argparse.ArgumentParser) -> None:
    from ..engines import DEFAULT_ENGINE, spec

    g = p.add_argument_group("machine translation")
    g.add_argument(
        "--no-mt",
        dest="machine",
        action="store_false",
        help="use approved translations only; never machine-translate",
    )
    g.add_argument(
        "--cache",
        type=Path,
        default=_default_cache(),
        help="translation cache (SQLite; default: %(default)s)",
    )
    g.add_argument("--no-cache", action="store_true", help="ignore the translation cache")
    engine = spec(DEFAULT_ENGINE)
    engine.add_arguments(g, engine.defaults())


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "publisher" / "translations.sqlite"


def config_from(args: argparse.Namespace) -> BuildConfig:
    """The one BuildConfig of a command, from its arguments."""
    from ..engines import DEFAULT_ENGINE, spec

    machine = getattr(args, "machine", False)
    typeset = getattr(args, "editions", None) is not None
    engine = EngineConfig(
        DEFAULT_ENGINE, spec(DEFAULT_ENGINE).options_from(args) if machine else None
    )
    return BuildConfig(
        source=args.source,
        out_dir=getattr(args, "out", None) or Path("out"),
        glossary_dir=args.glossary or Path("glossary"),
        glossary_required=args.glossary is not None,
        xliff=args.xliff,
        variant=getattr(args, "variant", DEFAULT_VARIANT),
        draft=getattr(args, "draft", False),
        machine=machine,
        cache=None if not machine or args.no_cache else args.cache,
        engine=engine,
        editions=args.editions if typeset else DEFAULT_EDITIONS,
        layout=_layout(args) if typeset else LayoutConfig(),
        preview=typeset and args.preview,
        strict=getattr(args, "strict", False),
    )


def _layout(args) -> LayoutConfig:
    if args.marks and not args.bleed:
        raise PublisherError("--marks needs --bleed (the marks are drawn in the bleed area)")
    return LayoutConfig(
        paper=args.paper,
        arrangement=args.layout,
        english_left=args.english_left,
        bleed=args.bleed,
        marks=args.marks,
        pdf_variant=args.pdf_variant,
        draft=getattr(args, "draft", False),
    )


def run_build(args) -> int:
    from ..pipeline import build
    from ..progress import Progress

    result = build(config_from(args), Progress(sys.stderr.isatty()))
    doc = result.doc
    counts = doc.provenance()
    for note in result.notes:
        print(f"warning: {note}")
    print(f"{doc.name}: {len(doc.blocks)} blocks, {sum(counts.values())} segments")
    print("English: " + ", ".join(f"{n} {p}" for p, n in sorted(counts.items())))
    if mt := doc.machine:
        print(
            f"machine translation: {mt.translated} translated, {mt.cached} from cache; "
            f"{mt.protected_terms} glossary terms protected, {mt.protection_failures} segment(s) "
            "lost a placeholder and need review"
        )
    if result.stale_units:
        print(
            f"{result.stale_units} approved unit(s) no longer match their source and were not used"
        )
    _print_warnings(args.source, doc.warnings)
    if result.qa:
        print(result.qa.summary())
    for path in (*result.qa_files, *result.outputs):
        print(f"wrote {path}")
    stages = ", ".join(f"{stage} {sec:.2f}" for stage, sec in result.timings.items())
    print(f"done in {result.seconds:.1f} s ({stages})")
    return 0


def run_qa(args) -> int:
    from ..pipeline import check, enforce_strict, glossary_for, prepare

    config = config_from(args)
    terms, notes = glossary_for(config)
    for note in notes:
        print(f"warning: {note}")
    doc = prepare(config, terms=terms).doc
    report, files = check(doc, terms, config)
    print(report.summary())
    for path in files:
        print(f"wrote {path}")
    enforce_strict(config, report, files)
    return 0


def _print_warnings(source: Path, warnings) -> None:
    """Each repair with its line; the many punctuation fixes folded into one line."""
    from ..document import WarningKind

    punct = [w for w in warnings if w.kind is WarningKind.PUNCTUATION]
    for w in warnings:
        if w.kind is not WarningKind.PUNCTUATION:
            print(f"warning: {source}:{w}")
    if punct:
        lines = ", ".join(str(w.line) for w in punct)
        print(
            f"warning: {source}: half-width punctuation made full-width on {len(punct)} lines: {lines}"
        )


def run_xliff(args) -> int:
    from ..pipeline import prepare
    from ..stores import xliff

    config = config_from(args)
    doc = prepare(config).doc
    target = args.out or config.xliff_path
    xliff.write(doc, target, xliff.load(config.xliff_path), source_name=config.source.name)
    todo = sum(1 for s in doc.segments() if not s.en)
    print(f"wrote {target}: {sum(1 for _ in doc.segments())} units, {todo} to translate")
    return 0
