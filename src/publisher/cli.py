"""The commands: parse arguments, call the pipeline, print a summary."""

from __future__ import annotations

import argparse
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
    build.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out/)")
    build.add_argument("--variant", choices=("tw", "twp", "hk", "t"), default="tw",
                       help="Traditional standard: tw = Taiwan characters (default), twp = also Taiwan "
                       "vocabulary, hk = Hong Kong, t = OpenCC standard")
    build.add_argument("--draft", action="store_true",
                       help="render segments without English, visibly marked, instead of failing")
    build.set_defaults(run=_build)

    xliff = sub.add_parser("xliff", help="write the report's segments as XLIFF 1.2 for translators")
    xliff.add_argument("source", type=Path)
    _common(xliff)
    xliff.add_argument("--out", type=Path, help="where to write (default: the --xliff file, updated)")
    xliff.set_defaults(run=_xliff)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--glossary", type=Path, default=Path("glossary"),
                   help="folder of glossary .tsv files (default: glossary/)")
    p.add_argument("--xliff", type=Path,
                   help="approved translations (default: beside SOURCE, <name>.en.xlf)")


def _config(args):
    from .pipeline import BuildConfig

    return BuildConfig(
        source=args.source,
        out_dir=getattr(args, "out", None) or Path("out"),
        glossary_dir=args.glossary,
        xliff=args.xliff,
        variant=getattr(args, "variant", "tw"),
        draft=getattr(args, "draft", False),
    )


def _build(args) -> int:
    from .pipeline import build, provenance_counts

    result = build(_config(args))
    doc = result.doc
    counts = provenance_counts(doc)
    print(f"{doc.name}: {len(doc.blocks)} blocks, {sum(counts.values())} segments")
    print("English: " + ", ".join(f"{n} {p}" for p, n in sorted(counts.items())))
    if result.stale_units:
        print(f"{result.stale_units} approved unit(s) no longer match their source and were not used")
    for warning in doc.warnings:
        print(f"warning: {args.source}:{warning}")
    for path in result.outputs:
        print(f"wrote {path}")
    print(f"done in {result.seconds:.1f} s")
    return 0


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
