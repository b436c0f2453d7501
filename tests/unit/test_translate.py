"""The translate stage with deterministic engine doubles: order, placeholders, cache, provenance."""

import re
import sqlite3
from contextlib import closing

import pytest

from publisher.document import Flag, Provenance
from publisher.read import markdown
from publisher.segment import segment
from publisher.stores import tsv, xliff
from publisher.translate import translate as chain
from publisher.translate.approved import Approved
from publisher.translate.machine import Machine
from publisher.translate.protect import PLACEHOLDER_RE, protect, restore

APPROVED, MACHINE, MACHINE_TERMS = Provenance.APPROVED, Provenance.MACHINE, Provenance.MACHINE_TERMS
MISSING, TERMS_LOST = Provenance.MISSING, Flag.TERMS_LOST

SOURCE = "# 株洲报告\n\n中车株机在株洲生产电力机车。今年增长9%。\n\n中车株机获批首台套。\n"


class Double:
    """Echoes placeholders in a fixed English frame; `mode` decides what happens to them."""

    name = "double"

    def __init__(self, mode="keep"):
        self.mode = mode
        self.calls: list[list[str]] = []

    def describe(self):
        return "engine double"

    def cache_context(self):
        return {"engine": self.name, "model": "1", "options": {"mode": self.mode}}

    def translate(self, texts, progress=None):
        self.calls.append(list(texts))
        return [self._one(t) for t in texts]

    def _one(self, text):
        marks = PLACEHOLDER_RE.findall(text)
        if not marks:
            return f"plain sentence of {len(text)} characters"
        if self.mode == "lost":
            marks = marks[1:]
        elif self.mode == "doubled":
            marks = marks + marks[:1]
        return " and ".join(f"[ T{m} ]" for m in marks) + " grew."


def translate(doc, glossary, engine, cache=None):
    """The machine provider alone: the cache (a path), then the engine the factory gives."""
    return chain(doc, [Machine(glossary, engine, cache)])


@pytest.fixture
def terms(write_tsv):
    return tsv.load(
        write_tsv(
            [
                ("a", "中车株机", "", "CRRC Zhuzhou Locomotive"),
                ("b", "株洲", "", "Zhuzhou"),
                ("c", "首台套", "", "first-of-its-kind equipment"),
            ]
        )
    )


def _doc():
    return segment(markdown.parse(SOURCE))


def test_protect_and_restore_round_trip(terms):
    p = protect("中车株机在株洲生产", terms)
    assert p.text == "[T1]在[T2]生产"
    assert restore("[ T1 ] makes it in [T2].", p) == "CRRC Zhuzhou Locomotive makes it in Zhuzhou."
    assert restore("[T2] first, then [T1]", p) == "Zhuzhou first, then CRRC Zhuzhou Locomotive"
    assert restore("[T1] only", p) is None
    assert restore("[T1] [T1] [T2]", p) is None


def test_lowercase_term_is_capitalised_at_sentence_start(terms):
    p = protect("首台套", terms)
    assert restore("[T1] was approved.", p) == "First-of-its-kind equipment was approved."


def test_every_segment_translated_once_in_order(terms):
    engine = Double()
    doc = translate(_doc(), terms, lambda: engine)
    assert len(engine.calls) == 1
    assert len(engine.calls[0]) == len({s.zh for s in doc.segments()}) == 4
    by_zh = {s.zh: s for s in doc.segments()}
    assert by_zh["中车株机在株洲生产电力机车。"].en == "CRRC Zhuzhou Locomotive and Zhuzhou grew."
    assert by_zh["中车株机在株洲生产电力机车。"].provenance == MACHINE_TERMS
    assert by_zh["今年增长9%。"].provenance == MACHINE
    assert by_zh["今年增长9%。"].en == "plain sentence of 7 characters"
    assert doc.machine.protected_terms == 5 and doc.machine.protection_failures == 0


@pytest.mark.parametrize("mode", ["lost", "doubled"])
def test_astray_placeholder_falls_back_unprotected_and_is_flagged(terms, mode):
    engine = Double(mode)
    doc = translate(_doc(), terms, lambda: engine)
    seg = next(s for s in doc.segments() if s.zh == "中车株机在株洲生产电力机车。")
    assert seg.provenance == MACHINE and TERMS_LOST in seg.flags
    assert "中车株机在株洲生产电力机车。" in engine.calls[1]  # the retry sees the original text
    assert not re.search(r"\[\s*T", seg.en)
    assert doc.machine.protection_failures == 3  # every segment with a term


def test_approved_translation_comes_first(terms, tmp_path):
    doc = _doc()
    first = next(doc.segments())
    approved = xliff.Memory(
        None, {first.id: xliff.Unit(first.id, first.zh, "Zhuzhou report", "final", True)}
    )
    engine = Double()
    out = chain(doc, [Approved(approved), Machine(terms, lambda: engine)])
    seg = next(out.segments())
    assert seg.provenance == APPROVED and seg.en == "Zhuzhou report"
    assert first.zh not in engine.calls[0]


def test_cache_second_build_translates_nothing(terms, tmp_path):
    cache = tmp_path / "c.sqlite"
    engine = Double()
    translate(_doc(), terms, lambda: engine, cache)
    again = translate(_doc(), terms, lambda: engine, cache)
    assert len(engine.calls) == 1
    assert again.machine.cached == 4 and again.machine.translated == 0
    edited = segment(markdown.parse(SOURCE.replace("今年增长9%。", "明年增长10%。")))
    translate(edited, terms, lambda: engine, cache)
    assert engine.calls[1] == ["明年增长10%。"]
    with closing(sqlite3.connect(cache)) as db:  # WAL is kept in the file once the cache closes
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_cache_key_includes_glossary_version(terms, write_tsv, tmp_path):
    cache = tmp_path / "c.sqlite"
    engine = Double()
    translate(_doc(), terms, lambda: engine, cache)
    changed = tsv.load(write_tsv([("a", "中车株机", "", "CRRC ZELC")]))
    translate(_doc(), changed, lambda: engine, cache)
    assert len(engine.calls) == 2


def test_no_model_leaves_segments_missing(terms):
    doc = translate(_doc(), terms, lambda: None)
    assert all(s.provenance == MISSING for s in doc.segments())


class NBestDouble(Double):
    """A beam whose best hypothesis loses a placeholder and whose second keeps them all."""

    def nbest(self, texts, n, progress=None):
        self.calls.append(list(texts))
        return [[Double("lost")._one(t), Double("keep")._one(t)][:n] for t in texts]


def test_a_lost_placeholder_is_taken_from_the_next_hypothesis_before_any_retry(terms):
    engine = NBestDouble()
    doc = translate(_doc(), terms, lambda: engine)
    seg = next(s for s in doc.segments() if s.zh == "中车株机在株洲生产电力机车。")
    assert seg.provenance == Provenance.MACHINE_TERMS and not seg.flags
    assert seg.en == "CRRC Zhuzhou Locomotive and Zhuzhou grew."
    assert len(engine.calls) == 1 and doc.machine.protection_failures == 0


def test_marks_go_to_the_engine_as_tags_and_come_back_as_english_marks():
    from publisher.document import Mark, MarkKind
    from publisher.translate.protect import tag_marks, untag_marks

    marks = (Mark(MarkKind.BOLD, 4, 8), Mark(MarkKind.NOTE_REF, 10, 10, "1"))
    assert tag_marks("全年产量1234万吨，增长。", marks) == "全年产量[M1]1234[/M1]万吨[M2]，增长。"
    english, back = untag_marks("Output was [M1] 12.34 [/M1] million tons[M2], up.", marks)
    assert english == "Output was 12.34 million tons, up."
    assert [(m.kind, english[m.start : m.end]) for m in back] == [
        (MarkKind.BOLD, "12.34"),
        (MarkKind.NOTE_REF, ""),
    ]
    assert back[1].start == len("Output was 12.34 million tons") and back[1].href == "1"
    lost, none = untag_marks("Output was 12.34 million tons, up.", marks)
    assert lost == "Output was 12.34 million tons, up." and none == ()
