import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from publisher.document import Note, Provenance
from publisher.errors import TranslationStoreError
from publisher.read import markdown
from publisher.segment import segment
from publisher.stores import xliff
from publisher.translate.approved import Approved
from tests.support.xliff12 import schema_errors

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

APPROVED, MISSING = Provenance.APPROVED, Provenance.MISSING
SOURCE = "# 标题\n\n第一句。第二句。\n\n第一句。\n"


def _doc(source=SOURCE):
    return segment(markdown.parse(source))


def _rows(doc):
    return [xliff.ExportUnit(s, b.kind.value, b.line) for b in doc.blocks for s in b.all_segments()]


def _approved(doc):
    return doc.map_segments(lambda s: replace(s, en=f"English for {s.zh}", provenance=APPROVED))


def test_xliff_round_trip(tmp_path):
    doc = _approved(_doc())
    path = tmp_path / "r.en.xlf"
    xliff.write_new(doc, path, source_name="r.zh.md")
    xml = path.read_text(encoding="utf-8")
    assert 'version="1.2"' in xml and "urn:oasis:names:tc:xliff:document:1.2" in xml
    assert xml.count('state="final"') == 4
    loaded = xliff.load(path)
    assert set(loaded.units) == {s.id for s in doc.segments()}
    back = Approved(loaded).fill(_doc())
    assert [s.en for s in back.segments()] == [s.en for s in doc.segments()]
    assert all(s.provenance == APPROVED for s in back.segments())


def test_unit_whose_source_changed_is_not_used(tmp_path):
    doc = _approved(_doc())
    path = tmp_path / "r.en.xlf"
    xliff.write_new(doc, path)
    first = next(doc.segments())
    xml = path.read_text(encoding="utf-8").replace(
        f"<source>{first.zh}</source>", "<source>别的句子</source>"
    )
    path.write_text(xml, encoding="utf-8")
    loaded = xliff.load(path)
    back = Approved(loaded).fill(_doc())
    assert next(back.segments()).provenance == MISSING
    assert [u.id for u in loaded.stale(back)] == [first.id]


def test_translated_state_is_accepted_by_default_and_configurable(tmp_path):
    """Defect: units a CAT tool confirmed (state translated) were ignored by the build."""
    doc = _doc()
    path = tmp_path / "r.en.xlf"
    xliff.write_new(doc, path)
    xml = path.read_text(encoding="utf-8")
    first = next(doc.segments())
    xml = xml.replace(
        f"<source>{first.zh}</source>",
        f'<source>{first.zh}</source><target state="translated">Title</target>',
    )
    path.write_text(xml, encoding="utf-8")
    assert next(Approved(xliff.load(path)).fill(doc).segments()).en == "Title"
    strict = xliff.load(path, accepted=("final", "signed-off"))
    assert next(Approved(strict).fill(doc).segments()).provenance == MISSING


def _file_with_work(tmp_path):
    """A translation file as a translator leaves it: notes, signed-off, a draft, an orphan."""
    doc = _doc()
    ids = [s.id for s in doc.segments()]
    path = tmp_path / "r.en.xlf"
    xliff.write_new(doc, path, source_name="r.zh.md")
    store = xliff.parse(path.read_bytes())
    units = xliff.index(store)
    xliff.set_target(units[ids[0]], "Title", "signed-off")
    xliff.add_note(units[ids[0]], "checked with the client", "translator")
    xliff.set_target(units[ids[1]], "First sentence draft.", "needs-review-translation")
    orphan = xliff.add_unit(store, "sdeadbeef00", "删掉的句子。")
    xliff.set_target(orphan, "A deleted sentence.", "final")
    path.write_bytes(bytes(store))
    return doc, ids, path


def test_export_keeps_notes_states_drafts_and_orphans(tmp_path):
    """Defect: `publisher xliff` rebuilt the file: notes, drafts lost, signed-off became final."""
    doc, ids, path = _file_with_work(tmp_path)
    before = path.read_bytes()
    data = xliff.export(_rows(doc), before, "r.zh.md")
    assert path.read_bytes() == before  # never in place
    units = {u.id: u for u in xliff.units_of(xliff.parse(data))}
    assert units[ids[0]].state == "signed-off" and units[ids[0]].target == "Title"
    assert Note("translator", "checked with the client") in units[ids[0]].notes
    assert units[ids[1]].target == "First sentence draft."
    assert units[ids[1]].state == "needs-review-translation"
    assert units["sdeadbeef00"].target == "A deleted sentence."
    assert units[ids[2]].state == "needs-translation" and units[ids[2]].target == ""
    xml = data.decode()
    assert '<tool tool-id="publisher"' in xml
    assert 'context-type="linenumber">3<' in xml and 'restype="x-paragraph"' in xml
    assert schema_errors(data) == []  # notes, alt-trans and context groups as the schema has them


@pytest.mark.parametrize("name", ["zhuzhou-2020.en.xlf", "nbs-2020.en.xlf"])
def test_the_seeds_translation_files_are_valid_xliff_1_2(name):
    """Defect: every unit's context group was named `location`, which the schema's identity
    constraint forbids (names are unique in a file)."""
    assert schema_errors((SEEDS / name).read_bytes()) == []


def test_export_todo_and_copy_source(tmp_path):
    doc, ids, path = _file_with_work(tmp_path)
    todo = {
        u.id
        for u in xliff.units_of(
            xliff.parse(xliff.export(_rows(doc), path.read_bytes(), "r", todo=True))
        )
    }
    assert ids[0] not in todo and "sdeadbeef00" not in todo and ids[1] in todo
    copied = xliff.units_of(
        xliff.parse(xliff.export(_rows(doc), path.read_bytes(), "r", copy_source=True))
    )
    for u in copied:
        if u.id != "sdeadbeef00":
            assert u.target == u.source
    title = next(u for u in copied if u.id == ids[0])
    assert [a.target for a in title.alts] == ["Title"]


def test_changed_source_keeps_old_translation_as_previous_match(tmp_path):
    """Defect: a re-export threw away the translation of a unit whose source changed."""
    doc, ids, path = _file_with_work(tmp_path)
    edited = _doc("# 标题\n\n第一句。第二句。\n\n第一句。\n")
    xml = path.read_text(encoding="utf-8").replace(
        "<source>标题</source>", "<source>旧标题</source>"
    )
    path.write_text(xml, encoding="utf-8")
    data = xliff.export(_rows(edited), path.read_bytes(), "r")
    title = next(u for u in xliff.units_of(xliff.parse(data)) if u.id == ids[0])
    assert title.source == "标题" and title.state == "needs-review-translation"
    assert [(a.source, a.target, a.origin) for a in title.alts] == [("旧标题", "Title", "previous")]


def _returned(doc, targets, state="translated", ids=True):
    store = xliff.new_store("r.zh.md")
    for n, seg in enumerate(doc.segments()):
        u = xliff.add_unit(store, seg.id if ids else f"renumbered{n}", seg.zh)
        if seg.id in targets:
            xliff.set_target(u, targets[seg.id], state)
    return bytes(store)


def test_import_updates_in_place_and_never_downgrades(tmp_path):
    doc, ids, path = _file_with_work(tmp_path)
    segments = {s.id: s for s in doc.segments()}
    incoming = _returned(
        doc, {ids[0]: "A worse title", ids[1]: "First sentence.", ids[2]: "Second."}
    )
    data, report = xliff.merge(path.read_bytes(), incoming, segments, "r.zh.md")
    units = {u.id: u for u in xliff.units_of(xliff.parse(data))}
    assert report.refused == [ids[0]] and units[ids[0]].target == "Title"
    assert units[ids[0]].state == "signed-off"
    assert Note("translator", "checked with the client") in units[ids[0]].notes
    assert units[ids[1]].target == "First sentence." and units[ids[1]].state == "translated"
    assert [a.target for a in units[ids[1]].alts] == ["First sentence draft."]
    assert units[ids[2]].target == "Second."
    assert units["sdeadbeef00"].target == "A deleted sentence."  # nothing lost
    forced, report = xliff.merge(path.read_bytes(), incoming, segments, "r.zh.md", force=True)
    assert {u.id: u for u in xliff.units_of(xliff.parse(forced))}[ids[0]].target == "A worse title"


def test_import_matches_unknown_ids_by_source_and_warns(tmp_path):
    """Defect: the PO route (xliff2po/po2xliff) lost the ids and nothing said so."""
    doc, ids, path = _file_with_work(tmp_path)
    segments = {s.id: s for s in doc.segments()}
    incoming = _returned(doc, {ids[2]: "Second."}, ids=False)
    data, report = xliff.merge(path.read_bytes(), incoming, segments, "r.zh.md")
    assert report.by_source == 4 and report.by_id == 0 and report.few_ids
    assert {u.id: u for u in xliff.units_of(xliff.parse(data))}[ids[2]].target == "Second."


def test_import_keeps_orphans_and_changed_sources_aside(tmp_path):
    doc, ids, path = _file_with_work(tmp_path)
    segments = {s.id: s for s in doc.segments()}
    store = xliff.new_store("r.zh.md")
    xliff.set_target(
        xliff.add_unit(store, "sfeedface00", "不存在的句子。"), "Nowhere.", "translated"
    )
    xliff.set_target(xliff.add_unit(store, ids[2], "改过的第二句。"), "Changed.", "translated")
    data, report = xliff.merge(path.read_bytes(), bytes(store), segments, "r.zh.md")
    assert [u.id for u in report.orphans] == ["sfeedface00"]
    assert [u.id for u in report.changed] == [ids[2]]
    units = {u.id: u for u in xliff.units_of(xliff.parse(data))}
    assert "sfeedface00" not in units and units[ids[2]].target == ""


def test_copy_of_source_is_not_a_translation(tmp_path):
    doc, ids, path = _file_with_work(tmp_path)
    segments = {s.id: s for s in doc.segments()}
    incoming = _returned(doc, {s.id: s.zh for s in doc.segments()}, state="")
    _, report = xliff.merge(path.read_bytes(), incoming, segments, "r.zh.md")
    assert report.untranslated == 4 and not report.applied


def test_save_keeps_the_files_mode(tmp_path):
    doc, ids, path = _file_with_work(tmp_path)
    os.chmod(path, 0o640)
    xliff.save(path.read_bytes(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_broken_xliff_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.xlf"
    path.write_text("<xliff><file>", encoding="utf-8")
    with pytest.raises(TranslationStoreError, match="not a readable XLIFF"):
        xliff.load(path)


def test_import_copies_translator_notes_not_our_own(tmp_path):
    doc, ids, path = _file_with_work(tmp_path)
    segments = {s.id: s for s in doc.segments()}
    store = xliff.new_store("r.zh.md")
    u = xliff.add_unit(store, ids[2], "第二句。")
    xliff.set_target(u, "Second.", "translated")
    xliff.add_note(u, "glossary: 第二 = second", "glossary")
    xliff.add_note(u, "checked the figure", "translator")
    data, _ = xliff.merge(path.read_bytes(), bytes(store), segments, "r.zh.md")
    merged = {x.id: x for x in xliff.units_of(xliff.parse(data))}[ids[2]]
    assert merged.notes == (Note("translator", "checked the figure"),)


def test_import_of_a_changed_sentence_takes_the_current_source(tmp_path):
    """A unit whose source is stale, translated anew against the current sentence: the merge
    writes the current source too, so the unit is no longer stale; the old English is kept."""
    doc = _doc()
    seg = next(doc.segments())
    store = xliff.new_store("r.zh.md")
    old = xliff.add_unit(store, seg.id, "旧的标题")
    xliff.set_target(old, "Old title", "final")
    incoming = xliff.new_store("r.zh.md")
    xliff.set_target(xliff.add_unit(incoming, seg.id, seg.zh), "New title", "final")
    data, report = xliff.merge(bytes(store), bytes(incoming), {seg.id: seg}, "r.zh.md")
    unit = {u.id: u for u in xliff.units_of(xliff.parse(data))}[seg.id]
    assert (unit.source, unit.target, report.applied) == (seg.zh, "New title", [seg.id])
    assert [(a.source, a.target) for a in unit.alts] == [("旧的标题", "Old title")]
