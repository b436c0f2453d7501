from dataclasses import replace

import pytest

from publisher.document import Provenance
from publisher.errors import TranslationStoreError
from publisher.read import markdown
from publisher.segment import segment
from publisher.stores import xliff
from publisher.translate.approved import Approved

APPROVED, MISSING = Provenance.APPROVED, Provenance.MISSING
SOURCE = "# 标题\n\n第一句。第二句。\n\n第一句。\n"


def _doc():
    return segment(markdown.parse(SOURCE))


def test_xliff_round_trip(tmp_path):
    doc = _doc().map_segments(lambda s: replace(s, en=f"English for {s.id}", provenance=APPROVED))
    path = tmp_path / "r.en.xlf"
    xliff.write(doc, path, source_name="r.zh.md")
    xml = path.read_text(encoding="utf-8")
    assert 'version="1.2"' in xml and "urn:oasis:names:tc:xliff:document:1.2" in xml
    assert xml.count('state="final"') == 4
    loaded = xliff.load(path)
    assert set(loaded.units) == {s.id for s in doc.segments()}
    back = Approved(loaded).fill(_doc())
    assert [s.en for s in back.segments()] == [s.en for s in doc.segments()]
    assert all(s.provenance == APPROVED for s in back.segments())


def test_unit_whose_source_changed_is_not_used(tmp_path):
    doc = _doc().map_segments(lambda s: replace(s, en="Old English", provenance=APPROVED))
    path = tmp_path / "r.en.xlf"
    xliff.write(doc, path)
    first = next(doc.segments())
    xml = path.read_text(encoding="utf-8").replace(
        f"<source>{first.zh}</source>", "<source>别的句子</source>"
    )
    path.write_text(xml, encoding="utf-8")
    loaded = xliff.load(path)
    back = Approved(loaded).fill(_doc())
    assert next(back.segments()).provenance == MISSING
    assert [u.id for u in loaded.stale(back)] == [first.id]


def test_unapproved_units_are_not_used_and_unknown_units_are_kept(tmp_path):
    doc = _doc()
    path = tmp_path / "r.en.xlf"
    xliff.write(doc, path)  # no English yet: state new
    loaded = xliff.load(path)
    assert all(not u.approved for u in loaded.units.values())
    assert all(s.provenance == MISSING for s in Approved(loaded).fill(doc).segments())
    shorter = segment(markdown.parse("# 标题\n"))
    xliff.write(shorter, path, previous=loaded)
    assert set(xliff.load(path).units) == set(loaded.units)


def test_broken_xliff_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.xlf"
    path.write_text("<xliff><file>", encoding="utf-8")
    with pytest.raises(TranslationStoreError, match="not a readable XLIFF"):
        xliff.load(path)
