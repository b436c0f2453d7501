"""`publisher build | qa | xliff`: the commands over one report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import (
    ACCEPTED_STATES,
    ARRANGEMENTS,
    DEFAULT_EDITIONS,
    DEFAULT_VARIANT,
    EDITIONS,
    MARKS,
    MARKS_REFUSED,
    PAPER,
    PDF_VARIANTS,
    VARIANTS,
    BuildConfig,
    EngineConfig,
    LayoutConfig,
    bleed,
    not_negative,
)
from ..errors import UsageError
from ..memo import cache_dir
from ..text import printable
from . import COMMANDS


def add_commands(sub) -> None:
    build = sub.add_parser("build", help=COMMANDS["build"][1])
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
    build.add_argument(
        "--force",
        action="store_true",
        help="build even when nothing changed since the last build (which keeps its outputs)",
    )
    _typesetting(build)
    _machine(build)
    build.set_defaults(run=run_build)

    qa = sub.add_parser("qa", help=COMMANDS["qa"][1])
    qa.add_argument("source", type=Path)
    _inputs(qa)
    _output(qa)
    qa.add_argument("--strict", action="store_true", help="exit 9 when there are errors")
    _machine(qa)
    qa.set_defaults(run=run_qa)


def _inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from-traditional",
        action="store_true",
        help="the source is in Traditional Chinese: convert it to Simplified first (OpenCC t2s)",
    )
    p.add_argument(
        "--glossary",
        type=Path,
        help="folder of glossary .tsv files (default: glossary/, if there is one)",
    )
    p.add_argument(
        "--xliff", type=Path, help="approved translations (default: beside SOURCE, <name>.en.xlf)"
    )
    p.add_argument(
        "--no-memory",
        dest="memory",
        action="store_false",
        help="no translation memory: neither the folder's other reports nor its tm/*.tmx fill "
        "segments or offer matches",
    )
    _accept(p)


def _accept(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--accept",
        type=_states,
        default=ACCEPTED_STATES,
        help=f"XLIFF states taken as approved English (default: {','.join(ACCEPTED_STATES)})",
    )


def _states(value: str) -> tuple[str, ...]:
    from ..stores.xliff import STATES

    return _listed(value, STATES, "state")


def _listed(value: str, choices, what: str) -> tuple[str, ...]:
    """A comma-separated option value, every item one of choices."""
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [v for v in items if v not in choices]
    if unknown or not items:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(unknown) or value!r}; choose from {', '.join(choices)}"
        )
    return items


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out/)")
    p.add_argument(
        "--variant",
        choices=VARIANTS,
        default=DEFAULT_VARIANT,
        help="Traditional standard: tw = Taiwan, MOE standard forms (house style "
        "data/traditional/tw-moe.tsv, default), tw-opencc = plain OpenCC s2tw, twp = tw and "
        "Taiwan vocabulary, hk = Hong Kong (hk.tsv), t = OpenCC standard; decisions in "
        "<stem>.zh-Hant.tsv beside SOURCE override",
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
    g.add_argument(
        "--bleed",
        type=bleed,
        metavar="LENGTH",
        help="bleed for the printer, e.g. 3mm (at most 20mm)",
    )
    g.add_argument("--marks", choices=MARKS, help="printer's marks")
    g.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        help="PDF/A for archiving; PDF/X-4 for press (CMYK, black text on the black plate, "
        "an output intent); PDF/UA-1 for screen readers (each language tagged, headings, "
        "the rows read Chinese then English, running heads as artifacts)",
    )
    g.add_argument(
        "--output-profile",
        type=Path,
        metavar="ICC",
        help="the printer's CMYK ICC profile for --pdf-variant pdf/x-4 (default: Ghostscript's "
        "SWOP profile)",
    )
    g.add_argument(
        "--preview",
        action="store_true",
        help="also write PNG thumbnails and a contact sheet to OUT/preview/",
    )
    g.add_argument(
        "--pad",
        type=not_negative,
        default=0,
        metavar="N",
        help="blank pages before the colophon so the page count is a multiple of N (4: binding)",
    )
    g.add_argument(
        "--jobs",
        type=not_negative,
        default=0,
        metavar="N",
        help="processes that typeset the editions (default 0: one per free core)",
    )


def _editions(value: str) -> tuple[str, ...]:
    return _listed(value, EDITIONS, "edition")


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
    g.add_argument(
        "--no-cache",
        action="store_true",
        help="compute afresh: no translation cache, no check results kept from earlier runs",
    )
    engine = spec(DEFAULT_ENGINE)
    engine.add_arguments(g, engine.defaults())


def _default_cache() -> Path:
    return cache_dir() / "translations.sqlite"


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
        checks_cache=None if getattr(args, "no_cache", False) else cache_dir() / "checks.json",
        engine=engine,
        editions=args.editions if typeset else DEFAULT_EDITIONS,
        layout=_layout(args) if typeset else LayoutConfig(),
        preview=typeset and args.preview,
        strict=getattr(args, "strict", False),
        jobs=getattr(args, "jobs", 0),
        from_traditional=getattr(args, "from_traditional", False),
        accepted=getattr(args, "accept", ACCEPTED_STATES),
        memory=getattr(args, "memory", True),
    )


def _layout(args) -> LayoutConfig:
    if args.marks:
        raise UsageError(MARKS_REFUSED)
    if args.output_profile and args.pdf_variant != "pdf/x-4":
        raise UsageError("--output-profile is for --pdf-variant pdf/x-4 (a press profile)")
    return LayoutConfig(
        paper=args.paper,
        arrangement=args.layout,
        english_left=args.english_left,
        bleed=args.bleed,
        marks=args.marks,
        pdf_variant=args.pdf_variant,
        output_profile=args.output_profile,
        pad=args.pad,
        draft=getattr(args, "draft", False),
    )


def run_build(args) -> int:
    import time

    from ..pipeline import build, record, up_to_date
    from ..progress import Progress

    start = time.perf_counter()
    config = config_from(args)
    if not args.force and (kept := up_to_date(config)):
        print("\n".join(kept.summary))
        print(
            f"up to date: nothing changed since that build; kept its {len(kept.outputs)} "
            f"outputs ({time.perf_counter() - start:.2f} s; --force builds again)"
        )
        return 0
    result = build(config, Progress(sys.stderr.isatty()))
    summary = [printable(line) for line in _summary(args.source, result)]
    print("\n".join(summary))
    stages = ", ".join(f"{stage} {sec:.2f}" for stage, sec in result.timings.items())
    print(f"done in {result.seconds:.1f} s ({stages})")
    record(config, result, summary)
    return 0


def _summary(source: Path, result) -> list[str]:
    """What a build prints: counts, machine translation, repairs, QA, the files written."""
    doc = result.doc
    counts = doc.provenance()
    lines = [f"warning: {note}" for note in result.notes]
    lines.append(f"{doc.name}: {len(doc.blocks)} blocks, {sum(counts.values())} segments")
    lines.append("English: " + ", ".join(f"{n} {p}" for p, n in sorted(counts.items())))
    if mt := doc.machine:
        lines.append(
            f"machine translation: {mt.translated} translated, {mt.cached} from cache; "
            f"{mt.protected_terms} glossary terms protected, {mt.protection_failures} segment(s) "
            "lost a placeholder and need review"
        )
    if result.stale_units:
        lines.append(
            f"{result.stale_units} approved unit(s) no longer match their source and were not used"
        )
    lines += changes(doc)
    lines += _warnings(source, doc.warnings)
    if result.qa:
        lines += _replaced(result.qa)
        lines.append(result.qa.summary())
        total = result.qa.extra.get("segments", 0)
        lines.append(f"  checked anew: {result.qa.checked} of {total} segments (others kept)")
    lines += [f"wrote {path}" for path in (*result.qa_files, *result.outputs)]
    return lines


def run_qa(args) -> int:
    from ..pipeline import check, enforce_strict, glossary_for, prepare

    config = config_from(args)
    terms, notes = glossary_for(config)
    prepared = prepare(config, terms=terms)
    for note in (*notes, *prepared.notes):
        print(f"warning: {note}")
    doc = prepared.doc
    report, files = check(doc, terms, config)
    for line in _replaced(report):
        print(line)
    print(report.summary())
    for line in changes(doc):
        print(line)
    for path in files:
        print(f"wrote {path}")
    enforce_strict(config, report, files)
    return 0


def _replaced(report) -> list[str]:
    replaced = report.extra.get("replaces")
    if not replaced:
        return []
    return [
        "warning: the QA report replaces one made from other inputs "
        f"({', '.join(replaced)} changed since)"
    ]


def _warnings(source: Path, warnings) -> list[str]:
    """Each repair with its line; the many punctuation fixes folded into one line."""
    from ..document import WarningKind

    punct = [w for w in warnings if w.kind is WarningKind.PUNCTUATION]
    lines = [f"warning: {source}:{w}" for w in warnings if w.kind is not WarningKind.PUNCTUATION]
    if punct:
        at = ", ".join(str(w.line) for w in punct)
        lines.append(
            f"warning: {source}: half-width punctuation made full-width on {len(punct)} lines: {at}"
        )
    return lines


def changes(doc) -> list[str]:
    """Orphaned units and changed sentences, for the build and QA summaries."""
    lines = []
    if doc.orphans:
        lines.append(
            f"{len(doc.orphans)} translated unit(s) match no segment of the source any more "
            "(orphans, not used):"
        )
        lines += [f"  {o.id}: {o.source[:30]} = {o.target[:40]}" for o in doc.orphans[:10]]
    if doc.previous:
        lines.append(
            f"{len(doc.previous)} changed sentence(s) have an earlier translation to review "
            "(`publisher xliff export` offers it as <alt-trans>)"
        )
    return lines
