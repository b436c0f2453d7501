"""The build: read -> segment -> translate -> convert -> check -> write, in that order.

Composes the stages; only the command line (and, later, the desk) import it.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import engines
from .config import EDITIONS, BuildConfig
from .convert import convert
from .document import Document, GlossaryInfo, Provenance, SourceInfo, Stage, TermUse
from .errors import MissingTranslationError, ModelError, QualityError
from .progress import SILENT, Progress
from .read import read
from .segment import segment
from .stores import tsv, xliff
from .terms.glossary import Glossary
from .terms.usage import to_traditional, used_terms
from .translate import translate
from .translate.approved import Approved
from .translate.machine import Machine

if TYPE_CHECKING:
    from .check.findings import Report


@dataclass(frozen=True)
class Prepared:
    """The document with English and Traditional filled in, and what the build must report."""

    doc: Document
    stale_units: int = 0  # approved units whose source no longer matches their segment
    notes: tuple[str, ...] = ()  # warnings for the summary (no glossary, …)


@dataclass(frozen=True)
class BuildResult:
    doc: Document
    outputs: tuple[Path, ...] = ()
    seconds: float = 0.0
    stale_units: int = 0
    timings: dict[Stage, float] = field(default_factory=dict)
    qa: Report | None = None
    qa_files: tuple[Path, ...] = ()
    notes: tuple[str, ...] = ()


class Stopwatch:
    """Seconds spent per stage, for the summary and the benchmarks."""

    def __init__(self) -> None:
        self.seconds: dict[Stage, float] = {}

    @contextmanager
    def __call__(self, stage: Stage):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


def glossary_for(config: BuildConfig) -> tuple[Glossary, tuple[str, ...]]:
    """The build's glossary; a default folder that is absent means none, with a warning."""
    if tsv.glossary_files(config.glossary_dir) or config.glossary_required:
        return tsv.load(config.glossary_dir), ()
    note = f"no glossary: {config.glossary_dir} holds no .tsv files; terms are not checked"
    return Glossary([], "none"), (note,)


def prepare(
    config: BuildConfig, progress: Progress = SILENT, terms: Glossary | None = None
) -> Prepared:
    """read, segment, translate, convert: the document with English and Traditional filled in."""
    clock = Stopwatch()
    with clock(Stage.READ):
        doc = read(config.source, name=config.stem)
        notes: tuple[str, ...] = ()
        if terms is None:
            terms, notes = glossary_for(config)
    with clock(Stage.SEGMENT):
        doc = segment(doc)
    doc = replace(
        doc,
        source=SourceInfo(config.source.name, date.today().isoformat()),
        glossary=GlossaryInfo(len(terms), terms.version),
    )
    with clock(Stage.TRANSLATE):
        memory = xliff.load(config.xliff_path)
        doc = translate(doc, _providers(config, memory, terms), progress)
    with clock(Stage.CONVERT):
        doc = convert(doc, terms, config.variant)
        doc = replace(doc, terms_used=_terms_used(doc, terms, config.variant))
    doc = replace(doc, timings=clock.seconds)
    return Prepared(doc, len(memory.stale(doc)), notes)


def _providers(config: BuildConfig, memory: xliff.Memory, terms: Glossary) -> list:
    """Approved English first; the cache and the engine only when machine translation is on."""
    providers: list = [Approved(memory)]
    if config.machine:
        providers.append(Machine(terms, lambda: _engine(config), config.cache))
    return providers


def _engine(config: BuildConfig) -> engines.Engine | None:
    spec = engines.spec(config.engine.name)
    options = config.engine.options if config.engine.options is not None else spec.defaults()
    return spec.create(options)


def _terms_used(doc: Document, terms: Glossary, variant: str) -> tuple[TermUse, ...]:
    """The glossary terms the report uses, in both scripts, sorted by English (the appendix)."""
    return tuple(
        TermUse(t.zh_hans, to_traditional(t.zh_hans, terms, variant), t.en)
        for t in used_terms(terms, (s.zh for s in doc.segments()))
    )


def build(config: BuildConfig, progress: Progress = SILENT) -> BuildResult:
    """Prepare and check the document, refuse to publish gaps or (strict) errors, then typeset."""
    from .writers import pdf, preview

    start = time.perf_counter()
    terms, notes = glossary_for(config)
    prepared = prepare(config, progress, terms)
    doc = prepared.doc
    clock = Stopwatch()
    with clock(Stage.CHECK):
        report, qa_files = check(doc, terms, config)
    refuse_gaps(doc, config)
    enforce_strict(config, report, qa_files)
    outputs = []
    layout = replace(config.layout, draft=config.layout.draft or config.draft)  # empty frames
    with progress.task("Typesetting", len(config.editions)) as advance, clock(Stage.RENDER):
        for key in config.editions:
            target = config.out_dir / f"{config.stem}.{key}.pdf"
            outputs.append(pdf.pdf(doc, EDITIONS[key], target, layout))
            if config.preview:
                preview.write(target, config.out_dir / "preview")
            advance(1)
    timings = {**doc.timings, **clock.seconds}
    seconds = time.perf_counter() - start
    return BuildResult(
        doc, tuple(outputs), seconds, prepared.stale_units, timings, report, qa_files, notes
    )


def check(doc: Document, terms: Glossary, config: BuildConfig) -> tuple[Report, tuple[Path, ...]]:
    """The QA checks, written to <out>/<name>.qa.html and .qa.json."""
    from . import check as checks
    from .writers import qa_report

    report = checks.run(doc, terms, config.variant)
    return report, qa_report.write(report, doc, config.out_dir, config.stem)


def refuse_gaps(doc: Document, config: BuildConfig) -> None:
    """Segments with no English stop the build unless it is a draft."""
    missing = [s for s in doc.segments() if s.provenance == Provenance.MISSING]
    if not missing or config.draft:
        return
    if config.machine:
        raise ModelError(engines.spec(config.engine.name).missing_message(len(missing)))
    raise MissingTranslationError(_missing_message(doc, missing, config))


def enforce_strict(config: BuildConfig, report: Report, files: tuple[Path, ...]) -> None:
    """Under --strict, QA errors stop here: after the report is written, before any PDF."""
    if config.strict and report.errors:
        raise QualityError(f"{len(report.errors)} QA error(s); see {files[0]}\n{report.summary()}")


def _missing_message(doc: Document, missing: list, config: BuildConfig) -> str:
    lines = doc.line_of()
    shown = [
        f"  {s.id} (line {lines[s.id]}): {s.zh[:30]}{'…' if len(s.zh) > 30 else ''}"
        for s in missing[:10]
    ]
    more = [f"  … and {len(missing) - 10} more"] if len(missing) > 10 else []
    total = sum(1 for _ in doc.segments())
    return "\n".join(
        [f"{len(missing)} of {total} segments have no approved English translation:"]
        + shown
        + more
        + [
            f"Add them to {config.xliff_path} (`publisher xliff {config.source}` writes one to fill in),",
            "or build with --draft to render them marked as untranslated.",
        ]
    )
