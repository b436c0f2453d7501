"""The translate stage: approved translation, then the cache, then the machine engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..document import MACHINE, MACHINE_TERMS, MISSING, Document, Segment
from ..glossary import Glossary
from .cache import Cache, cache_key
from .engines import Engine, Progress
from .terms import Protected, protect, restore

TERMS_LOST = "terms-lost"  # a placeholder was lost or doubled: translated unprotected, needs review


@dataclass(frozen=True)
class MachineResult:
    english: str
    provenance: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stats:
    """What the machine stage did, for the summary, the QA report and the colophon."""

    translated: int = 0
    cached: int = 0
    protected_terms: int = 0
    protection_failures: int = 0


def translate(
    doc: Document,
    glossary: Glossary,
    engine: Callable[[], Engine | None],
    cache: Cache | None = None,
    progress: Progress | None = None,
) -> Document:
    """Machine English for the segments still missing it (approved ones are already applied).

    Where `engine()` gives no engine, the gaps stay missing: the build decides what that means.
    """
    todo = sorted(missing_texts(doc))
    if not todo:
        return doc
    mt = engine()
    if mt is None:
        return doc
    context = {**mt.cache_context(), "glossary": glossary.version}
    keys = {text: cache_key(text, context) for text in todo}
    protected = {text: protect(text, glossary) for text in todo}
    results = _from_cache(cache, keys)
    fresh = [t for t in todo if t not in results]
    if fresh:
        new = machine_translate([protected[t] for t in fresh], fresh, mt, progress)
        results.update(new)
        if cache is not None:
            cache.put_many([(keys[t], t, r.english, r.provenance, r.flags) for t, r in new.items()])
    stats = Stats(
        translated=len(fresh),
        cached=len(todo) - len(fresh),
        protected_terms=sum(len(p.terms) for p in protected.values()),
        protection_failures=sum(1 for r in results.values() if TERMS_LOST in r.flags),
    )
    doc = doc.map_segments(lambda s: _fill(s, results.get(s.zh)) if s.provenance == MISSING else s)
    return replace(doc, meta={**doc.meta, "engine": mt.describe(), "mt": stats})


def _from_cache(cache: Cache | None, keys: dict[str, str]) -> dict[str, MachineResult]:
    if cache is None:
        return {}
    found = {}
    for text, key in keys.items():
        hit = cache.get(key)
        if hit is not None:
            found[text] = MachineResult(*hit)
    return found


def _fill(seg: Segment, result: MachineResult | None) -> Segment:
    if result is None:
        return seg
    return replace(
        seg, en=result.english, provenance=result.provenance, flags=seg.flags + result.flags
    )


def missing_texts(doc: Document) -> set[str]:
    """The distinct Chinese sentences that have no English yet: each is translated once."""
    return {s.zh for s in doc.segments() if s.provenance == MISSING}


def machine_translate(
    protected: list[Protected], texts: list[str], mt: Engine, progress: Progress | None = None
) -> dict[str, MachineResult]:
    """Translate with glossary terms protected; where a placeholder goes astray, retry unprotected."""
    outputs = mt.translate([p.text for p in protected], progress)
    results, retry = {}, []
    for text, p, out in zip(texts, protected, outputs, strict=True):
        restored = restore(out, p) if p.terms else out
        if restored is None:
            retry.append(text)
        else:
            results[text] = MachineResult(restored, MACHINE_TERMS if p.terms else MACHINE)
    if retry:
        for text, out in zip(retry, mt.translate(retry), strict=True):
            results[text] = MachineResult(out, MACHINE, (TERMS_LOST,))
    return results
