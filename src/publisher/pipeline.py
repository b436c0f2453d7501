"""The build: read -> segment -> translate -> convert -> check -> write, in that order.

Composes the stages; only the command line (and, later, the desk) import it.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from . import engines
from .config import EDITIONS, BuildConfig, LayoutConfig
from .convert import convert
from .document import (
    Document,
    GlossaryInfo,
    Orphan,
    Previous,
    Provenance,
    SourceInfo,
    Stage,
    TermUse,
)
from .errors import MissingTranslationError, ModelError, QualityError
from .progress import SILENT, Progress
from .read import read
from .segment import segment
from .stores import builds, decisions, tsv, xliff
from .stores import tm as tm_store
from .terms.glossary import Glossary
from .terms.usage import to_traditional, used_terms
from .text import has_han
from .translate import translate
from .translate.approved import Approved
from .translate.machine import Machine
from .translate.tm import MemoryProvider, TranslationMemory

if TYPE_CHECKING:
    from .check.findings import Report


@dataclass(frozen=True)
class Prepared:
    """The document with English and Traditional filled in, and what the build must report."""

    doc: Document
    stale_units: int = 0  # approved units whose source no longer matches their segment
    notes: tuple[str, ...] = ()  # warnings for the summary (no glossary, …)
    memory: TranslationMemory | None = None  # the project's translation memory
    units: xliff.Memory = xliff.EMPTY  # the report's translation file


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
    odd = tuple(
        f"{p} is a folder, not a glossary file: skipped"
        for p in tsv.folders_named(config.glossary_dir)
    )
    if tsv.glossary_files(config.glossary_dir) or config.glossary_required:
        return tsv.load(config.glossary_dir), odd
    note = f"no glossary: {config.glossary_dir} holds no .tsv files; terms are not checked"
    return Glossary([], "none"), (note, *odd)


def prepare(
    config: BuildConfig, progress: Progress = SILENT, terms: Glossary | None = None
) -> Prepared:
    """read, segment, translate, convert: the document with English and Traditional filled in."""
    notes: tuple[str, ...] = ()
    if terms is None:
        terms, notes = glossary_for(config)
    done = translated(config, progress, terms)
    return converted(replace(done, notes=notes + done.notes), config, terms)


def translated(config: BuildConfig, progress: Progress, terms: Glossary) -> Prepared:
    """read, segment, translate: all a Simplified or English edition needs."""
    clock = Stopwatch()
    with clock(Stage.READ):
        doc = read(config.source, name=config.stem, from_traditional=config.from_traditional)
    with clock(Stage.SEGMENT):
        doc = segment(doc)
    with clock(Stage.TRANSLATE):
        memory = xliff.load(config.xliff_path, config.accepted)
        source = doc.source or SourceInfo(config.source.name)
        doc = replace(
            doc,
            source=replace(
                source, built=date.today().isoformat(), translation_sha256=memory.sha256
            ),
            glossary=GlossaryInfo(len(terms), terms.version),
        )
        tm = translation_memory(config)
        doc = translate(doc, _providers(config, memory, terms, tm), progress)
        doc = replace(doc, **_changes(doc, memory))
        # the appendix's terms; their Traditional forms come with the convert stage
        used = used_terms(terms, (s.zh for s in doc.segments()))
        doc = replace(doc, terms_used=tuple(TermUse(t.zh_hans, "", t.en) for t in _glossed(used)))
    doc = replace(doc, timings=clock.seconds)
    return Prepared(doc, len(memory.stale(doc)), tm.skipped, tm, memory)


def converted(prepared: Prepared, config: BuildConfig, terms: Glossary) -> Prepared:
    """convert: the Traditional text of every segment and of the appendix's terms."""
    clock = Stopwatch()
    with clock(Stage.CONVERT):
        doc = convert(prepared.doc, overrides(config, terms), config.variant)
        hant = tuple(
            replace(t, zh_hant=to_traditional(t.zh_hans, terms, config.variant))
            for t in doc.terms_used or ()
        )
        doc = replace(doc, terms_used=hant)
    return replace(prepared, doc=replace(doc, timings={**doc.timings, **clock.seconds}))


def overrides(config: BuildConfig, terms: Glossary) -> Glossary:
    """The glossary with the document's Traditional decisions file (<stem>.zh-Hant.tsv): the
    same glossary for the same decisions, so the conversions the convert stage did (memoised
    on it) serve the checks."""
    found = decisions.load(decisions.path_for(config.source, config.stem), config.variant)
    return terms.memoised(
        ("overrides", tuple(found)), lambda: decisions.with_decisions(terms, found)
    )


def translation_memory(config: BuildConfig) -> TranslationMemory:
    """Every approved pair of every report in the source's folder, and its tm/*.tmx files."""
    if not config.memory:
        return TranslationMemory([])
    skipped: list[str] = []
    pairs = tm_store.project_pairs(config.source.parent, config.accepted, skipped)
    return TranslationMemory(pairs, tuple(skipped))


def _changes(doc: Document, memory: xliff.Memory) -> dict:
    """Orphaned units, and the earlier translation of each changed sentence (stale or fuzzy)."""
    orphans = memory.orphans(doc)
    old = TranslationMemory([tm_store.Pair(u.source, u.target, "previous") for u in orphans])
    previous = [Previous(u.id, u.source, u.target, 0) for u in memory.stale(doc) if u.target]
    done = {p.segment_id for p in previous}
    for seg in doc.segments():
        if seg.provenance == Provenance.APPROVED or seg.id in done or not len(old):
            continue
        for m in old.matches(seg.zh, limit=1):
            previous.append(Previous(seg.id, m.source, m.target, m.score))
            done.add(seg.id)
    return {
        "orphans": tuple(Orphan(u.id, u.source, u.target) for u in orphans),
        "previous": tuple(previous),
    }


def _providers(
    config: BuildConfig, memory: xliff.Memory, terms: Glossary, tm: TranslationMemory
) -> list:
    """Approved English first, then exact memory matches; the cache and the engine only when
    machine translation is on."""
    providers: list = [Approved(memory)]
    if len(tm):
        providers.append(MemoryProvider(tm))
    if config.machine:
        providers.append(Machine(terms, lambda: _engine(config), config.cache))
    return providers


def _engine(config: BuildConfig) -> engines.Engine | None:
    spec = engines.spec(config.engine.name)
    options = config.engine.options if config.engine.options is not None else spec.defaults()
    return spec.create(options)


def _glossed(terms):
    """Quotations are the glossary's too, but no terms for the appendix."""
    return [t for t in terms if t.domain != "quotation"]


def build(config: BuildConfig, progress: Progress = SILENT) -> BuildResult:
    """Prepare and check the document, refuse to publish gaps or (strict) errors, and typeset.

    The typesetting processes start first and load WeasyPrint while the document is read and
    translated. The editions render there while the rest runs: the Simplified and English ones
    from the translated document, during the convert stage; the Traditional ones once it is
    done; the checks meanwhile. Unless something must wait for the checks: --strict, gaps
    that stop the build, or a PDF/A-3 that carries the QA report."""
    start = time.perf_counter()
    clock = Stopwatch()
    layout = replace(config.layout, draft=config.layout.draft or config.draft)  # empty frames
    with (
        progress.task("Typesetting", len(config.editions)) as advance,
        _typesetting(config, layout, advance, clock) as typeset,
    ):
        terms, notes = glossary_for(config)
        prepared = translated(config, progress, terms)
        notes += prepared.notes
        early = [k for k in config.editions if EDITIONS[k].script != "zh-Hant"]
        if _checks_first(prepared.doc, config, layout):
            prepared = converted(prepared, config, terms)
            with clock(Stage.CHECK):
                report, qa_files = check(prepared.doc, terms, config)
            refuse_gaps(prepared.doc, config)
            enforce_strict(config, report, qa_files)
            typeset(prepared.doc, config.editions, _json(qa_files))
        else:
            typeset(prepared.doc, early)
            prepared = converted(prepared, config, terms)
            typeset(prepared.doc, [k for k in config.editions if k not in early])
            with clock(Stage.CHECK):
                report, qa_files = check(prepared.doc, terms, config)
    doc = prepared.doc
    timings = {**doc.timings, **clock.seconds}
    seconds = time.perf_counter() - start
    return BuildResult(
        doc,
        tuple(_targets(config)),
        seconds,
        prepared.stale_units,
        timings,
        report,
        qa_files,
        notes,
    )


def _checks_first(doc: Document, config: BuildConfig, layout: LayoutConfig) -> bool:
    from .writers.html import attaches_qa

    gaps = not config.draft and any(s.provenance == Provenance.MISSING for s in doc.segments())
    return config.strict or gaps or attaches_qa(layout)


def _json(qa_files: tuple[Path, ...]) -> Path | None:
    return next((f for f in qa_files if f.suffix == ".json"), None)


def jobs(config: BuildConfig) -> int:
    """Processes to typeset with: one per edition, at most one per free core."""
    if config.jobs:
        return max(1, min(config.jobs, len(config.editions)))
    cores = len(os.sched_getaffinity(0))
    free = max(1, cores - int(os.getloadavg()[0] + 0.5))
    return max(1, min(free, len(config.editions)))


def _target(config: BuildConfig, key: str) -> Path:
    return config.out_dir / f"{config.stem}.{key}.pdf"


def _targets(config: BuildConfig) -> list[Path]:
    return [_target(config, key) for key in config.editions]


@contextmanager
def _typesetting(config: BuildConfig, layout: LayoutConfig, advance, clock: Stopwatch):
    """typeset(doc, editions, qa_json=None) hands editions to child processes, started at
    once (they load WeasyPrint while the body runs); on the way out, every edition is waited
    for (the render stage: first edition handed over to the last one done) and an edition's
    RenderError raised. A body that fails stops the children."""
    context = multiprocessing.get_context("fork")
    futures = []
    began: list[float] = []
    with ProcessPoolExecutor(
        jobs(config), mp_context=context, initializer=_die_with_parent
    ) as pool:
        pool.submit(_warm)  # the children start now (fork: all of them at the first task)

        def typeset(doc: Document, keys, qa_json: Path | None = None) -> None:
            began[:] = began or [time.perf_counter()]
            for key in keys:
                args = (doc, EDITIONS[key], _target(config, key), config, layout, qa_json)
                futures.append(pool.submit(_edition, *args))

        try:
            yield typeset
        except BaseException:
            _stop(pool)
            raise
        for done in as_completed(futures):
            done.result()
            advance(1)
        clock.seconds[Stage.RENDER] = time.perf_counter() - (began or [time.perf_counter()])[0]


def _warm() -> None:
    """What every edition needs, loaded before the first one comes (in a child): WeasyPrint
    and its extension, pikepdf, the compiled templates."""
    from .writers import html, justify, pdf  # noqa: F401

    justify.install(compress_punctuation=True)
    for template in html.templates().glob("*.html.j2"):
        html.environment().get_template(template.name)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the children now, not after their current task."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def _die_with_parent() -> None:
    """A typesetting process ends with the build that started it: a build killed mid-render
    (SIGKILL) must not leave one rendering on and replacing its outputs afterwards."""
    import ctypes
    import signal

    PR_SET_PDEATHSIG = 1
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        pass
    if os.getppid() == 1:  # the build died before the call above
        os._exit(1)


def _edition(
    doc: Document, edition, target: Path, config: BuildConfig, layout: LayoutConfig, qa_json
) -> None:
    from .writers import pdf, preview

    pdf.pdf(doc, edition, target, layout, qa_json)
    if config.preview:
        preview.write(target, config.out_dir / "preview")
    _give_back()


def _give_back() -> None:
    """Return an edition's freed layout to the system before the next one (glibc keeps freed
    memory otherwise: a 900-page edition's 1.5 GB would stay under the next one's)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def up_to_date(config: BuildConfig) -> builds.Record | None:
    """The last build's record when nothing it was made from has changed and its outputs stand."""
    if not config.source.is_file():
        return None  # the build itself says what is wrong with the source
    return builds.kept(builds.path_for(config.out_dir, config.stem), _key(config))


def record(config: BuildConfig, result: BuildResult, summary: list[str]) -> None:
    """Remember this build so an unchanged rebuild can keep its outputs."""
    outputs = [*result.qa_files, *result.outputs]
    path = builds.path_for(config.out_dir, config.stem)
    builds.save(path, _key(config), outputs, summary)


def _key(config: BuildConfig) -> str:
    """What the outputs depend on: the inputs' bytes, the program's files, the options."""
    import publisher

    source = config.source
    inputs = [source, config.xliff_path, *tsv.glossary_files(config.glossary_dir)]
    inputs += [p for p in source.parent.glob(f"{config.stem}.*") if p.is_file()]
    if config.memory:  # the translation memory: every report's translations, and tm/*.tmx
        inputs += [*source.parent.glob("*.xlf"), *source.parent.glob("tm/*.tmx")]
    if (assets := source.parent / config.stem).is_dir():
        inputs += [p for p in assets.rglob("*") if p.is_file()]
    program = Path(publisher.__file__).parent
    inputs += [p for p in program.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    inputs += [
        p for p in Path(str(resources.files("publisher.templates"))).iterdir() if p.is_file()
    ]
    # whether a cache is used matters (--no-cache computes afresh); where it is does not
    cache = Path("cache") if config.cache else None
    checks = Path("checks") if config.checks_cache else None
    options = repr(replace(config, cache=cache, checks_cache=checks))
    if config.machine:
        from .engines import models

        folder = models.packages_dir()
        options += repr(sorted(os.listdir(folder)) if folder.is_dir() else [])
    return builds.fingerprint(inputs, options)


def check(doc: Document, terms: Glossary, config: BuildConfig) -> tuple[Report, tuple[Path, ...]]:
    """The QA checks, written to <out>/<name>.qa.html and .qa.json."""
    from . import check as checks
    from .check import queries
    from .stores import queries as answers
    from .writers import qa_report

    memo = checks.memo_at(config.checks_cache) if config.checks_cache else None
    report = checks.run(doc, terms, config.variant, overrides(config, terms), memo)
    answers_file = answers.path_for(config.source, config.stem)
    asked = queries.with_statuses(list(report.queries), answers.load(answers_file))
    replaced = qa_report.other_inputs(config.out_dir, config.stem, report.extra["inputs"])
    extra = {**report.extra, "queries_file": answers_file.name, "replaces": replaced}
    report = replace(report, queries=tuple(asked), extra=extra)
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
    """Under --strict, QA errors and open blocking author queries stop here: after the report is
    written, before any PDF."""
    if not config.strict:
        return
    if report.errors:
        raise QualityError(f"{len(report.errors)} QA error(s); see {files[0]}\n{report.summary()}")
    if blocking := report.blocking_queries:
        listed = "\n".join(
            f"  {q.id} ({q.kind}, line {q.line}): {q.question[:80]}" for q in blocking
        )
        raise QualityError(
            f"{len(blocking)} open blocking author quer{'y' if len(blocking) == 1 else 'ies'}; "
            f"answer or accept them with `publisher queries {config.source}`:\n{listed}"
        )


def _missing_message(doc: Document, missing: list, config: BuildConfig) -> str:
    lines = doc.line_of()
    shown = [
        f"  {s.id} (line {lines[s.id]}): {s.zh[:30]}{'…' if len(s.zh) > 30 else ''}"
        for s in missing[:10]
    ]
    more = [f"  … and {len(missing) - 10} more"] if len(missing) > 10 else []
    total = sum(1 for _ in doc.segments())
    changes = []
    ids = {s.id for s in missing}
    if changed := [p for p in doc.previous if p.segment_id in ids]:
        changes.append(
            f"{len(changed)} of them changed in the source; their earlier translation is offered "
            "for review in the export (<alt-trans>)"
        )
    if doc.orphans:
        changes.append(
            f"{len(doc.orphans)} translated unit(s) of {config.xliff_path} match no segment any "
            f"more (orphans): {', '.join(o.id for o in doc.orphans[:5])}"
        )
    return "\n".join(
        [f"{len(missing)} of {total} segments have no approved English translation:"]
        + shown
        + more
        + changes
        + [
            f"Add them to {config.xliff_path} (`publisher xliff export {config.source} -o FILE` writes one to fill in, `publisher xliff import FILE` merges it back),",
            "or build with --draft to render them marked as untranslated.",
        ]
    )


def xliff_rows(prepared: Prepared, terms: Glossary) -> list[xliff.ExportUnit]:
    """What the export says about each segment: context, glossary terms, memory matches."""
    from .terms.usage import solid

    doc = prepared.doc
    previous = {p.segment_id: p for p in doc.previous}
    rows = []
    lines = doc.line_of()
    for kind, seg in xliff.kinds(doc):
        if not has_han(seg.zh):
            continue  # figures, units, dashes: carried over, nothing to translate
        notes = []
        for m in solid(terms, seg.zh):
            t = m.term
            avoid = f" (not: {', '.join(t.forbidden)})" if t.forbidden else ""
            note = f"glossary: {t.zh_hans} = {t.en}{avoid}"
            if note not in notes:
                notes.append(note)
        alts = []
        if (p := previous.get(seg.id)) is not None:
            alts.append(xliff.Alt(p.source, p.target, "previous", p.score or None))
        if seg.provenance != Provenance.APPROVED and prepared.memory is not None:
            for hit in prepared.memory.matches(seg.zh):
                if all(a.target != hit.target for a in alts):
                    alts.append(xliff.Alt(hit.source, hit.target, f"tm:{hit.origin}", hit.score))
        draft = {
            Provenance.MEMORY: "memory",
            Provenance.MACHINE: "machine",
            Provenance.MACHINE_TERMS: "machine",
        }.get(seg.provenance, "")
        rows.append(xliff.ExportUnit(seg, kind, lines[seg.id], tuple(notes), tuple(alts), draft))
    return rows


@dataclass(frozen=True)
class Status:
    """What `publisher status` prints: states, the analysis by band, the segments left to do."""

    name: str
    path: Path
    segments: int
    states: dict[str, int]
    orphans: int
    analysis: dict[str, tuple[int, int, int]]  # band -> segments, characters, words
    todo: tuple[str, ...]


def status(config: BuildConfig) -> Status:
    """Per-segment state from the translation file and the best memory match of the rest."""
    from .lang.words import tokens
    from .text import CJK_RE, normalise
    from .translate.tm import BANDS, band

    prepared = prepare(config, terms=Glossary([], "none"))
    doc, units = prepared.doc, prepared.units
    memory = prepared.memory or TranslationMemory([])
    lines = doc.line_of()
    states: dict[str, int] = {}
    analysis = {b: [0, 0, 0] for b in BANDS}
    seen: set[str] = set()
    todo = []
    for seg in doc.segments():
        unit = units.units.get(seg.id)
        if unit is None:
            state = "new"
        elif normalise(unit.source) != normalise(seg.zh):
            state = "source-changed"
        else:
            state = unit.state
        accepted = unit is not None and state != "source-changed" and units.is_accepted(unit)
        states[state] = states.get(state, 0) + 1
        key = normalise(seg.zh)
        if key in seen:
            b = "repetitions"
        elif accepted:
            b = "100%"
        else:
            found = memory.matches(seg.zh, limit=1)
            b = band(found[0].score) if found else "new"
        seen.add(key)
        words = sum(1 for w, _, _ in tokens(seg.zh) if w.strip() and not CJK_RE.fullmatch(w))
        row = analysis[b]
        row[0] += 1
        row[1] += len(key)
        row[2] += words or 1
        if not accepted:
            todo.append(f"{seg.id} (line {lines[seg.id]}, {state}, {b}): {seg.zh[:30]}")
    return Status(
        doc.name,
        config.xliff_path,
        sum(states.values()),
        dict(sorted(states.items(), key=lambda kv: -kv[1])),
        len(doc.orphans),
        {b: (v[0], v[1], v[2]) for b, v in analysis.items()},
        tuple(todo),
    )
