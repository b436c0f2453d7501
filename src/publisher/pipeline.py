"""build(): read -> segment -> translate -> convert -> check -> render, in that order."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import glossary as glossary_mod
from . import preview, reader, render, segmenter, variants
from .document import MISSING, Document
from .errors import MissingTranslationError, ModelError, QualityError
from .glossary import Glossary
from .progress import SILENT, Progress
from .terminology.coverage import used_terms
from .translation import engines, memory, models
from .translation.cache import Cache
from .translation.engines import ArgosEngine, ArgosOptions
from .translation.translate import missing_texts, translate

if TYPE_CHECKING:
    from .qa.findings import Report


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs, fixed once from the command line."""

    source: Path
    out_dir: Path = Path("out")
    glossary_dir: Path = Path("glossary")
    xliff: Path | None = None
    variant: str = "tw"
    draft: bool = False
    editions: tuple[str, ...] = render.DEFAULT_EDITIONS
    layout: render.Layout = render.Layout()
    preview: bool = False
    strict: bool = False  # QA errors fail the build before any PDF is written
    machine: bool = True  # machine-translate what has no approved translation
    cache: Path | None = None  # None: no translation cache
    argos: ArgosOptions = ArgosOptions()

    @property
    def stem(self) -> str:
        return self.source.name.split(".")[0]

    @property
    def xliff_path(self) -> Path:
        return self.xliff or self.source.with_name(f"{self.stem}.en.xlf")


@dataclass(frozen=True)
class BuildResult:
    doc: Document
    outputs: tuple[Path, ...] = ()
    seconds: float = 0.0
    stale_units: int = 0
    timings: dict = field(default_factory=dict)
    qa: Report | None = None
    qa_files: tuple[Path, ...] = ()


def prepare(
    config: BuildConfig, progress: Progress = SILENT, terms: Glossary | None = None
) -> tuple[Document, int]:
    """read, segment, translate, convert: the document with English and Traditional filled in."""
    clock = Stopwatch()
    with clock("read"):
        terms = terms or glossary_mod.load(config.glossary_dir)
        doc = reader.read(config.source)
    with clock("segment"):
        doc = segmenter.segment(doc)
    doc = replace(
        doc,
        name=config.stem,
        meta={
            "source_name": config.source.name,
            "built": date.today().isoformat(),
            "glossary_terms": len(terms),
            "glossary_version": terms.version,
        },
    )
    with clock("translate"):
        approved = memory.load(config.xliff_path)
        doc = _translate(doc, approved, terms, config, progress)
    with clock("convert"):
        doc = variants.convert(doc, terms, config.variant)
        doc = replace(doc, meta={**doc.meta, "terms": _used_terms(doc, terms, config.variant)})
    doc = replace(doc, meta={**doc.meta, "timings": clock.seconds})
    return doc, len(approved.stale(doc))


def _used_terms(doc: Document, terms, variant: str) -> list[dict]:
    """The glossary terms the report uses, in both scripts, sorted by English (the appendix)."""
    return [
        {
            "zh_hans": t.zh_hans,
            "zh_hant": variants.to_traditional(t.zh_hans, terms, variant),
            "en": t.en,
        }
        for t in used_terms(doc, terms)
    ]


def _translate(doc, approved, terms, config: BuildConfig, progress: Progress) -> Document:
    """Approved English first; the cache and the engine only where some segment lacks it."""
    doc = memory.apply(doc, approved)
    todo = len(missing_texts(doc))
    if not todo or not config.machine:
        return doc
    cache = Cache(config.cache) if config.cache else None
    try:
        with progress.task("Translating", todo) as advance:
            return translate(doc, terms, _engine(config), cache, advance)
    finally:
        if cache is not None:
            cache.close()


class Stopwatch:
    """Seconds spent per stage, for the summary and the benchmarks."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


def _engine(config: BuildConfig):
    """A factory for the machine engine; it gives None when no model is installed."""

    def make() -> ArgosEngine | None:
        package = models.find_package()
        return ArgosEngine(package, config.argos) if package else None

    return make


def build(config: BuildConfig, progress: Progress = SILENT) -> BuildResult:
    """Prepare and check the document, refuse to publish gaps or (strict) errors, then typeset."""
    start = time.perf_counter()
    terms = glossary_mod.load(config.glossary_dir)
    doc, stale = prepare(config, progress, terms)
    clock = Stopwatch()
    with clock("check"):
        report, qa_files = check(doc, terms, config)
    missing = [s for s in doc.segments() if s.provenance == MISSING]
    if missing and not config.draft:
        if config.machine:
            raise ModelError(engines.missing_model_message(len(missing)))
        raise MissingTranslationError(_missing_message(doc, missing, config))
    enforce_strict(config, report, qa_files)
    outputs = []
    with progress.task("Typesetting", len(config.editions)) as advance, clock("render"):
        for key in config.editions:
            target = config.out_dir / f"{config.stem}.{key}.pdf"
            outputs.append(render.pdf(doc, render.EDITIONS[key], target, config.layout))
            if config.preview:
                preview.write(target, config.out_dir / "preview")
            advance(1)
    timings = {**doc.meta["timings"], **clock.seconds}
    seconds = time.perf_counter() - start
    return BuildResult(doc, tuple(outputs), seconds, stale, timings, report, qa_files)


def check(doc: Document, terms: Glossary, config: BuildConfig) -> tuple[Report, tuple[Path, ...]]:
    """The QA checks, written to <out>/<name>.qa.html and .qa.json."""
    from . import qa
    from .qa import report as qa_report

    report = qa.check(doc, terms, config.variant)
    return report, qa_report.write(report, doc, config.out_dir, config.stem)


def enforce_strict(config: BuildConfig, report: Report, files: tuple[Path, ...]) -> None:
    """Under --strict, QA errors stop here: after the report is written, before any PDF."""
    if config.strict and report.errors:
        raise QualityError(f"{len(report.errors)} QA error(s); see {files[0]}\n{report.summary()}")


def _missing_message(doc: Document, missing: list, config: BuildConfig) -> str:
    lines = {s.id: b.line for b in doc.blocks for s in b.segments}
    shown = [
        f"  {s.id} (line {lines[s.id]}): {s.zh[:30]}{'…' if len(s.zh) > 30 else ''}"
        for s in missing[:10]
    ]
    more = [f"  … and {len(missing) - 10} more"] if len(missing) > 10 else []
    return "\n".join(
        [
            f"{len(missing)} of {sum(1 for _ in doc.segments())} segments have no approved English translation:"
        ]
        + shown
        + more
        + [
            f"Add them to {config.xliff_path} (`publisher xliff {config.source}` writes one to fill in),",
            "or build with --draft to render them marked as untranslated.",
        ]
    )
