"""The commands: parse arguments, call the pipeline, print a summary."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import PublisherError


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except PublisherError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publisher", description="Typeset a Chinese report as bilingual Chinese-English PDFs."
    )
    parser.add_argument("--version", action="version", version=f"publisher {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="build the PDF editions of a report")
    build.add_argument("source", type=Path, help="the Chinese report (Markdown-like text)")
    _common(build)
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
    build.set_defaults(run=_build)

    qa = sub.add_parser("qa", help="check figures, terms and completeness; write the QA report")
    qa.add_argument("source", type=Path)
    _common(qa)
    _output(qa)
    qa.add_argument("--strict", action="store_true", help="exit 9 when there are errors")
    _machine(qa)
    qa.set_defaults(run=_qa)

    xliff = sub.add_parser("xliff", help="write the report's segments as XLIFF 1.2 for translators")
    xliff.add_argument("source", type=Path)
    _common(xliff)
    xliff.add_argument(
        "--out", type=Path, help="where to write (default: the --xliff file, updated)"
    )
    xliff.set_defaults(run=_xliff)

    from .terminology.commands import add_commands

    add_commands(sub)

    model = sub.add_parser(
        "model", help="list or install machine-translation models (Argos packages)"
    )
    msub = model.add_subparsers(dest="model_command", required=True)
    msub.add_parser("list", help="the installed packages").set_defaults(run=_model_list)
    install = msub.add_parser("install", help="install a package from a file or the Argos index")
    install.add_argument("path", nargs="?", type=Path, help="a .argosmodel file")
    install.add_argument(
        "--from-index",
        nargs=2,
        metavar=("FROM", "TO"),
        help="download from the Argos package index (needs network)",
    )
    install.set_defaults(run=_model_install)
    return parser


def _output(p: argparse.ArgumentParser) -> None:
    from .variants import CONFIGS

    p.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out/)")
    p.add_argument(
        "--variant",
        choices=tuple(CONFIGS),
        default="tw",
        help="Traditional standard: tw = Taiwan characters (default), twp = also Taiwan "
        "vocabulary, hk = Hong Kong, t = OpenCC standard",
    )


def _typesetting(p: argparse.ArgumentParser) -> None:
    from .render import DEFAULT_EDITIONS, EDITIONS, PAPER, PDF_VARIANTS

    g = p.add_argument_group("typesetting")
    g.add_argument(
        "--editions",
        type=_editions,
        default=",".join(DEFAULT_EDITIONS),
        help=f"comma-separated, from {', '.join(EDITIONS)} (default: %(default)s)",
    )
    g.add_argument(
        "--layout",
        choices=("columns", "stacked"),
        default="columns",
        help="Chinese and English side by side (default) or the English under its Chinese",
    )
    g.add_argument("--english-left", action="store_true", help="English in the left column")
    g.add_argument("--paper", choices=tuple(PAPER), default="A4")
    g.add_argument("--bleed", metavar="LENGTH", help="bleed for the printer, e.g. 3mm")
    g.add_argument("--marks", choices=("crop", "cross", "crop cross"), help="printer's marks")
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
    from .render import EDITIONS

    keys = tuple(k.strip() for k in value.split(",") if k.strip())
    unknown = [k for k in keys if k not in EDITIONS]
    if unknown or not keys:
        raise argparse.ArgumentTypeError(
            f"unknown edition {', '.join(unknown) or value!r}; choose from {', '.join(EDITIONS)}"
        )
    return keys


def _machine(p: argparse.ArgumentParser) -> None:
    from .translation.engines import ArgosOptions

    d = ArgosOptions()
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
    g.add_argument("--beam-size", type=int, default=d.beam_size, help="default: %(default)s")
    g.add_argument("--batch-size", type=int, default=d.batch_size, help="default: %(default)s")
    g.add_argument("--threads", type=int, default=d.threads, help="0 = all cores (default)")
    g.add_argument(
        "--max-length",
        type=int,
        default=d.max_decoding_length,
        help="most tokens per translated sentence (default: %(default)s)",
    )


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "publisher" / "translations.sqlite"


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--glossary",
        type=Path,
        default=Path("glossary"),
        help="folder of glossary .tsv files (default: glossary/)",
    )
    p.add_argument(
        "--xliff", type=Path, help="approved translations (default: beside SOURCE, <name>.en.xlf)"
    )


def _config(args):
    from .pipeline import BuildConfig
    from .render import DEFAULT_EDITIONS, Layout
    from .translation.engines import ArgosOptions

    machine = getattr(args, "machine", False)
    typeset = getattr(args, "editions", None) is not None
    return BuildConfig(
        source=args.source,
        out_dir=getattr(args, "out", None) or Path("out"),
        glossary_dir=args.glossary,
        xliff=args.xliff,
        variant=getattr(args, "variant", "tw"),
        draft=getattr(args, "draft", False),
        machine=machine,
        cache=None if not machine or args.no_cache else args.cache,
        argos=_argos_options(args) if machine else ArgosOptions(),
        editions=args.editions if typeset else DEFAULT_EDITIONS,
        layout=_layout(args) if typeset else Layout(),
        preview=typeset and args.preview,
        strict=getattr(args, "strict", False),
    )


def _argos_options(args):
    from .translation.engines import ArgosOptions

    return ArgosOptions(
        beam_size=args.beam_size,
        batch_size=args.batch_size,
        threads=args.threads,
        max_decoding_length=args.max_length,
    )


def _layout(args):
    from .render import Layout

    if args.marks and not args.bleed:
        raise PublisherError("--marks needs --bleed (the marks are drawn in the bleed area)")
    return Layout(
        paper=args.paper,
        arrangement=args.layout,
        english_left=args.english_left,
        bleed=args.bleed,
        marks=args.marks,
        pdf_variant=args.pdf_variant,
    )


def _build(args) -> int:
    from .pipeline import build
    from .progress import Progress

    result = build(_config(args), Progress(sys.stderr.isatty()))
    doc = result.doc
    counts = doc.provenance()
    print(f"{doc.name}: {len(doc.blocks)} blocks, {sum(counts.values())} segments")
    print("English: " + ", ".join(f"{n} {p}" for p, n in sorted(counts.items())))
    if mt := doc.meta.get("mt"):
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
    stages = ", ".join(f"{name} {sec:.2f}" for name, sec in result.timings.items())
    print(f"done in {result.seconds:.1f} s ({stages})")
    return 0


def _qa(args) -> int:
    from . import glossary
    from .pipeline import check, enforce_strict, prepare

    config = _config(args)
    terms = glossary.load(config.glossary_dir)
    doc, _ = prepare(config, terms=terms)
    report, files = check(doc, terms, config)
    print(report.summary())
    for path in files:
        print(f"wrote {path}")
    enforce_strict(config, report, files)
    return 0


def _print_warnings(source: Path, warnings) -> None:
    """Each repair with its line; the many punctuation fixes folded into one line."""
    punct = [w for w in warnings if w.kind == "punctuation"]
    for w in warnings:
        if w.kind != "punctuation":
            print(f"warning: {source}:{w}")
    if punct:
        lines = ", ".join(str(w.line) for w in punct)
        print(
            f"warning: {source}: half-width punctuation made full-width on {len(punct)} lines: {lines}"
        )


def _xliff(args) -> int:
    from .pipeline import prepare
    from .translation import memory

    config = _config(args)
    doc, _ = prepare(config)
    target = args.out or config.xliff_path
    memory.write(doc, target, memory.load(config.xliff_path), source_name=config.source.name)
    todo = sum(1 for s in doc.segments() if not s.en)
    print(f"wrote {target}: {sum(1 for _ in doc.segments())} units, {todo} to translate")
    return 0


def _model_list(args) -> int:
    from .translation import models

    rows = models.listing()
    if not rows:
        print(f"no translation packages installed in {models.packages_dir()}")
    for row in rows:
        print(row)
    return 0


def _model_install(args) -> int:
    from .errors import ModelError
    from .translation import models

    if bool(args.path) == bool(args.from_index):
        raise ModelError("give either a .argosmodel file or --from-index FROM TO")
    installed = (
        models.install_file(args.path) if args.path else models.install_from_index(*args.from_index)
    )
    print(f"installed {installed} into {models.packages_dir()}")
    return 0
