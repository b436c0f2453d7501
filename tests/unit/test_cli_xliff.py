"""The translators' round trip on the command line: export, import, status, tm export."""

import shutil
from pathlib import Path

from publisher.cli import main
from publisher.stores import xliff

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"


def _project(tmp_path):
    shutil.copy(SEEDS / "zhuzhou-2020.zh.md", tmp_path / "r.zh.md")
    shutil.copy(SEEDS / "zhuzhou-2020.en.xlf", tmp_path / "r.en.xlf")
    return tmp_path / "r.zh.md", tmp_path / "r.en.xlf"


def _edit_one_paragraph(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    old = "这5年,奋进的株洲栉风沐雨,砥砺前行。"
    assert old in text
    source.write_text(text.replace(old, "这5年,奋进的株洲栉风沐雨,砥砺前行,成绩斐然。"), "utf-8")


def test_legacy_xliff_command_never_overwrites_the_translators_file(tmp_path, capsys):
    """Defect: `publisher xliff SOURCE` rewrote the approved file in place."""
    source, own = _project(tmp_path)
    before = own.read_bytes()
    assert main(["xliff", str(source), "--glossary", str(GLOSSARY)]) == 5
    assert own.read_bytes() == before
    assert "publisher xliff import" in capsys.readouterr().err
    own.unlink()
    assert main(["xliff", str(source), "--glossary", str(GLOSSARY)]) == 0
    assert len(xliff.load(own).units) == 96


def test_export_refuses_the_translation_file_without_in_place(tmp_path):
    source, own = _project(tmp_path)
    assert main(["xliff", "export", str(source), "-o", str(own)]) != 0


def test_export_merge_export_loses_nothing(tmp_path, capsys):
    source, own = _project(tmp_path)
    first = tmp_path / "first.xlf"
    assert (
        main(["xliff", "export", str(source), "-o", str(first), "--glossary", str(GLOSSARY)]) == 0
    )
    assert main(["xliff", "import", str(first), "--source", str(source)]) == 0
    second = tmp_path / "second.xlf"
    assert (
        main(["xliff", "export", str(source), "-o", str(second), "--glossary", str(GLOSSARY)]) == 0
    )
    a, b = xliff.counts(first.read_bytes()), xliff.counts(second.read_bytes())
    assert (a.units, a.targets, a.notes) == (b.units, b.targets, b.notes)
    assert b.units == 96 and b.targets == 96


def test_edited_paragraph_is_reviewed_from_its_previous_translation(tmp_path, capsys):
    """Defect: an edited sentence left an orphan still approved, linked to nothing."""
    source, own = _project(tmp_path)
    _edit_one_paragraph(source)
    assert main(["status", str(source)]) == 0
    out = capsys.readouterr().out
    assert "orphans: 1" in out and "needs work: 1 segment" in out
    assert "(line 11, new, 85-94%)" in out
    export = tmp_path / "todo.xlf"
    assert main(["xliff", "export", str(source), "-o", str(export), "--todo"]) == 0
    (unit,) = xliff.units_of(xliff.parse(export.read_bytes()))
    assert unit.state == "needs-review-translation"
    assert unit.target.startswith("Over these five years")
    assert unit.alts and unit.alts[0].origin == "previous"
    # the translator fixes it and confirms: translated is accepted by the build
    store = xliff.parse(export.read_bytes())
    u = next(iter(xliff.index(store).values()))
    xliff.set_target(u, unit.target + " Results were remarkable.", "translated")
    export.write_bytes(bytes(store))
    assert main(["xliff", "import", str(export), "--source", str(source)]) == 0
    assert main(["status", str(source)]) == 0
    assert "needs work: 0 segment" in capsys.readouterr().out


def test_tm_export_writes_every_approved_pair(tmp_path, capsys):
    source, own = _project(tmp_path)
    out = tmp_path / "tm.tmx"
    assert main(["tm", "export", str(tmp_path), "-o", str(out)]) == 0
    from translate.storage import tmx

    assert len(tmx.tmxfile.parsestring(out.read_bytes()).units) == 93


def test_import_refuses_entity_expansion(tmp_path, capsys):
    source, own = _project(tmp_path)
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
        '<xliff version="1.2"><file original="r.zh.md"><body/></file></xliff>',
        encoding="utf-8",
    )
    before = own.read_bytes()
    assert main(["xliff", "import", str(bomb), "--source", str(source)]) == 5
    assert own.read_bytes() == before


def test_orphans_and_changed_sentences_in_qa_summary_and_report(tmp_path, capsys):
    """Defect: build and QA never mentioned orphans or the translation they held."""
    import json

    source, own = _project(tmp_path)
    _edit_one_paragraph(source)
    out = tmp_path / "out"
    main(["qa", str(source), "--no-mt", "--out", str(out), "--glossary", str(GLOSSARY)])
    summary = capsys.readouterr().out
    assert "1 translated unit(s) match no segment" in summary
    assert "1 changed sentence(s) have an earlier translation" in summary
    data = json.loads((out / "r.qa.json").read_text(encoding="utf-8"))
    assert len(data["orphans"]) == 1 and data["previous"][0]["score"] == 88
    html = (out / "r.qa.html").read_text(encoding="utf-8")
    assert "Orphans: translated units no segment has any more (1)" in html
    assert data["orphans"][0]["en"][:30] in html


def test_translated_units_are_accepted_by_the_build_and_a_failure_names_changes(tmp_path, capsys):
    """Defect: units in state translated were ignored ("Add them to …" though they were there);
    a failing build never said that a sentence had changed or that units were orphaned."""
    from dataclasses import replace

    from publisher.config import BuildConfig
    from publisher.document import Provenance
    from publisher.errors import MissingTranslationError
    from publisher.pipeline import prepare, refuse_gaps

    source, own = _project(tmp_path)
    own.write_text(
        own.read_text("utf-8")
        .replace('state="final"', 'state="translated"')
        .replace(' approved="yes"', ""),
        "utf-8",
    )
    config = BuildConfig(source=source, glossary_dir=GLOSSARY, machine=False)
    assert set(prepare(config).doc.provenance()) == {Provenance.APPROVED}
    strict = replace(config, accepted=("final", "signed-off"))
    assert set(prepare(strict).doc.provenance()) == {Provenance.MISSING}
    _edit_one_paragraph(source)
    doc = prepare(config).doc
    try:
        refuse_gaps(doc, config)
    except MissingTranslationError as exc:
        message = str(exc)
    assert "1 of them changed in the source" in message
    assert "1 translated unit(s)" in message and "orphans" in message


def test_import_waits_for_another_writer_and_never_overwrites_it(tmp_path, capsys, monkeypatch):
    """The desk or a second import holding the translation file: this one stops, changing
    nothing (the wait shortened from 30 s for the test)."""
    from publisher import files

    source, own = _project(tmp_path)
    returned = tmp_path / "returned.xlf"
    assert main(["xliff", "export", str(source), "-o", str(returned)]) == 0
    before = own.read_bytes()
    monkeypatch.setattr(files.locked.__wrapped__, "__defaults__", (0.3,))
    with files.locked(own):
        assert main(["xliff", "import", str(returned), "--source", str(source)]) == 10
    assert "being written by another publisher process" in capsys.readouterr().err
    assert own.read_bytes() == before
