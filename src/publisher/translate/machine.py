"""The machine provider: the translation cache, then an engine, with glossary terms protected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..document import Document, Flag, MachineStats, Provenance, Segment
from ..engines import Engine
from ..engines import Progress as Advance
from ..progress import SILENT, Progress
from ..stores.cache import Cache, cache_key
from ..terms.glossary import Glossary
from .protect import Protected, protect, restore, tag_marks, untag_marks


@dataclass(frozen=True)
class MachineResult:
    english: str
    provenance: Provenance
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Machine:
    """Machine English for the segments still missing it.

    `engine()` is called only when some segment needs it; where it gives no engine (no model
    installed) the gaps stay missing and the build decides what that means.
    """

    glossary: Glossary
    engine: Callable[[], Engine | None]
    cache: Path | None = None
    name: str = "machine"

    def fill(self, doc: Document, progress: Progress = SILENT) -> Document:
        todo = sorted({_tagged(s) for s in doc.segments() if s.provenance == Provenance.MISSING})
        if not todo:
            return doc
        mt = self.engine()
        if mt is None:
            return doc
        cache = Cache(self.cache) if self.cache else None
        try:
            with progress.task("Translating", len(todo)) as advance:
                results, stats = _translate(todo, self.glossary, mt, cache, advance)
        finally:
            if cache is not None:
                cache.close()
        doc = doc.map_segments(
            lambda s: _fill(s, results.get(_tagged(s))) if s.provenance == Provenance.MISSING else s
        )
        return replace(doc, machine=stats)


def _translate(
    todo: list[str], glossary: Glossary, mt: Engine, cache: Cache | None, advance: Advance
) -> tuple[dict[str, MachineResult], MachineStats]:
    context = {**mt.cache_context(), "glossary": glossary.version}
    keys = {text: cache_key(text, context) for text in todo}
    protected = {text: protect(text, glossary) for text in todo}
    results = _from_cache(cache, keys)
    fresh = [t for t in todo if t not in results]
    if fresh:
        new = machine_translate([protected[t] for t in fresh], fresh, mt, advance)
        results.update(new)
        if cache is not None:
            cache.put_many([(keys[t], t, r.english, r.provenance, r.flags) for t, r in new.items()])
    stats = MachineStats(
        engine=mt.describe(),
        translated=len(fresh),
        cached=len(todo) - len(fresh),
        protected_terms=sum(len(p.terms) for p in protected.values()),
        protection_failures=sum(1 for r in results.values() if Flag.TERMS_LOST in r.flags),
    )
    return results, stats


def _from_cache(cache: Cache | None, keys: dict[str, str]) -> dict[str, MachineResult]:
    if cache is None:
        return {}
    found = {}
    for text, key in keys.items():
        hit = cache.get(key)
        if hit is not None:
            english, provenance, flags = hit
            found[text] = MachineResult(
                english, Provenance(provenance), tuple(Flag(f) for f in flags)
            )
    return found


def _tagged(seg: Segment) -> str:
    """What the engine is given: the Chinese with its marks as tags."""
    return tag_marks(seg.zh, seg.marks)


def _fill(seg: Segment, result: MachineResult | None) -> Segment:
    if result is None:
        return seg
    english, marks = untag_marks(result.english, seg.marks) if seg.marks else (result.english, ())
    return replace(
        seg,
        en=english,
        en_marks=marks,
        provenance=result.provenance,
        flags=seg.flags + result.flags,
    )


HYPOTHESES = 4  # a lost placeholder is looked for in the beam's next hypotheses first


def machine_translate(
    protected: list[Protected], texts: list[str], mt: Engine, progress: Advance | None = None
) -> dict[str, MachineResult]:
    """Translate with glossary terms protected. Where the best hypothesis loses a placeholder,
    the next ones that keep them all are taken; only where none does is the segment translated
    again, unprotected."""
    outputs = _hypotheses(mt, [p.text for p in protected], progress)
    results, retry = {}, []
    for text, p, hypotheses in zip(texts, protected, outputs, strict=True):
        restored = next(
            (r for h in hypotheses if (r := restore(h, p) if p.terms else h) is not None), None
        )
        if restored is None:
            retry.append(text)
        else:
            kind = Provenance.MACHINE_TERMS if p.terms else Provenance.MACHINE
            results[text] = MachineResult(restored, kind)
    if retry:
        for text, out in zip(retry, mt.translate(retry), strict=True):
            results[text] = MachineResult(out, Provenance.MACHINE, (Flag.TERMS_LOST,))
    return results


def _hypotheses(mt: Engine, texts: list[str], progress: Advance | None) -> list[list[str]]:
    """The engine's n best per text where it gives them, else its one translation."""
    nbest = getattr(mt, "nbest", None)
    if nbest is not None:
        return nbest(texts, HYPOTHESES, progress)
    return [[t] for t in mt.translate(texts, progress)]
